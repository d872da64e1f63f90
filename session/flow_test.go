package session

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/go-cmpp/cmpp"
)

// Config.Limiter paces the requests: 5 SUBMITs at one per 20 ms take at
// least 80 ms, and the peer sees them that far apart.
func TestRateLimit(t *testing.T) {
	addr := startServer(t, &Server{Config: Config{Secret: testSecret, Handler: &gateway{}}})
	cfg := clientConfig()
	cfg.Limiter = rate.NewLimiter(rate.Every(20*time.Millisecond), 1)
	c, err := Dial(context.Background(), addr, cfg)
	require.NoError(t, err)
	defer c.Close()
	start := time.Now()
	for i := range 5 {
		_, err := c.Submit(context.Background(), submit(i))
		require.NoError(t, err)
	}
	require.GreaterOrEqual(t, time.Since(start), 75*time.Millisecond)

	// The limiter's wait is bounded by ctx as well.
	cfg.Limiter.SetLimit(rate.Every(time.Hour))
	cfg.Limiter.Allow() // empty the bucket
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = c.Submit(ctx, submit(0))
	require.Error(t, err)
}

// A Result 8 (flow control) pauses new sends for FlowControlBackoff,
// doubling while Result 8 keeps coming; a success resets it.
func TestFlowControlBackoff(t *testing.T) {
	cfg := clientConfig()
	cfg.FlowControlBackoff = 60 * time.Millisecond
	c, r := dialRaw(t, cfg)
	answer := func(result uint32) (time.Time, *cmpp.SubmitResp) {
		out := submitAsync(context.Background(), c, 1)
		h, _ := r.read()
		at := time.Now()
		r.write(h.SequenceID, &cmpp.SubmitResp{Result: cmpp.SubmitResult(result)})
		o := <-out
		require.NoError(t, o.err)
		return at, o.resp
	}
	t0, resp := answer(cmpp.ResultFlowControl)
	require.EqualValues(t, cmpp.ResultFlowControl, resp.Result)
	t1, _ := answer(cmpp.ResultFlowControl)
	require.GreaterOrEqual(t, t1.Sub(t0), 55*time.Millisecond, "first pause: the base")
	t2, _ := answer(cmpp.ResultSuccess)
	require.GreaterOrEqual(t, t2.Sub(t1), 115*time.Millisecond, "second Result 8 in a row: doubled")
	t3, _ := answer(cmpp.ResultSuccess)
	require.Less(t, t3.Sub(t2), 50*time.Millisecond, "a success ends the back-off")
	require.EqualValues(t, 2, c.Stats().FlowControl)

	// The pause is bounded by ctx.
	answer(cmpp.ResultFlowControl)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := c.Submit(ctx, submit(0))
	require.ErrorIs(t, err, context.DeadlineExceeded)
}
