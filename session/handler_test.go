package session

import (
	"context"
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
