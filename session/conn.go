package session

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-cmpp/cmpp"
)

// Conn is one logged-in CMPP connection, at either end. CMPP is symmetric
// after CONNECT: both ends send requests (SUBMIT one way, DELIVER the
// other, ACTIVE_TEST and TERMINATE both) and answer the other's. A Conn is
// safe for concurrent use.
//
// Three goroutines serve it: a reader that dispatches every PDU, a writer
// that writes everything queued with one call (one syscall for many PDUs
// under load, no added latency when idle), and the keep-alive. Handlers
// run in goroutines of their own.
type Conn struct {
	nc         net.Conn
	cfg        Config
	codec      codec
	log        *slog.Logger
	sourceAddr string
	readLimit  time.Duration // the read deadline: Config.IdleTimeout

	// Writing. Callers append whole PDUs to wbuf under wmu; the writer
	// swaps wbuf out and writes it. wstop, set under the same lock, ends
	// writing: once TERMINATE or TERMINATE_RESP is queued nothing follows.
	wmu   sync.Mutex
	wbuf  []byte
	wstop bool
	wsig  chan struct{} // capacity 1: "wbuf has data"

	// Our requests awaiting a response, by Sequence_Id.
	mu         sync.Mutex
	seq        uint32 // the last Sequence_Id used
	pending    map[uint32]*call
	free       []*call       // finished calls for reuse, at most Window + 2
	closing    bool          // Close has begun: no new requests
	drained    chan struct{} // closed once closing and pending is empty
	isDrained  bool
	unanswered int       // the peer's requests not yet answered
	pauseUntil time.Time // flow-control back-off: no new sends before it

	fcStreak       atomic.Int32 // Result 8 responses in a row
	window         chan struct{}
	handlers       chan struct{}
	peerTerminated atomic.Bool
	terminating    atomic.Bool   // Close is sending our TERMINATE
	terminated     chan struct{} // closed with terminating set: stop waiting to serve
	lastRecv       atomic.Int64  // time.Now().UnixNano() of the last PDU read

	dec cmpp.Decoder // the reader's, for responses

	ctx       context.Context // handlers' Request.Context; cancelled at the end
	cancel    context.CancelFunc
	done      chan struct{} // closed when the connection has ended
	err       error         // why it ended; written before done is closed
	endOnce   sync.Once
	closeOnce sync.Once
	onEnd     func(*Conn)    // the Server's bookkeeping
	wg        sync.WaitGroup // the reader, the writer and the keep-alive

	// Handler goroutines, under mu: how many run, and how many of those
	// are inside Close (see Close). handlerDone is signalled (with mu) when
	// one returns.
	handlersRunning int
	handlerClosers  int
	handlerDone     sync.Cond

	sent, received, timeouts, resends, late, flowControl, linkTests atomic.Uint64
}

func newConn(nc net.Conn, cfg Config, v cmpp.Version, sourceAddr string, seq uint32, onEnd func(*Conn)) *Conn {
	c := &Conn{
		onEnd:      onEnd,
		nc:         nc,
		cfg:        cfg,
		codec:      codec{version: v},
		sourceAddr: sourceAddr,
		seq:        seq,
		log:        cfg.Logger.With("remote", nc.RemoteAddr().String(), "source_addr", sourceAddr),
		wbuf:       make([]byte, 0, 4096),
		wsig:       make(chan struct{}, 1),
		pending:    make(map[uint32]*call, cfg.Window),
		free:       make([]*call, 0, cfg.Window+2),
		drained:    make(chan struct{}),
		window:     make(chan struct{}, cfg.Window),
		handlers:   make(chan struct{}, cfg.MaxHandlers),
		done:       make(chan struct{}),
		terminated: make(chan struct{}),
	}
	c.readLimit = cfg.IdleTimeout // > 0: cfg went through withDefaults
	c.handlerDone.L = &c.mu
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.lastRecv.Store(time.Now().UnixNano())
	return c
}

// start starts the Conn's goroutines: from here on it reads, writes and
// serves. A Server lists a Conn before starting it, so that no request is
// served on a Conn its gateway cannot find.
func (c *Conn) start() *Conn {
	c.wg.Add(2)
	go c.readLoop()
	go c.writeLoop()
	if c.cfg.KeepAlive > 0 {
		c.wg.Add(1)
		go c.keepAlive()
	}
	return c
}

// Version returns the version the connection speaks.
func (c *Conn) Version() cmpp.Version { return c.codec.version }

// SourceAddr returns the Source_Addr of the login: the SP_Id (or gateway
// code) that logged in.
func (c *Conn) SourceAddr() string { return c.sourceAddr }

// RemoteAddr returns the peer's network address.
func (c *Conn) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }

// LocalAddr returns the local network address.
func (c *Conn) LocalAddr() net.Addr { return c.nc.LocalAddr() }

// Done returns a channel that is closed when the connection has ended, by
// Close or otherwise. The Conn's goroutines may still be returning then;
// Close (which may be called after the end too) waits for them.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err returns nil while the connection is up, and then an error matching
// ErrClosed that wraps why it ended.
func (c *Conn) Err() error {
	select {
	case <-c.done:
		return closed(c.err)
	default:
		return nil
	}
}

// Stats returns a snapshot of the connection's counters.
func (c *Conn) Stats() Stats {
	c.mu.Lock()
	inFlight := len(c.pending)
	c.mu.Unlock()
	return Stats{
		Sent:          c.sent.Load(),
		Received:      c.received.Load(),
		InFlight:      inFlight,
		Timeouts:      c.timeouts.Load(),
		Resends:       c.resends.Load(),
		LateResponses: c.late.Load(),
		FlowControl:   c.flowControl.Load(),
		LinkTests:     c.linkTests.Load(),
	}
}

// Submit sends a CMPP_SUBMIT and returns its CMPP_SUBMIT_RESP; see the
// package documentation for the outcomes. p must not be modified until
// Submit returns (a resend encodes it again). The response belongs to the
// caller. A Result other than 0 is not an error, except a Result 3 to a
// resend (ErrDuplicate).
func (c *Conn) Submit(ctx context.Context, p *cmpp.Submit) (*cmpp.SubmitResp, error) {
	r, err := c.roundTrip(ctx, p, kindUser)
	resp, _ := r.(*cmpp.SubmitResp)
	return resp, err
}

// Deliver sends a CMPP_DELIVER (a gateway pushing an MO message or a status
// report) and returns its CMPP_DELIVER_RESP, as Submit does.
func (c *Conn) Deliver(ctx context.Context, p *cmpp.Deliver) (*cmpp.DeliverResp, error) {
	r, err := c.roundTrip(ctx, p, kindUser)
	resp, _ := r.(*cmpp.DeliverResp)
	return resp, err
}

// Do sends any request (QUERY, CANCEL, FWD, a route PDU, …) and returns
// its response, with the window, timeouts and resends of Submit. CONNECT,
// TERMINATE (use Close) and responses are refused.
func (c *Conn) Do(ctx context.Context, p cmpp.Packet) (cmpp.Packet, error) {
	switch id := p.CommandID(); {
	case id.IsResponse(), id == cmpp.CmdConnect, id == cmpp.CmdTerminate:
		return nil, fmt.Errorf("session: Do cannot send %v", id)
	}
	return c.roundTrip(ctx, p, kindUser)
}

type kind uint8

const (
	kindUser      kind = iota // Submit, Deliver, Do: window, rate, resends
	kindLinkTest              // keep-alive: one send, no window
	kindTerminate             // Close: one send, no window, stops writing
)

// call is one request awaiting its response. Whoever removes it from
// Conn.pending (under Conn.mu) decides its outcome: the reader (response),
// end (connection error) or the caller itself (timeout, ctx). The reader
// and end then signal ch exactly once. T is timed by the caller's own
// goroutine on the call's timer, reused with the call: no timer heap, no
// AfterFunc goroutine, nothing to stop when the connection ends.
type call struct {
	want  cmpp.CommandID // the response Command_Id expected
	ch    chan struct{}
	timer *time.Timer
	resp  cmpp.Packet
	err   error

	// An abandoned call is one whose caller's ctx ended while it was on
	// the wire: it stays in pending, holding its window slot, until its
	// response arrives (dropped and counted late) or expire ends it T
	// after its last send. The peer still counts it as outstanding.
	abandoned bool
	expire    *time.Timer
}

func newCall() *call {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &call{ch: make(chan struct{}, 1), timer: t}
}

func (c *Conn) roundTrip(ctx context.Context, p cmpp.Packet, k kind) (resp cmpp.Packet, err error) {
	attempts := c.cfg.Attempts
	slot := false // a window slot to give back when the request ends
	if k == kindUser {
		if err := c.admit(ctx); err != nil {
			return nil, err
		}
		slot = true
		defer func() {
			if slot {
				<-c.window
			}
		}()
	} else {
		attempts = 1
	}

	c.mu.Lock()
	if (c.closing && k != kindTerminate) || c.ended() {
		c.mu.Unlock()
		return nil, c.closedErr()
	}
	var cl *call
	if n := len(c.free); n > 0 {
		cl, c.free = c.free[n-1], c.free[:n-1]
	} else {
		cl = newCall()
	}
	defer func() {
		if !cl.abandoned {
			c.release(cl)
		}
	}()
	cl.want = p.CommandID().Response()
	seq := c.nextSeq()
	c.pending[seq] = cl
	c.mu.Unlock()

	if k == kindTerminate {
		c.terminating.Store(true)
		close(c.terminated) // Close sends one TERMINATE at most
	}
	sends := 0
	for {
		if err := c.write(seq, p, k == kindTerminate); err != nil {
			if c.remove(seq, cl) {
				return nil, err
			}
			<-cl.ch // a response to an earlier send, or the connection's end
			return c.result(cl, seq, sends)
		}
		sends++
		if sends > 1 {
			c.resends.Add(1)
			c.log.Info("resend", "command", p.CommandID(), "sequence_id", seq, "send", sends)
		}
		sentAt := time.Now()
		cl.timer.Reset(c.cfg.Timeout)
		select {
		case <-cl.ch:
			cl.timer.Stop()
			return c.result(cl, seq, sends)
		case <-ctx.Done():
			cl.timer.Stop()
			if c.abandon(seq, cl, slot, c.cfg.Timeout-time.Since(sentAt)) {
				if cl.abandoned {
					slot = false // expire or the response gives it back
				}
				return nil, ctx.Err()
			}
			<-cl.ch
			return c.result(cl, seq, sends)
		case <-cl.timer.C:
			if sends < attempts {
				c.mu.Lock()
				still := c.pending[seq] == cl
				c.mu.Unlock()
				if still {
					continue
				}
			} else if c.remove(seq, cl) {
				c.timeouts.Add(1)
				c.log.Warn("request timed out", "command", p.CommandID(), "sequence_id", seq, "sends", sends)
				return nil, &TimeoutError{Command: p.CommandID(), SequenceID: seq, Attempts: sends, Wait: c.cfg.Timeout}
			}
			<-cl.ch
			return c.result(cl, seq, sends)
		}
	}
}

// release returns a finished call to the Conn's free list: each Conn
// keeps the calls of its window (a sync.Pool would drop some, and so
// allocate, under the race detector).
func (c *Conn) release(cl *call) {
	cl.resp, cl.err = nil, nil
	c.mu.Lock()
	if len(c.free) < cap(c.free) {
		c.free = append(c.free, cl)
	}
	c.mu.Unlock()
}

// admit waits for the submit rate, the flow-control back-off and a window
// slot, each bounded by ctx and by the connection's end.
func (c *Conn) admit(ctx context.Context) error {
	if err := c.Err(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // select below would pick a free slot at random
	}
	if c.cfg.Limiter != nil {
		if err := c.cfg.Limiter.Wait(ctx); err != nil {
			return err
		}
	}
	if err := c.waitBackoff(ctx); err != nil {
		return err
	}
	select {
	case c.window <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		return c.closedErr()
	}
}

// result completes a request that got its response (or the connection's
// error), applying the Result rules of the package documentation.
func (c *Conn) result(cl *call, seq uint32, sends int) (cmpp.Packet, error) {
	if cl.err != nil {
		return nil, cl.err
	}
	res, ok := resultOf(cl.resp)
	switch {
	case !ok:
	case res == cmpp.ResultFlowControl:
		c.flowControlled()
	case res == cmpp.ResultDuplicateSequence && sends > 1:
		return cl.resp, fmt.Errorf("%w (%v Sequence_Id %d, %d sends)", ErrDuplicate, cl.resp.CommandID(), seq, sends)
	case res == cmpp.ResultSuccess && c.fcStreak.Load() != 0:
		c.fcStreak.Store(0)
	}
	return cl.resp, nil
}

// resultOf reads the Result of the responses that have one.
func resultOf(p cmpp.Packet) (uint32, bool) {
	switch p := p.(type) {
	case *cmpp.SubmitResp:
		return uint32(p.Result), true
	case *cmpp.DeliverResp:
		return uint32(p.Result), true
	case *cmpp.FwdResp:
		return uint32(p.Result), true
	}
	return 0, false
}

// flowControlled starts (or lengthens) the back-off after a Result 8.
func (c *Conn) flowControlled() {
	c.flowControl.Add(1)
	base := c.cfg.FlowControlBackoff
	if base < 0 {
		return
	}
	n := min(c.fcStreak.Add(1)-1, 4)
	pause := base << n
	c.mu.Lock()
	if until := time.Now().Add(pause); until.After(c.pauseUntil) {
		c.pauseUntil = until
	}
	c.mu.Unlock()
	c.log.Warn("flow control (Result 8): pausing sends", "pause", pause)
}

func (c *Conn) waitBackoff(ctx context.Context) error {
	c.mu.Lock()
	until := c.pauseUntil
	c.mu.Unlock()
	d := time.Until(until)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		return c.closedErr()
	}
}

// nextSeq returns the next Sequence_Id: 1 … 2³²−1, skipping 0 when it
// wraps, and any id still awaiting a response. c.mu must be held.
func (c *Conn) nextSeq() uint32 {
	for {
		c.seq++
		if c.seq == 0 {
			c.seq = 1
		}
		if _, busy := c.pending[c.seq]; !busy {
			return c.seq
		}
	}
}

// remove takes cl out of pending if it is still there, reporting whether
// the caller now owns the outcome.
func (c *Conn) remove(seq uint32, cl *call) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[seq] != cl {
		return false
	}
	delete(c.pending, seq)
	c.checkDrained()
	return true
}

// abandon leaves cl, whose caller's ctx ended while it was on the wire,
// in pending for the rest of its T (wait): the peer counts it as
// outstanding until it answers, so its window slot (if slot) stays taken
// until then. It reports false when cl already has its outcome.
func (c *Conn) abandon(seq uint32, cl *call, slot bool, wait time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[seq] != cl {
		return false
	}
	if !slot || wait <= 0 {
		delete(c.pending, seq)
		c.checkDrained()
		return true
	}
	cl.abandoned = true
	cl.expire = time.AfterFunc(wait, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.pending[seq] == cl {
			delete(c.pending, seq)
			c.checkDrained()
			<-c.window
		}
	})
	return true
}

// checkDrained signals Close that no request is outstanding, in either
// direction: ours awaiting a response, the peer's awaiting our answer.
// c.mu must be held.
func (c *Conn) checkDrained() {
	if c.closing && !c.isDrained && len(c.pending) == 0 && c.unanswered == 0 {
		c.isDrained = true
		close(c.drained)
	}
}

// write queues the PDU for p with Sequence_Id seq. stop makes it the last
// PDU the connection writes.
func (c *Conn) write(seq uint32, p cmpp.Packet, stop bool) error {
	c.wmu.Lock()
	if c.wstop {
		c.wmu.Unlock()
		return c.closedErr()
	}
	b, err := c.codec.append(c.wbuf, seq, p)
	if err != nil {
		c.wmu.Unlock()
		return err
	}
	c.wbuf = b
	c.wstop = stop
	c.wmu.Unlock()
	c.sent.Add(1)
	select {
	case c.wsig <- struct{}{}:
	default:
	}
	return nil
}

// writeLoop writes whatever is queued, in one call per batch, until the
// connection ends or the last PDU (TERMINATE or TERMINATE_RESP) is out.
func (c *Conn) writeLoop() {
	defer c.wg.Done()
	spare := make([]byte, 0, 4096)
	for {
		select {
		case <-c.wsig:
		case <-c.done:
			return
		}
		for {
			c.wmu.Lock()
			buf, stop := c.wbuf, c.wstop
			if len(buf) == 0 {
				c.wmu.Unlock()
				if stop {
					return
				}
				break
			}
			c.wbuf = spare[:0] // the two buffers take turns
			c.wmu.Unlock()
			c.nc.SetWriteDeadline(time.Now().Add(c.cfg.Timeout))
			if _, err := c.nc.Write(buf); err != nil {
				c.end(fmt.Errorf("write: %w", err))
				return
			}
			spare = buf
		}
	}
}

// readLoop reads and dispatches PDUs until the connection ends.
func (c *Conn) readLoop() {
	defer c.wg.Done()
	br := bufio.NewReaderSize(c.nc, 64<<10)
	for !c.ended() { // what is still buffered after the end goes unread
		h, pdu, err := c.readPDU(br)
		if err == nil {
			err = c.dispatch(h, pdu)
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				err = fmt.Errorf("session: nothing received for %v: %w", c.readLimit, err)
			}
			if c.peerTerminated.Load() {
				// After the peer's TERMINATE, the end (its close, or T
				// without it) is the session ending as asked.
				err = ErrTerminated
			}
			c.end(err)
			return
		}
		br.Discard(len(pdu))
	}
}

// readPDU returns the next whole PDU from br, without copying. Total_Length
// is checked before the body is awaited, so a peer announcing 4 GiB gets
// an error at once.
func (c *Conn) readPDU(br *bufio.Reader) (cmpp.Header, []byte, error) {
	c.deadline(br, cmpp.HeaderLen)
	hdr, err := br.Peek(cmpp.HeaderLen)
	if len(hdr) >= 4 {
		if h, herr := cmpp.ParseHeader(hdr); errors.Is(herr, cmpp.ErrTotalLength) {
			return h, nil, herr
		}
	}
	if err != nil {
		if err == io.EOF && len(hdr) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return cmpp.Header{}, nil, err
	}
	h, _ := cmpp.ParseHeader(hdr)
	n := int(h.TotalLength)
	c.deadline(br, n)
	pdu, err := br.Peek(n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return h, pdu, err
}

// deadline sets the read deadline when reading n octets will need the
// network.
func (c *Conn) deadline(br *bufio.Reader, n int) {
	if br.Buffered() < n && !c.peerTerminated.Load() {
		c.nc.SetReadDeadline(time.Now().Add(c.readLimit))
	}
}

var (
	activeTestResp = &cmpp.ActiveTestResp{}
	terminateResp  = &cmpp.TerminateResp{}
)

// dispatch handles one PDU from the peer: a response completes our
// request, a request goes to the Conn (ACTIVE_TEST, TERMINATE) or the
// Handler. An error ends the connection.
func (c *Conn) dispatch(h cmpp.Header, pdu []byte) error {
	c.received.Add(1)
	c.lastRecv.Store(time.Now().UnixNano())
	if h.CommandID.IsResponse() {
		_, p, err := c.codec.decode(&c.dec, pdu)
		if err != nil {
			return err
		}
		return c.complete(h, p)
	}
	switch h.CommandID {
	case cmpp.CmdActiveTest:
		if _, _, err := c.codec.decode(&c.dec, pdu); err != nil {
			return err
		}
		c.write(h.SequenceID, activeTestResp, false)
		return nil
	case cmpp.CmdTerminate:
		if _, _, err := c.codec.decode(&c.dec, pdu); err != nil {
			return err
		}
		if c.terminating.Load() {
			// Both ends sent TERMINATE at once. Neither may answer after
			// its own, so neither will see a TERMINATE_RESP: the session
			// is over as both asked, at once rather than after
			// CloseTimeout.
			c.log.Info("peer sent TERMINATE as we did")
			return ErrClosed
		}
		// Answer, write nothing more, and wait (T at most) for the peer,
		// which received the TERMINATE_RESP, to close the connection.
		c.log.Info("peer sent TERMINATE")
		c.peerTerminated.Store(true)
		c.nc.SetReadDeadline(time.Now().Add(c.cfg.Timeout))
		c.write(h.SequenceID, terminateResp, true)
		return nil
	case cmpp.CmdConnect:
		return errors.New("session: CMPP_CONNECT on a logged-in connection")
	}
	if c.terminating.Load() || c.peerTerminated.Load() {
		// No answer can follow a TERMINATE: a handler would act on a
		// request the peer then sees unanswered, and sends again later.
		if _, _, err := c.codec.decode(&c.dec, pdu); err != nil {
			return err
		}
		c.log.Info("request after TERMINATE not served", "command", h.CommandID, "sequence_id", h.SequenceID)
		return nil
	}
	return c.serve(h, pdu)
}

// complete hands a response to the request awaiting it.
func (c *Conn) complete(h cmpp.Header, p cmpp.Packet) error {
	c.mu.Lock()
	cl := c.pending[h.SequenceID]
	if cl == nil {
		c.mu.Unlock()
		c.late.Add(1)
		c.log.Info("late response dropped", "command", h.CommandID, "sequence_id", h.SequenceID)
		return nil
	}
	if cl.want != h.CommandID {
		c.mu.Unlock()
		return fmt.Errorf("session: %v with Sequence_Id %d answers a request that expects %v", h.CommandID, h.SequenceID, cl.want)
	}
	delete(c.pending, h.SequenceID)
	c.checkDrained()
	if cl.abandoned { // its caller has gone: the slot is free again
		cl.expire.Stop()
		c.mu.Unlock()
		c.late.Add(1)
		c.log.Info("late response dropped: its caller had given up", "command", h.CommandID, "sequence_id", h.SequenceID)
		<-c.window
		return nil
	}
	c.mu.Unlock()
	cl.resp = cmpp.Clone(p)
	cl.ch <- struct{}{}
	return nil
}

// keepAlive sends CMPP_ACTIVE_TEST after C without receiving anything and
// closes the connection after N unanswered in a row (spec §7.1).
func (c *Conn) keepAlive() {
	defer c.wg.Done()
	t := time.NewTimer(c.cfg.KeepAlive)
	defer t.Stop()
	misses := 0
	for {
		select {
		case <-t.C:
		case <-c.done:
			return
		}
		last := c.lastRecv.Load()
		if idle := time.Duration(time.Now().UnixNano() - last); idle < c.cfg.KeepAlive && misses == 0 {
			t.Reset(c.cfg.KeepAlive - idle)
			continue
		}
		var err error
		select {
		case c.window <- struct{}{}: // the link test is a request too
			c.linkTests.Add(1)
			_, err = c.roundTrip(context.Background(), &cmpp.ActiveTest{}, kindLinkTest)
			<-c.window
		default:
			// W requests await answers, so an ACTIVE_TEST would exceed
			// the window; they probe the link instead, and T without
			// anything received counts as a link test unanswered.
			err = c.awaitTraffic()
		}
		switch {
		case err == nil || c.lastRecv.Load() != last:
			misses = 0 // any traffic counts as life
			t.Reset(c.cfg.KeepAlive)
		case errors.Is(err, ErrTimeout):
			misses++
			c.log.Warn("link test unanswered", "misses", misses)
			if misses >= c.cfg.Attempts {
				c.end(ErrKeepAlive)
				return
			}
			t.Reset(0) // the spec: repeat the link test at once
		default:
			return // the connection ended
		}
	}
}

// awaitTraffic waits T, and reports an ErrTimeout if nothing was
// received meanwhile (the keep-alive tells life by lastRecv).
func (c *Conn) awaitTraffic() error {
	t := time.NewTimer(c.cfg.Timeout)
	defer t.Stop()
	select {
	case <-t.C:
		return ErrTimeout
	case <-c.done:
		return c.closedErr()
	}
}

// end ends the connection once: every request still awaiting a response
// gets the error, nothing more is written, the socket is closed.
func (c *Conn) end(cause error) {
	c.endOnce.Do(func() {
		c.err = cause
		if c.onEnd != nil {
			c.onEnd(c) // the Server forgets it before Done is closed
		}
		if cause == ErrClosed {
			c.log.Info("connection closed")
		} else {
			c.log.Warn("connection ended", "err", cause)
		}
		close(c.done)
		c.cancel()
		c.wmu.Lock()
		c.wstop = true
		c.wmu.Unlock()
		c.nc.Close()
		c.mu.Lock()
		calls := c.pending
		c.pending = make(map[uint32]*call)
		c.mu.Unlock()
		err := closed(cause)
		for _, cl := range calls {
			if cl.abandoned {
				cl.expire.Stop() // nobody waits: the window is closed with the Conn
				continue
			}
			cl.err = err
			cl.ch <- struct{}{}
		}
	})
}

func (c *Conn) ended() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

func (c *Conn) closedErr() error {
	select {
	case <-c.done:
		return closed(c.err)
	default:
		return closed(ErrClosed)
	}
}

// Close ends the session gracefully: new requests are refused at once,
// outstanding ones (ours awaiting responses, and the peer's awaiting a
// handler's answer) are awaited for CloseTimeout, CMPP_TERMINATE is sent
// (and nothing after it), and the connection is closed when the
// TERMINATE_RESP arrives or after CloseTimeout. Then Close waits for every
// goroutine of the Conn, handlers included (their Request.Context is done
// by then). It returns nil, also when the connection had already ended;
// see Err for why it did.
//
// Close may be called from inside ServeCMPP (to end the session after
// answering a request, say): it then waits for the other handlers, not
// for the one calling it. Answer the request first: Close waits
// (CloseTimeout at most) for every answer, the caller's included. (Close
// knows a handler by its stack, not by its Conn: called from a handler
// of another Conn, it leaves one of this Conn's handlers unawaited.)
func (c *Conn) Close() error {
	inHandler := calledFromHandler()
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closing = true
		c.checkDrained()
		c.mu.Unlock()
		if !c.ended() {
			t := time.NewTimer(c.cfg.CloseTimeout)
			select {
			case <-c.drained:
			case <-t.C:
				c.log.Warn("closing with requests outstanding", "in_flight", c.Stats().InFlight)
			case <-c.done:
			}
			t.Stop()
			ctx, cancel := context.WithTimeout(context.Background(), c.cfg.CloseTimeout)
			c.roundTrip(ctx, &cmpp.Terminate{}, kindTerminate)
			cancel()
		}
		c.end(ErrClosed)
	})
	c.wg.Wait() // the reader is gone: no handler starts after this
	c.waitHandlers(inHandler)
	return nil
}

// waitHandlers waits for the handler goroutines to return; called from
// inside a handler, for those not inside Close themselves.
func (c *Conn) waitHandlers(inHandler bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !inHandler {
		for c.handlersRunning > 0 {
			c.handlerDone.Wait()
		}
		return
	}
	c.handlerClosers++
	c.handlerDone.Broadcast()
	for c.handlersRunning > c.handlerClosers {
		c.handlerDone.Wait()
	}
	c.handlerClosers--
}

// runHandlerEntry is the entry PC of runHandler, the bottom frame of every
// handler goroutine.
var runHandlerEntry = reflect.ValueOf((*Conn).runHandler).Pointer()

// calledFromHandler reports whether the calling goroutine runs a Handler
// (of any Conn): whether runHandler is on its stack. Go gives goroutines
// no identity, and the stack is the one mark a handler goroutine carries
// at no cost to the request path; only Close looks.
func calledFromHandler() bool {
	pcs := make([]uintptr, 32)
	for {
		n := runtime.Callers(2, pcs)
		frames := runtime.CallersFrames(pcs[:n])
		for {
			f, more := frames.Next()
			if f.Entry == runHandlerEntry {
				return true
			}
			if !more {
				break
			}
		}
		if n < len(pcs) {
			return false
		}
		pcs = make([]uintptr, 2*len(pcs)) // a deep handler: look further
	}
}

// abort ends the connection at once, without TERMINATE.
func (c *Conn) abort(cause error) {
	c.end(cause)
}
