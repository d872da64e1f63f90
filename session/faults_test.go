package session

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
)

// submitAsync starts n Submits and returns their errors (and responses) on
// a channel, each tagged with its index.
type outcome struct {
	i    int
	resp *cmpp.SubmitResp
	err  error
	took time.Duration
}

func submitAsync(ctx context.Context, c *Conn, n int) <-chan outcome {
	out := make(chan outcome, n)
	for i := range n {
		go func() {
			start := time.Now()
			resp, err := c.Submit(ctx, submit(i))
			out <- outcome{i, resp, err, time.Since(start)}
		}()
	}
	return out
}

// The peer resets the connection with W requests in flight: every caller
// gets the connection's error at once, long before T.
func TestPeerResetWithWindowInFlight(t *testing.T) {
	cfg := clientConfig()
	cfg.Timeout = time.Minute
	c, r := dialRaw(t, cfg)
	out := submitAsync(context.Background(), c, DefaultWindow)
	for range DefaultWindow {
		h, _ := r.read()
		require.Equal(t, cmpp.CmdSubmit, h.CommandID)
	}
	require.Equal(t, DefaultWindow, c.Stats().InFlight)
	r.reset()
	for range DefaultWindow {
		o := <-out
		require.ErrorIs(t, o.err, ErrClosed)
		require.Nil(t, o.resp)
		require.Less(t, o.took, 10*time.Second)
	}
	<-c.Done()
	require.Zero(t, c.Stats().InFlight)
}

// A header announcing more than MaxPacketLen (or less than a header) ends
// the connection with the codec's Total_Length error, before any body is
// awaited; requests in flight get it too. Unknown commands end it as well.
func TestPeerSendsGarbage(t *testing.T) {
	for _, tc := range []struct {
		name string
		pdu  []byte
		want error
	}{
		{"over-long Total_Length", []byte{0xff, 0xff, 0xff, 0xff, 0x80, 0, 0, 4, 0, 0, 0, 2}, cmpp.ErrTotalLength},
		{"Total_Length below the header", []byte{0, 0, 0, 5, 0x80, 0, 0, 4, 0, 0, 0, 2}, cmpp.ErrTotalLength},
		{"unknown Command_Id", []byte{0, 0, 0, 12, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 9}, cmpp.ErrUnknownCommand},
		{"SUBMIT_RESP body cut short", []byte{0, 0, 0, 16, 0x80, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 1}, cmpp.ErrTruncated},
		{"CONNECT after login", connectPDU(t), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, r := dialRaw(t, clientConfig())
			out := submitAsync(context.Background(), c, 1)
			r.read()
			r.writeRaw(tc.pdu)
			o := <-out
			require.ErrorIs(t, o.err, ErrClosed)
			<-c.Done()
			if tc.want != nil {
				require.ErrorIs(t, c.Err(), tc.want)
				var de *cmpp.DecodeError
				require.ErrorAs(t, c.Err(), &de)
			}
			// The connection is closed: the peer reads EOF.
			_, _, err := r.tryRead(5 * time.Second)
			require.Error(t, err)
		})
	}
}

func connectPDU(t testing.TB) []byte {
	b, err := cmpp.Append(nil, 7, cmpp.NewConnect(testSP, testSecret, time.Now()))
	require.NoError(t, err)
	return b
}

// A response of the wrong type for the Sequence_Id awaiting one ends the
// connection: both ends number from 1, so a mix-up is a broken peer.
func TestWrongResponseType(t *testing.T) {
	c, r := dialRaw(t, clientConfig())
	out := submitAsync(context.Background(), c, 1)
	h, _ := r.read()
	r.write(h.SequenceID, &cmpp.DeliverResp{})
	o := <-out
	require.ErrorIs(t, o.err, ErrClosed)
	require.ErrorContains(t, o.err, "CMPP_DELIVER_RESP")
}

// A peer that never answers: N sends with the same Sequence_Id, T apart,
// then a *TimeoutError; the window slot is free again.
func TestPeerNeverAnswers(t *testing.T) {
	cfg := clientConfig()
	cfg.Timeout = 50 * time.Millisecond
	cfg.Window = 1
	c, r := dialRaw(t, cfg)
	out := submitAsync(context.Background(), c, 1)
	var seqs []uint32
	var at []time.Time
	for range DefaultAttempts {
		h, p := r.read()
		require.Equal(t, cmpp.CmdSubmit, h.CommandID)
		require.Equal(t, []byte{0}, p.(*cmpp.Submit).MsgContent)
		seqs = append(seqs, h.SequenceID)
		at = append(at, time.Now())
	}
	o := <-out
	var te *TimeoutError
	require.ErrorAs(t, o.err, &te)
	require.ErrorIs(t, o.err, ErrTimeout)
	require.Equal(t, DefaultAttempts, te.Attempts)
	require.Equal(t, []uint32{seqs[0], seqs[0], seqs[0]}, seqs, "a resend keeps its Sequence_Id")
	require.GreaterOrEqual(t, at[2].Sub(at[0]), 2*cfg.Timeout-10*time.Millisecond)
	st := c.Stats()
	require.EqualValues(t, 2, st.Resends)
	require.EqualValues(t, 1, st.Timeouts)
	require.Zero(t, st.InFlight)

	// The window slot was released: the next request goes out.
	out = submitAsync(context.Background(), c, 1)
	h, _ := r.read()
	require.NotEqual(t, seqs[0], h.SequenceID)
	r.write(h.SequenceID, &cmpp.SubmitResp{MsgID: 1})
	require.NoError(t, (<-out).err)
	// The late answer to the timed-out request is dropped and counted.
	r.write(seqs[0], &cmpp.SubmitResp{MsgID: 2})
	require.Eventually(t, func() bool { return c.Stats().LateResponses == 1 }, 5*time.Second, time.Millisecond)
}

// Attempts = 1: at most once, no resend.
func TestAtMostOnce(t *testing.T) {
	cfg := clientConfig()
	cfg.Timeout = 30 * time.Millisecond
	cfg.Attempts = 1
	c, r := dialRaw(t, cfg)
	_, err := c.Submit(context.Background(), submit(0))
	require.ErrorIs(t, err, ErrTimeout)
	r.read()
	_, _, err = r.tryRead(100 * time.Millisecond)
	require.Error(t, err, "no resend with Attempts = 1")
	require.Zero(t, c.Stats().Resends)
}

// A resend answered with Result 3 is reported as a duplicate of an
// earlier send that arrived, not as a fresh failure.
func TestResendAnsweredDuplicate(t *testing.T) {
	cfg := clientConfig()
	cfg.Timeout = 50 * time.Millisecond
	c, r := dialRaw(t, cfg)
	out := submitAsync(context.Background(), c, 1)
	h1, _ := r.read()
	h2, _ := r.read() // the resend
	require.Equal(t, h1.SequenceID, h2.SequenceID)
	r.write(h2.SequenceID, &cmpp.SubmitResp{MsgID: 5, Result: cmpp.ResultDuplicateSequence})
	o := <-out
	require.ErrorIs(t, o.err, ErrDuplicate)
	require.NotNil(t, o.resp)
	require.EqualValues(t, cmpp.ResultDuplicateSequence, o.resp.Result)

	// A Result 3 to a first send is just a response.
	out = submitAsync(context.Background(), c, 1)
	h, _ := r.read()
	r.write(h.SequenceID, &cmpp.SubmitResp{Result: cmpp.ResultDuplicateSequence})
	o = <-out
	require.NoError(t, o.err)
	require.EqualValues(t, cmpp.ResultDuplicateSequence, o.resp.Result)
}

// Responses out of order reach their own callers; a second answer to the
// same request is dropped and counted.
func TestAnswersOutOfOrderAndTwice(t *testing.T) {
	c, r := dialRaw(t, clientConfig())
	const n = 8
	out := submitAsync(context.Background(), c, n)
	seqOf := map[byte]uint32{} // MsgContent (the caller's index) → Sequence_Id
	var seqs []uint32
	for range n {
		h, p := r.read()
		seqOf[p.(*cmpp.Submit).MsgContent[0]] = h.SequenceID
		seqs = append(seqs, h.SequenceID)
	}
	for i := len(seqs) - 1; i >= 0; i-- {
		r.write(seqs[i], &cmpp.SubmitResp{MsgID: cmpp.MsgID(seqs[i]) * 100})
	}
	r.write(seqs[0], &cmpp.SubmitResp{MsgID: 1})
	for range n {
		o := <-out
		require.NoError(t, o.err)
		require.EqualValues(t, seqOf[byte(o.i)]*100, o.resp.MsgID, "caller %d got another's response", o.i)
	}
	require.Eventually(t, func() bool { return c.Stats().LateResponses == 1 }, 5*time.Second, time.Millisecond)
}

// ctx ends while waiting for a window slot: the request never reaches the
// wire. ctx ends while in flight: ctx's error at once, but the peer still
// counts the request as outstanding, so its window slot stays taken until
// the response comes (dropped and counted) or T after its send.
func TestContextCancelled(t *testing.T) {
	cfg := clientConfig()
	cfg.Window = 1
	cfg.Timeout = time.Minute
	c, r := dialRaw(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	first := submitAsync(ctx, c, 1)
	h, _ := r.read()

	waitCtx, waitCancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer waitCancel()
	_, err := c.Submit(waitCtx, submit(1))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	_, _, err = r.tryRead(50 * time.Millisecond)
	require.Error(t, err, "a request that waited for a slot must not be sent")

	cancel()
	o := <-first
	require.ErrorIs(t, o.err, context.Canceled)
	require.Equal(t, 1, c.Stats().InFlight, "the peer has not answered it yet")
	out := submitAsync(context.Background(), c, 1)
	_, _, err = r.tryRead(100 * time.Millisecond)
	require.Error(t, err, "a second request while the first is unanswered exceeds W = 1")
	r.write(h.SequenceID, &cmpp.SubmitResp{})

	// The answer frees the slot: the waiting request goes out.
	h, _ = r.read()
	require.Equal(t, cmpp.CmdSubmit, h.CommandID)
	require.EqualValues(t, 1, c.Stats().LateResponses)
	r.write(h.SequenceID, &cmpp.SubmitResp{MsgID: 9})
	o = <-out
	require.NoError(t, o.err)
	require.EqualValues(t, 9, o.resp.MsgID)
	require.Zero(t, c.Stats().InFlight)
}

// A request abandoned in flight and never answered holds its slot for the
// rest of its T, then frees it; it is not resent.
func TestContextCancelledUnanswered(t *testing.T) {
	cfg := clientConfig()
	cfg.Window = 1
	cfg.Timeout = 300 * time.Millisecond
	c, r := dialRaw(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now() // before the send, so T after it is T after start at least
	first := submitAsync(ctx, c, 1)
	h1, _ := r.read()
	cancel()
	require.ErrorIs(t, (<-first).err, context.Canceled)
	out := submitAsync(context.Background(), c, 1)
	h2, _ := r.read()
	require.GreaterOrEqual(t, time.Since(start), cfg.Timeout, "the slot came back before T")
	require.NotEqual(t, h1.SequenceID, h2.SequenceID, "the abandoned request is not resent")
	r.write(h2.SequenceID, &cmpp.SubmitResp{})
	require.NoError(t, (<-out).err)
	r.write(h1.SequenceID, &cmpp.SubmitResp{}) // too late even for its slot
	require.Eventually(t, func() bool { return c.Stats().LateResponses == 1 }, 5*time.Second, time.Millisecond)
	require.Zero(t, c.Stats().InFlight)
}

// Many goroutines submit; the peer, answering after random short delays,
// never sees more than W outstanding, and does see W.
func TestWindowNeverExceeded(t *testing.T) {
	cfg := clientConfig()
	cfg.Window = 8
	cfg.Timeout = time.Minute // no resend: each SUBMIT read is a new request
	c, r := dialRaw(t, cfg)
	const callers, each = 40, 10
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range callers {
		wg.Go(func() {
			for i := range each {
				if _, err := c.Submit(context.Background(), submit(i)); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	var outstanding []uint32
	maxSeen := 0
	for answered := 0; answered < callers*each; {
		// Read whatever arrives within a short while, then answer some.
		for {
			h, _, err := r.tryRead(2 * time.Millisecond)
			if err != nil {
				break
			}
			require.Equal(t, cmpp.CmdSubmit, h.CommandID)
			outstanding = append(outstanding, h.SequenceID)
			maxSeen = max(maxSeen, len(outstanding))
			require.LessOrEqual(t, len(outstanding), cfg.Window, "window exceeded")
		}
		k := min(len(outstanding), 1+answered%3)
		for _, seq := range outstanding[:k] {
			r.write(seq, &cmpp.SubmitResp{})
		}
		outstanding = outstanding[k:]
		answered += k
	}
	wg.Wait()
	require.Zero(t, failed.Load())
	require.Equal(t, cfg.Window, maxSeen)
}

// Close during heavy sending: every caller ends (a response or ErrClosed),
// TERMINATE is the last PDU the peer reads, and nothing hangs.
func TestCloseDuringHeavySending(t *testing.T) {
	cfg := clientConfig()
	cfg.CloseTimeout = 200 * time.Millisecond
	c, r := dialRaw(t, cfg)
	var wg sync.WaitGroup
	var ok, closedErrs atomic.Int32
	for range 20 {
		wg.Go(func() {
			for i := 0; ; i++ {
				_, err := c.Submit(context.Background(), submit(i))
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, ErrClosed):
					closedErrs.Add(1)
					return
				default:
					t.Errorf("Submit: %v", err)
					return
				}
			}
		})
	}
	peerDone := make(chan error, 1)
	go func() { // a peer that answers every SUBMIT until TERMINATE
		for {
			h, _, err := r.tryRead(5 * time.Second)
			if err != nil {
				peerDone <- err
				return
			}
			switch h.CommandID {
			case cmpp.CmdSubmit:
				b, _ := cmpp.Append(nil, h.SequenceID, &cmpp.SubmitResp{})
				r.nc.Write(b)
			case cmpp.CmdTerminate:
				b, _ := cmpp.Append(nil, h.SequenceID, &cmpp.TerminateResp{})
				r.nc.Write(b)
				// Nothing may follow the TERMINATE: the next read is EOF.
				_, _, err := r.tryRead(5 * time.Second)
				peerDone <- err
				return
			default:
				peerDone <- errors.New("unexpected " + h.CommandID.String())
				return
			}
		}
	}()
	require.Eventually(t, func() bool { return ok.Load() > 200 }, 10*time.Second, time.Millisecond)
	require.NoError(t, c.Close())
	wg.Wait()
	require.ErrorContains(t, <-peerDone, "EOF")
	require.EqualValues(t, 20, closedErrs.Load())
	require.ErrorIs(t, c.Err(), ErrClosed)
}

// Shutdown with live connections: each client sees the gateway's
// TERMINATE, and Serve returns ErrServerClosed (checked by startServer).
func TestShutdownWithLiveConnections(t *testing.T) {
	g := &gateway{}
	srv := &Server{Config: Config{Secret: testSecret, Handler: g}}
	l := listen(t)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	var clients []*Conn
	for range 3 {
		c, err := Dial(context.Background(), l.Addr().String(), clientConfig())
		require.NoError(t, err)
		clients = append(clients, c)
		_, err = c.Submit(context.Background(), submit(0))
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool { return len(srv.Conns()) == 3 }, 5*time.Second, time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx))
	require.ErrorIs(t, <-served, ErrServerClosed)
	for _, c := range clients {
		<-c.Done()
		require.ErrorIs(t, c.Err(), ErrTerminated)
		require.NoError(t, c.Close())
	}
	require.Empty(t, srv.Conns())
	// A new Serve after Shutdown is refused.
	require.ErrorIs(t, srv.Serve(listen(t)), ErrServerClosed)
}

// Shutdown whose ctx ends first (a client that never answers TERMINATE)
// closes what is left at once and returns ctx's error.
func TestShutdownDeadline(t *testing.T) {
	srv := &Server{Config: Config{Secret: testSecret, Timeout: time.Minute}}
	l := listen(t)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	r := loginRaw(t, l.Addr().String(), cmpp.Version30, testSecret)
	require.Eventually(t, func() bool { return len(srv.Conns()) == 1 }, 5*time.Second, time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	require.ErrorIs(t, srv.Shutdown(ctx), context.DeadlineExceeded)
	require.Less(t, time.Since(start), 5*time.Second)
	require.ErrorIs(t, <-served, ErrServerClosed)
	h, _ := r.read()
	require.Equal(t, cmpp.CmdTerminate, h.CommandID)
}

// Keep-alive: after C of silence an ACTIVE_TEST with a new Sequence_Id
// each time; N unanswered in a row close the connection.
func TestKeepAliveUnanswered(t *testing.T) {
	cfg := clientConfig()
	cfg.KeepAlive = 50 * time.Millisecond
	cfg.Timeout = 50 * time.Millisecond
	cfg.Attempts = 2
	c, r := dialRaw(t, cfg)
	start := time.Now()
	h1, _ := r.read()
	h2, _ := r.read()
	require.Equal(t, cmpp.CmdActiveTest, h1.CommandID)
	require.Equal(t, cmpp.CmdActiveTest, h2.CommandID)
	require.NotEqual(t, h1.SequenceID, h2.SequenceID)
	<-c.Done()
	require.ErrorIs(t, c.Err(), ErrKeepAlive)
	require.GreaterOrEqual(t, time.Since(start), cfg.KeepAlive+time.Duration(cfg.Attempts)*cfg.Timeout-20*time.Millisecond)
	require.EqualValues(t, 2, c.Stats().LinkTests)
}

// Keep-alive answered, or any traffic, keeps the connection up; the Conn
// answers the peer's ACTIVE_TEST itself.
func TestKeepAliveAnswered(t *testing.T) {
	cfg := clientConfig()
	cfg.KeepAlive = 30 * time.Millisecond
	cfg.Timeout = time.Second
	cfg.Attempts = 2
	c, r := dialRaw(t, cfg)
	for range 4 {
		h, _ := r.read()
		require.Equal(t, cmpp.CmdActiveTest, h.CommandID)
		r.write(h.SequenceID, &cmpp.ActiveTestResp{})
	}
	r.write(77, &cmpp.ActiveTest{})
	for {
		h, p := r.read()
		if h.CommandID == cmpp.CmdActiveTest {
			r.write(h.SequenceID, &cmpp.ActiveTestResp{})
			continue
		}
		require.Equal(t, cmpp.CmdActiveTestResp, h.CommandID)
		require.EqualValues(t, 77, h.SequenceID)
		require.Equal(t, &cmpp.ActiveTestResp{}, p)
		break
	}
	require.NoError(t, c.Err())
}

// A peer that stops reading: the write deadline (T) ends the connection
// instead of blocking the writer for ever. net.Pipe has no buffer, so the
// first write after the login blocks.
func TestPeerStopsReading(t *testing.T) {
	cfg := clientConfig()
	cfg.Timeout = 100 * time.Millisecond
	cfg.KeepAlive = -1
	near, far := net.Pipe()
	defer far.Close()
	go func() { // log in, then read nothing more
		r := &rawConn{t: t, nc: far, br: bufio.NewReader(far)}
		h, p, err := r.tryRead(5 * time.Second)
		if err != nil {
			return
		}
		b, _ := cmpp.Append(nil, h.SequenceID, cmpp.NewConnectResp(p.(*cmpp.Connect), cmpp.StatusOK, testSecret))
		far.Write(b)
	}()
	c, err := Client(context.Background(), near, cfg)
	require.NoError(t, err)
	defer c.Close()
	start := time.Now()
	_, err = c.Submit(context.Background(), submit(0))
	require.ErrorIs(t, err, ErrClosed)
	<-c.Done()
	require.ErrorContains(t, c.Err(), "write")
	require.Less(t, time.Since(start), 5*time.Second)
}

// The peer ends the session with TERMINATE: the Conn answers, writes
// nothing more, and ends when the peer closes.
func TestPeerTerminates(t *testing.T) {
	c, r := dialRaw(t, clientConfig())
	r.write(3, &cmpp.Terminate{})
	h, _ := r.read()
	require.Equal(t, cmpp.CmdTerminateResp, h.CommandID)
	require.EqualValues(t, 3, h.SequenceID)
	_, err := c.Submit(context.Background(), submit(0))
	require.ErrorIs(t, err, ErrClosed)
	r.nc.Close()
	<-c.Done()
	require.ErrorIs(t, c.Err(), ErrTerminated)
}

// Sequence_Id runs to 2³²−1 and wraps to 1, never 0.
func TestSequenceWraps(t *testing.T) {
	c, r := dialRaw(t, clientConfig())
	c.mu.Lock()
	c.seq = 1<<32 - 2
	c.mu.Unlock()
	var got []uint32
	for range 3 {
		out := submitAsync(context.Background(), c, 1)
		h, _ := r.read()
		got = append(got, h.SequenceID)
		r.write(h.SequenceID, &cmpp.SubmitResp{})
		require.NoError(t, (<-out).err)
	}
	require.Equal(t, []uint32{1<<32 - 1, 1, 2}, got)
}

// An encoding error is the caller's, before anything is sent; the
// connection stays up.
func TestEncodeErrorIsTheCallers(t *testing.T) {
	c, _ := dialRaw(t, clientConfig())
	bad := submit(0)
	bad.ServiceID = []byte("much too long for ten octets")
	_, err := c.Submit(context.Background(), bad)
	var ee *cmpp.EncodeError
	require.ErrorAs(t, err, &ee)
	require.NoError(t, c.Err())
	require.Zero(t, c.Stats().InFlight)
	require.Zero(t, c.Stats().Sent)
	_, err = c.Do(context.Background(), &cmpp.SubmitResp{})
	require.Error(t, err)
}

// A peer that trickles a PDU one octet at a time never completes one, so
// it is not life: the link tests go unanswered and the connection closes
// after about C + N·T, however long the trickle could last.
func TestPeerTrickles(t *testing.T) {
	cfg := clientConfig()
	cfg.KeepAlive = 50 * time.Millisecond
	cfg.Timeout = 50 * time.Millisecond
	cfg.Attempts = 2
	c, r := dialRaw(t, cfg)
	b, err := cmpp.Append(nil, 1, &cmpp.Deliver{MsgContent: make([]byte, 140)})
	require.NoError(t, err)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, x := range b {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			if _, err := r.nc.Write([]byte{x}); err != nil {
				return
			}
		}
	}()
	go io.Copy(io.Discard, r.nc) // the link tests
	select {
	case <-c.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a trickling peer kept the connection")
	}
	close(stop)
	<-done
	require.ErrorIs(t, c.Err(), ErrKeepAlive)
}

// Link tests off (KeepAlive < 0) do not take the read deadline with them:
// a peer that keeps sending its own link tests keeps the connection, one
// that falls silent is dropped after IdleTimeout, and we send nothing.
func TestKeepAliveOffStillBoundsSilence(t *testing.T) {
	def := Config{KeepAlive: -1}.withDefaults()
	require.Equal(t, 2*(DefaultKeepAlive+DefaultAttempts*DefaultTimeout)+time.Second, def.IdleTimeout,
		"with our link tests off, the peer's (after the spec's C) are awaited")
	require.Equal(t, 2*(time.Minute+2*time.Second)+time.Second,
		Config{KeepAlive: time.Minute, Timeout: time.Second, Attempts: 2}.withDefaults().IdleTimeout)

	cfg := clientConfig()
	cfg.KeepAlive = -1
	cfg.IdleTimeout = time.Second
	c, r := dialRaw(t, cfg)
	// The peer's own link tests, each a tenth of IdleTimeout after the
	// last (a loaded machine may stretch that ninefold), keep it up.
	start := time.Now()
	for i := range 12 {
		time.Sleep(cfg.IdleTimeout / 10)
		r.write(uint32(100+i), &cmpp.ActiveTest{})
		h, _ := r.read()
		require.Equal(t, cmpp.CmdActiveTestResp, h.CommandID)
	}
	require.Greater(t, time.Since(start), cfg.IdleTimeout, "traffic moves the deadline")
	require.NoError(t, c.Err())
	// Then silence.
	select {
	case <-c.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a silent peer held the connection with link tests off")
	}
	require.ErrorIs(t, c.Err(), os.ErrDeadlineExceeded)
	require.ErrorContains(t, c.Err(), "nothing received for 1s")
	require.Zero(t, c.Stats().LinkTests)
	_, _, err := r.tryRead(time.Second)
	require.ErrorIs(t, err, io.EOF, "no link test was sent, and the connection is closed")
}

// With the window full, the keep-alive sends no ACTIVE_TEST (it would be
// W + 1 outstanding): the requests probe the link. Once a slot is free,
// link tests go out again.
func TestKeepAliveKeepsTheWindow(t *testing.T) {
	cfg := clientConfig()
	cfg.Window = 1
	cfg.KeepAlive = 150 * time.Millisecond // after the SUBMIT has taken the slot
	cfg.Timeout = 300 * time.Millisecond
	cfg.Attempts = 3
	c, r := dialRaw(t, cfg)
	out := submitAsync(context.Background(), c, 1)
	h, _ := r.read()
	require.Equal(t, cmpp.CmdSubmit, h.CommandID)
	for deadline := time.Now().Add(250 * time.Millisecond); time.Now().Before(deadline); {
		g, _, err := r.tryRead(time.Until(deadline))
		if err == nil { // only the SUBMIT's resend may come
			require.Equal(t, h, g, "W = 1 is taken: no other request may be outstanding")
		}
	}
	r.write(h.SequenceID, &cmpp.SubmitResp{})
	require.NoError(t, (<-out).err)
	for {
		g, _ := r.read()
		if g.CommandID == cmpp.CmdSubmit { // a resend crossed the answer
			continue
		}
		require.Equal(t, cmpp.CmdActiveTest, g.CommandID)
		r.write(g.SequenceID, &cmpp.ActiveTestResp{})
		break
	}
	require.NoError(t, c.Err())
}

// With the window full and nothing received, T counts as a link test
// unanswered; N in a row close the connection. The peer sees the SUBMIT
// and its resend, and never an ACTIVE_TEST beyond the window.
func TestKeepAliveFullWindowSilent(t *testing.T) {
	cfg := clientConfig()
	cfg.Window = 1
	cfg.KeepAlive = 150 * time.Millisecond // after the SUBMIT has taken the slot
	cfg.Timeout = 500 * time.Millisecond
	cfg.Attempts = 2
	c, r := dialRaw(t, cfg)
	out := submitAsync(context.Background(), c, 1)
	type pdu struct {
		id  cmpp.CommandID
		seq uint32
	}
	seen := make(chan []pdu, 1)
	go func() {
		var got []pdu
		for {
			h, _, err := r.tryRead(5 * time.Second)
			if err != nil {
				seen <- got
				return
			}
			got = append(got, pdu{h.CommandID, h.SequenceID})
		}
	}()
	<-c.Done()
	require.ErrorIs(t, c.Err(), ErrKeepAlive)
	got := <-seen
	require.Len(t, got, 2)
	require.Equal(t, pdu{cmpp.CmdSubmit, got[0].seq}, got[0])
	require.Equal(t, got[0], got[1], "the resend")
	require.Zero(t, c.Stats().LinkTests)
	o := <-out // it timed out as the connection ended, or just after
	require.True(t, errors.Is(o.err, ErrTimeout) || errors.Is(o.err, ErrClosed), "%v", o.err)
}

// Both ends send TERMINATE at once: neither may answer after its own, so
// Close ends the session at once instead of waiting CloseTimeout for a
// TERMINATE_RESP that cannot come, and writes nothing after its TERMINATE.
func TestBothTerminateAtOnce(t *testing.T) {
	cfg := clientConfig()
	cfg.CloseTimeout = 10 * time.Second
	c, r := dialRaw(t, cfg)
	closed := make(chan struct{})
	start := time.Now()
	go func() { c.Close(); close(closed) }()
	h, _ := r.read()
	require.Equal(t, cmpp.CmdTerminate, h.CommandID)
	r.write(h.SequenceID+100, &cmpp.Terminate{})
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a TERMINATE_RESP after the peer's TERMINATE")
	}
	require.Less(t, time.Since(start), cfg.CloseTimeout)
	require.ErrorIs(t, c.Err(), ErrClosed)
	require.NotErrorIs(t, c.Err(), ErrTerminated)
	_, _, err := r.tryRead(5 * time.Second)
	require.ErrorIs(t, err, io.EOF, "nothing follows our TERMINATE")
}
