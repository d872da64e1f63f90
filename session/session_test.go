package session

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-cmpp/cmpp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	testSP     = "901234"
	testSecret = "secret"
)

// gateway answers every SUBMIT with Result 0 and a Msg_Id made from the
// Sequence_Id, and counts them.
type gateway struct {
	mu      sync.Mutex
	submits int
}

func (g *gateway) ServeCMPP(w ResponseWriter, r *Request) {
	switch p := r.Packet.(type) {
	case *cmpp.Submit:
		g.mu.Lock()
		g.submits++
		g.mu.Unlock()
		w.Respond(&cmpp.SubmitResp{MsgID: cmpp.MsgID(r.Header.SequenceID), Result: 0})
	case *cmpp.Deliver:
		w.Respond(&cmpp.DeliverResp{MsgID: p.MsgID})
	default:
		w.Respond(cmpp.NewPacket(r.Header.CommandID.Response()))
	}
}

// startServer runs srv on a loopback port and shuts it down at the end of
// the test.
func startServer(t testing.TB, srv *Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, srv.Shutdown(ctx))
		require.ErrorIs(t, <-served, ErrServerClosed)
	})
	return l.Addr().String()
}

func clientConfig() Config {
	return Config{SourceAddr: testSP, Secret: testSecret, Timeout: 2 * time.Second, CloseTimeout: 200 * time.Millisecond}
}

func TestLoginSubmitClose(t *testing.T) {
	g := &gateway{}
	srvConns := make(chan *Conn, 1)
	addr := startServer(t, &Server{
		Config: Config{Secret: testSecret, Handler: g},
		OnConn: func(c *Conn) { srvConns <- c },
	})
	ctx := context.Background()
	c, err := Dial(ctx, addr, clientConfig())
	require.NoError(t, err)
	require.Equal(t, cmpp.Version30, c.Version())

	sc := <-srvConns
	require.Equal(t, testSP, sc.SourceAddr())

	for i := range 5 {
		resp, err := c.Submit(ctx, &cmpp.Submit{PkTotal: 1, PkNumber: 1, MsgContent: []byte("hi"),
			DestTerminalIDs: [][]byte{[]byte("13800138000")}})
		require.NoError(t, err)
		require.EqualValues(t, i+2, resp.MsgID) // CONNECT took Sequence_Id 1
		require.EqualValues(t, 0, resp.Result)
	}
	st := c.Stats()
	require.EqualValues(t, 5, st.Sent)
	require.EqualValues(t, 5, st.Received)
	require.Zero(t, st.InFlight)

	require.NoError(t, c.Close())
	<-sc.Done()
	require.ErrorIs(t, sc.Err(), ErrTerminated)
	require.ErrorIs(t, c.Err(), ErrClosed)
	_, err = c.Submit(ctx, &cmpp.Submit{})
	require.ErrorIs(t, err, ErrClosed)
	require.NoError(t, sc.Close())
}
