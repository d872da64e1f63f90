package session

import (
	"context"
	"errors"
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

// Both ends send at once: SUBMITs one way, DELIVERs the other. Both number
// their requests from 1, so the Sequence_Ids overlap between directions;
// every request still gets its own response.
func TestBothDirectionsAtOnce(t *testing.T) {
	conns := make(chan *Conn, 1)
	addr := startServer(t, &Server{
		Config: Config{Secret: testSecret, Handler: HandlerFunc(answerSubmit)},
		OnConn: func(c *Conn) { conns <- c },
	})
	cfg := clientConfig()
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		d := r.Packet.(*cmpp.Deliver)
		w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID + 1})
	})
	c, err := Dial(context.Background(), addr, cfg)
	require.NoError(t, err)
	defer c.Close()
	gw := <-conns
	const n = 300
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		wg.Go(func() {
			resp, err := c.Submit(context.Background(), submit(i))
			if err == nil && resp.Result != 0 {
				err = errors.New("SUBMIT_RESP Result " + resp.Result.String())
			}
			errs <- err
		})
		wg.Go(func() {
			resp, err := gw.Deliver(context.Background(), &cmpp.Deliver{MsgID: cmpp.MsgID(1000 * i)})
			if err == nil && resp.MsgID != cmpp.MsgID(1000*i+1) {
				err = errors.New("DELIVER_RESP for another DELIVER")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.Zero(t, c.Stats().LateResponses)
	require.Zero(t, gw.Stats().LateResponses)
	require.EqualValues(t, 2*n, c.Stats().Sent)
	require.EqualValues(t, 2*n, gw.Stats().Received)
}
