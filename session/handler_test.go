package session

import (
	"context"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
)

// A handler that answers later, from another goroutine, after keeping a
// Clone of the packet; meanwhile a handler that blocks does not delay the
// responses to the Conn's own requests.
func TestHandlerAnswersLater(t *testing.T) {
	release := make(chan struct{})
	answered := make(chan struct{})
	cfg := clientConfig()
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		d := cmpp.Clone(r.Packet).(*cmpp.Deliver) // r.Packet dies when we return
		go func() {
			<-release
			assert.NoError(t, w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID, Result: 0}))
			close(answered)
		}()
	})
	c, r := dialRaw(t, cfg)
	r.write(5, &cmpp.Deliver{MsgID: 77, MsgContent: []byte("hello")})
	// The Conn's own request completes while the DELIVER is unanswered.
	out := submitAsync(context.Background(), c, 1)
	h, _ := r.read()
	require.Equal(t, cmpp.CmdSubmit, h.CommandID)
	r.write(h.SequenceID, &cmpp.SubmitResp{MsgID: 1})
	require.NoError(t, (<-out).err)

	close(release)
	<-answered
	h, p := r.read()
	require.Equal(t, cmpp.CmdDeliverResp, h.CommandID)
	require.EqualValues(t, 5, h.SequenceID)
	require.EqualValues(t, 77, p.(*cmpp.DeliverResp).MsgID)
}

func TestHandlerBlockedDoesNotBlockResponses(t *testing.T) {
	block := make(chan struct{})
	cfg := clientConfig()
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	})
	c, r := dialRaw(t, cfg)
	defer close(block)
	for i := range 3 {
		r.write(uint32(100+i), &cmpp.Deliver{MsgID: cmpp.MsgID(i)})
	}
	out := submitAsync(context.Background(), c, 1)
	h, _ := r.read()
	r.write(h.SequenceID, &cmpp.SubmitResp{MsgID: 3})
	o := <-out
	require.NoError(t, o.err)
	require.EqualValues(t, 3, o.resp.MsgID)
}

// Without a Handler, requests are answered with Result 2 (command word
// error) rather than acknowledged unread; a panicking handler is
// recovered and the connection goes on; a response of the wrong type is
// refused by Respond.
func TestHandlerDefaultsAndMistakes(t *testing.T) {
	_, r := dialRaw(t, clientConfig())
	r.write(9, &cmpp.Deliver{MsgID: 5})
	h, p := r.read()
	require.Equal(t, cmpp.CmdDeliverResp, h.CommandID)
	require.Equal(t, &cmpp.DeliverResp{MsgID: 5, Result: cmpp.ResultBadCommand}, p)

	cfg := clientConfig()
	wrong := make(chan error, 1)
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Header.SequenceID == 1 {
			panic("handler bug")
		}
		wrong <- w.Respond(&cmpp.SubmitResp{})
		w.Respond(&cmpp.DeliverResp{})
	})
	c, r := dialRaw(t, cfg)
	r.write(1, &cmpp.Deliver{})
	r.write(2, &cmpp.Deliver{})
	require.Error(t, <-wrong)
	h, _ = r.read()
	require.Equal(t, cmpp.CmdDeliverResp, h.CommandID)
	require.EqualValues(t, 2, h.SequenceID)
	require.NoError(t, c.Err())
}

// Respond after the connection ended fails with ErrClosed, and Close
// waits for handlers, which see their context done.
func TestRespondAfterClose(t *testing.T) {
	got := make(chan ResponseWriter, 1)
	cfg := clientConfig()
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		got <- w
		<-r.Context().Done()
	})
	c, r := dialRaw(t, cfg)
	r.write(1, &cmpp.Deliver{})
	w := <-got
	r.nc.Close()
	<-c.Done()
	require.NoError(t, c.Close())
	require.ErrorIs(t, w.Respond(&cmpp.DeliverResp{}), ErrClosed)
}

// Close waits (CloseTimeout at most) for the handlers' answers to the
// peer's requests before TERMINATE: the DELIVER_RESP is not lost.
func TestCloseWaitsForAnswers(t *testing.T) {
	got := make(chan ResponseWriter, 1)
	cfg := clientConfig()
	cfg.CloseTimeout = 5 * time.Second
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) { got <- w })
	c, r := dialRaw(t, cfg)
	r.write(8, &cmpp.Deliver{MsgID: 3})
	w := <-got
	closed := make(chan struct{})
	go func() { c.Close(); close(closed) }()
	require.Eventually(t, func() bool { // Close is waiting
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.closing
	}, 5*time.Second, time.Millisecond)
	_, err := c.Submit(context.Background(), submit(0))
	require.ErrorIs(t, err, ErrClosed, "new requests are refused while closing")
	require.NoError(t, w.Respond(&cmpp.DeliverResp{MsgID: 3}))
	h, _ := r.read()
	require.Equal(t, cmpp.CmdDeliverResp, h.CommandID)
	h, _ = r.read()
	require.Equal(t, cmpp.CmdTerminate, h.CommandID)
	r.write(h.SequenceID, &cmpp.TerminateResp{})
	<-closed
	require.ErrorIs(t, c.Err(), ErrClosed)
}

// A handler may close its own Conn: after answering a request it decides
// to end the session on. Close from inside ServeCMPP does not wait for its
// caller (it would wait for ever), but does wait for the other handlers,
// which see their context done; the peer reads the answer, then TERMINATE.
func TestCloseFromHandler(t *testing.T) {
	blocked := make(chan struct{})
	var otherReturned atomic.Bool
	closed := make(chan error, 1)
	cfg := clientConfig()
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		d := r.Packet.(*cmpp.Deliver)
		if d.MsgID == 1 { // blocks until the connection ends
			close(blocked)
			<-r.Context().Done()
			otherReturned.Store(true)
			return
		}
		assert.NoError(t, w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID}))
		err := r.Conn.Close()
		assert.True(t, otherReturned.Load(), "Close returned before the other handler did")
		closed <- err
	})
	c, r := dialRaw(t, cfg)
	r.write(10, &cmpp.Deliver{MsgID: 1})
	<-blocked
	r.write(11, &cmpp.Deliver{MsgID: 2})
	h, p := r.read()
	require.Equal(t, cmpp.CmdDeliverResp, h.CommandID)
	require.EqualValues(t, 11, h.SequenceID)
	require.EqualValues(t, 2, p.(*cmpp.DeliverResp).MsgID)
	h, _ = r.read()
	require.Equal(t, cmpp.CmdTerminate, h.CommandID)
	r.write(h.SequenceID, &cmpp.TerminateResp{})
	select {
	case err := <-closed:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Close from inside a handler did not return")
	}
	<-c.Done()
	require.ErrorIs(t, c.Err(), ErrClosed)
	// Close from outside, now or at once with the handler's, waits for
	// every handler and returns too.
	require.NoError(t, c.Close())
	require.True(t, otherReturned.Load())
}

// Several handlers close the Conn at once, and so does another goroutine:
// each Close returns, the outside one only after every handler has.
func TestCloseFromHandlersAndOutside(t *testing.T) {
	const n = 4
	var started, returned atomic.Int32
	ready := make(chan struct{})
	cfg := clientConfig()
	cfg.CloseTimeout = 5 * time.Second
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		defer returned.Add(1)
		assert.NoError(t, w.Respond(&cmpp.DeliverResp{}))
		if started.Add(1) == n {
			close(ready)
		}
		<-ready
		assert.NoError(t, r.Conn.Close())
	})
	c, r := dialRaw(t, cfg)
	for i := range n {
		r.write(uint32(20+i), &cmpp.Deliver{MsgID: cmpp.MsgID(i)})
	}
	go func() { // the peer: answers TERMINATE, reads to the end
		for {
			h, _, err := r.tryRead(5 * time.Second)
			if err != nil {
				return
			}
			if h.CommandID == cmpp.CmdTerminate {
				b, _ := cmpp.Append(nil, h.SequenceID, &cmpp.TerminateResp{})
				r.nc.Write(b)
			}
		}
	}()
	<-ready
	require.NoError(t, c.Close())
	require.EqualValues(t, n, returned.Load(), "Close from outside returned before the handlers")
	require.ErrorIs(t, c.Err(), ErrClosed)
}

// calledFromHandler finds a handler by its bottom frame, whatever the
// depth of the handler's own calls.
func TestCalledFromHandler(t *testing.T) {
	require.False(t, calledFromHandler())
	var deep func(int) bool
	deep = func(n int) bool {
		if n == 0 {
			return calledFromHandler()
		}
		return deep(n - 1)
	}
	got := make(chan [2]bool, 1)
	cfg := clientConfig()
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		got <- [2]bool{calledFromHandler(), deep(500)}
		w.Respond(&cmpp.DeliverResp{})
	})
	_, r := dialRaw(t, cfg)
	r.write(1, &cmpp.Deliver{})
	require.Equal(t, [2]bool{true, true}, <-got)
	r.read()
}

// A request that arrives after our TERMINATE (the peer sent it before it
// read ours) is not handed to the handler: no answer may follow the
// TERMINATE, and a request acted on but unanswered would be sent again.
func TestRequestAfterTerminateNotServed(t *testing.T) {
	served := make(chan uint32, 2)
	cfg := clientConfig()
	cfg.CloseTimeout = 5 * time.Second
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		served <- r.Header.SequenceID
		w.Respond(&cmpp.DeliverResp{})
	})
	c, r := dialRaw(t, cfg)
	closed := make(chan struct{})
	go func() { c.Close(); close(closed) }()
	h, _ := r.read()
	require.Equal(t, cmpp.CmdTerminate, h.CommandID)
	r.write(40, &cmpp.Deliver{MsgID: 1})
	r.write(h.SequenceID, &cmpp.TerminateResp{})
	<-closed
	require.Empty(t, served)
	_, _, err := r.tryRead(5 * time.Second)
	require.ErrorIs(t, err, io.EOF, "nothing follows our TERMINATE")
}

// Every handler busy, one of them in Close: the reader, waiting for a
// handler to take the next request, still reads the TERMINATE_RESP, so
// Close returns at once rather than after CloseTimeout.
func TestCloseFromHandlerWithHandlersFull(t *testing.T) {
	cfg := clientConfig()
	cfg.MaxHandlers = 1
	cfg.Timeout = 10 * time.Second // T bounds the wait for the TERMINATE_RESP too
	cfg.CloseTimeout = 10 * time.Second
	closed := make(chan time.Duration, 1)
	var calls atomic.Int32
	cfg.Handler = HandlerFunc(func(w ResponseWriter, r *Request) {
		calls.Add(1)
		assert.NoError(t, w.Respond(&cmpp.DeliverResp{}))
		// The reader has the second DELIVER, and waits for this handler.
		assert.Eventually(t, func() bool { return r.Conn.Stats().Received == 2 }, 5*time.Second, time.Millisecond)
		start := time.Now()
		r.Conn.Close()
		closed <- time.Since(start)
	})
	c, r := dialRaw(t, cfg)
	b1, err := cmpp.Append(nil, 1, &cmpp.Deliver{})
	require.NoError(t, err)
	b2, err := cmpp.Append(nil, 2, &cmpp.Deliver{})
	require.NoError(t, err)
	r.writeRaw(append(b1, b2...))
	h, _ := r.read()
	require.Equal(t, cmpp.CmdDeliverResp, h.CommandID)
	h, _ = r.read()
	require.Equal(t, cmpp.CmdTerminate, h.CommandID)
	r.write(h.SequenceID, &cmpp.TerminateResp{})
	select {
	case took := <-closed:
		require.Less(t, took, cfg.CloseTimeout)
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a handler slot to read the TERMINATE_RESP")
	}
	require.EqualValues(t, 1, calls.Load(), "the second DELIVER could not be answered: not served")
	require.ErrorIs(t, c.Err(), ErrClosed)
}
