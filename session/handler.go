package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/go-cmpp/cmpp"
)

// A Handler answers the requests the peer sends on a Conn (DELIVER on an
// SP's connection; SUBMIT, QUERY, CANCEL on a gateway's; FWD and the GNS
// PDUs between gateways). ServeCMPP runs in a goroutine of its own, so it
// may block without delaying the responses to the Conn's own requests.
//
// It answers by calling w.Respond exactly once with the response packet
// (a *cmpp.DeliverResp for a DELIVER, …), before or after returning and
// from any goroutine: a handler that queues the work returns at once and
// answers later. A request never answered is, for the peer, a request
// that timed out.
//
// r.Packet (and the []byte fields inside it) is valid only until
// ServeCMPP returns: its memory serves the next request. Use
// cmpp.Clone(r.Packet) to keep it longer. r's other fields stay valid.
// ServeCMPP must return once r.Context() is done: Conn.Close waits for it.
// It may call r.Conn.Close itself (see Conn.Close).
type Handler interface {
	ServeCMPP(w ResponseWriter, r *Request)
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(w ResponseWriter, r *Request)

// ServeCMPP calls f(w, r).
func (f HandlerFunc) ServeCMPP(w ResponseWriter, r *Request) { f(w, r) }

// Request is one request from the peer.
type Request struct {
	Header cmpp.Header // Sequence_Id, Command_Id, Total_Length
	Packet cmpp.Packet // the decoded body; valid until ServeCMPP returns (cmpp.Clone keeps it)
	Conn   *Conn       // the connection it came on
}

// Context returns a context that is done when the connection ends.
func (r *Request) Context() context.Context { return r.Conn.ctx }

// ResponseWriter answers one request.
type ResponseWriter interface {
	// Respond sends p, which must be the response to the request (its
	// Command_Id with the response bit), with the request's Sequence_Id.
	// It may be called once, from any goroutine; it does not wait for the
	// write. It fails when the connection has ended or is ending.
	Respond(p cmpp.Packet) error
}

// ErrResponded is returned by a second call to ResponseWriter.Respond.
var ErrResponded = errors.New("session: request already answered")

type responder struct {
	c    *Conn
	seq  uint32
	want cmpp.CommandID
	done atomic.Bool
}

func (w *responder) Respond(p cmpp.Packet) error {
	if p == nil || p.CommandID() != w.want {
		return fmt.Errorf("session: Respond(%T) to a request that expects %v", p, w.want)
	}
	if !w.done.CompareAndSwap(false, true) {
		return ErrResponded
	}
	if err := w.c.write(w.seq, p, false); err != nil {
		if !errors.Is(err, ErrClosed) {
			w.done.Store(false) // an encoding error: the handler may try again
		}
		return err
	}
	w.c.mu.Lock()
	w.c.unanswered--
	w.c.checkDrained()
	w.c.mu.Unlock()
	return nil
}

// serving holds a copy of one request's PDU and the Decoder its packet
// lives in, reused across requests.
type serving struct {
	buf []byte
	dec cmpp.Decoder
}

var servingPool = sync.Pool{New: func() any { return &serving{buf: make([]byte, 0, 512)} }}

// serve decodes a request into a copy the handler may use while the reader
// goes on, and starts the handler. It waits while MaxHandlers run.
func (c *Conn) serve(h cmpp.Header, pdu []byte) error {
	select {
	case c.handlers <- struct{}{}:
	case <-c.done:
		return nil
	case <-c.terminated:
		// Our TERMINATE is out while every handler is busy (one of them,
		// maybe, in Close): this request could not be answered, and the
		// reader must go on to read the TERMINATE_RESP.
		c.log.Info("request after TERMINATE not served", "command", h.CommandID, "sequence_id", h.SequenceID)
		return nil
	}
	s := servingPool.Get().(*serving)
	s.buf = append(s.buf[:0], pdu...)
	_, p, err := c.codec.decode(&s.dec, s.buf)
	if err != nil {
		servingPool.Put(s)
		<-c.handlers
		return err
	}
	c.mu.Lock()
	c.unanswered++
	c.handlersRunning++
	c.mu.Unlock()
	r := &Request{Header: h, Packet: p, Conn: c}
	w := &responder{c: c, seq: h.SequenceID, want: h.CommandID.Response()}
	go c.runHandler(s, r, w)
	return nil
}

// runHandler runs one handler. Close recognises a call from inside a
// handler by this function on the caller's stack (calledFromHandler).
func (c *Conn) runHandler(s *serving, r *Request, w *responder) {
	defer func() {
		if v := recover(); v != nil {
			c.log.Error("handler panicked", "command", r.Header.CommandID, "sequence_id", r.Header.SequenceID, "panic", v)
		}
		servingPool.Put(s)
		<-c.handlers
		c.mu.Lock()
		c.handlersRunning--
		c.handlerDone.Broadcast()
		c.mu.Unlock()
	}()
	h := c.cfg.Handler
	if h == nil {
		h = notHandled{}
	}
	h.ServeCMPP(w, r)
}

// notHandled answers every request with Result 2 (命令字错, command word
// error) where the response has a Result, and logs it.
type notHandled struct{}

func (notHandled) ServeCMPP(w ResponseWriter, r *Request) {
	r.Conn.log.Warn("request not handled: no Config.Handler", "command", r.Header.CommandID)
	var resp cmpp.Packet
	switch p := r.Packet.(type) {
	case *cmpp.Submit:
		resp = &cmpp.SubmitResp{Result: cmpp.ResultBadCommand}
	case *cmpp.Deliver:
		resp = &cmpp.DeliverResp{MsgID: p.MsgID, Result: cmpp.ResultBadCommand}
	case *cmpp.Fwd:
		resp = &cmpp.FwdResp{MsgID: p.MsgID, PkTotal: p.PkTotal, PkNumber: p.PkNumber, Result: cmpp.ResultBadCommand}
	case *cmpp.Cancel:
		resp = &cmpp.CancelResp{SuccessID: 1}
	default:
		resp = cmpp.NewPacket(r.Header.CommandID.Response())
	}
	if resp != nil {
		w.Respond(resp)
	}
}
