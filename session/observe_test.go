package session

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
)

// recorder is a slog.Handler that keeps the messages it is given.
type recorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, rec.Message)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }
func (r *recorder) has(msg string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.msgs {
		if m == msg {
			return true
		}
	}
	return false
}

// The Logger hears the login, resends, late responses and the end; the
// counters add up.
func TestLoggerAndStats(t *testing.T) {
	rec := &recorder{}
	cfg := clientConfig()
	cfg.Logger = slog.New(rec)
	cfg.Timeout = 40 * time.Millisecond
	cfg.Attempts = 2
	c, r := dialRaw(t, cfg)
	out := submitAsync(context.Background(), c, 1)
	h, _ := r.read()
	r.read() // the resend
	require.Equal(t, 1, c.Stats().InFlight)
	require.ErrorIs(t, (<-out).err, ErrTimeout)
	r.write(h.SequenceID, &cmpp.SubmitResp{})
	r.write(50, &cmpp.ActiveTest{})
	r.read()
	require.Eventually(t, func() bool { return c.Stats().LateResponses == 1 }, 5*time.Second, time.Millisecond)
	require.Equal(t, Stats{Sent: 3, Received: 2, Timeouts: 1, Resends: 1, LateResponses: 1}, c.Stats())
	r.nc.Close()
	<-c.Done()
	for _, m := range []string{"logged in", "resend", "request timed out", "late response dropped", "connection ended"} {
		require.True(t, rec.has(m), "no %q logged", m)
	}
}
