package cmpptest

import (
	"encoding/binary"
	"net"
	"sync"

	"github.com/go-cmpp/cmpp"
)

// A TraceEvent is one PDU on the wire, seen by the simulator.
type TraceEvent struct {
	// Remote is the SP's address (host:port).
	Remote string
	// In is true for a PDU the SP sent, false for one the simulator sent.
	In bool
	// PDU is the whole PDU, header included. It is valid only during the
	// call to Config.Trace. It is nil when Closed is set.
	PDU []byte
	// Closed is set on the last event of a connection: it has ended (by
	// TERMINATE, a drop, an error or a refused login), and nothing more is
	// traced for it. A trace that keeps state per Remote drops it here.
	Closed bool
}

// listener accepts the connections the session.Server logs in, wrapped
// so that the simulator can trace their PDUs and drop them at once.
type listener struct {
	net.Listener
	trace func(TraceEvent)

	mu    sync.Mutex
	conns map[*wireConn]struct{}
}

func (l *listener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	c := &wireConn{Conn: nc, l: l, remote: nc.RemoteAddr().String()}
	l.mu.Lock()
	if l.conns == nil {
		l.conns = map[*wireConn]struct{}{}
	}
	l.conns[c] = struct{}{}
	l.mu.Unlock()
	return c, nil
}

// drop closes every connection at once, without TERMINATE: for the SP, the
// gateway went away.
func (l *listener) drop() int {
	l.mu.Lock()
	conns := make([]*wireConn, 0, len(l.conns))
	for c := range l.conns {
		conns = append(conns, c)
	}
	l.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
	return len(conns)
}

// wireConn is one accepted connection. With tracing on, it cuts what is
// read and written into PDUs by Total_Length (spec reference §3) and hands
// each to the trace function.
type wireConn struct {
	net.Conn
	l      *listener
	remote string

	in, out cutter

	// The Closed event comes after every trace of the connection: after
	// Close, once no Read or Write is tracing (active), and a Write
	// begun after Close is not traced (it writes nothing).
	tmu     sync.Mutex
	active  int
	closed  bool
	endOnce sync.Once
}

// cutter holds the part of a PDU not yet complete, in one direction.
type cutter struct {
	mu     sync.Mutex
	acc    []byte
	broken bool // a bad Total_Length was seen: the rest cannot be framed
}

func (c *wireConn) Read(p []byte) (int, error) {
	tracing := c.begin()
	n, err := c.Conn.Read(p)
	if tracing {
		if n > 0 {
			c.cut(&c.in, p[:n], true)
		}
		c.end()
	}
	return n, err
}

// Write traces before writing, so that a PDU's trace comes before the
// trace of the peer's answer to it.
func (c *wireConn) Write(p []byte) (int, error) {
	if c.begin() {
		c.cut(&c.out, p, false)
		defer c.end()
	}
	return c.Conn.Write(p)
}

// begin reports whether a Read or Write is to be traced: tracing is on
// and the connection not closed. If so, end must follow.
func (c *wireConn) begin() bool {
	if c.l.trace == nil {
		return false
	}
	c.tmu.Lock()
	defer c.tmu.Unlock()
	if c.closed {
		return false
	}
	c.active++
	return true
}

// end ends a traced Read or Write; the last one after Close traces the
// end of the connection.
func (c *wireConn) end() {
	c.tmu.Lock()
	c.active--
	last := c.closed && c.active == 0
	c.tmu.Unlock()
	if last {
		c.traceClosed()
	}
}

func (c *wireConn) traceClosed() {
	c.endOnce.Do(func() { c.l.trace(TraceEvent{Remote: c.remote, Closed: true}) })
}

// cut adds b to what d holds and traces every PDU completed. A
// Total_Length outside 12 … MaxPacketLen is traced as it is and ends
// tracing in that direction (the session reports the error and ends the
// connection).
func (c *wireConn) cut(d *cutter, b []byte, in bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.broken {
		return
	}
	acc := append(d.acc, b...)
	for len(acc) >= 4 {
		n := int(binary.BigEndian.Uint32(acc))
		if n < cmpp.HeaderLen || n > cmpp.MaxPacketLen {
			c.l.trace(TraceEvent{Remote: c.remote, In: in, PDU: acc})
			d.acc, d.broken = nil, true
			return
		}
		if len(acc) < n {
			break
		}
		c.l.trace(TraceEvent{Remote: c.remote, In: in, PDU: acc[:n]})
		acc = acc[n:]
	}
	d.acc = append(d.acc[:0], acc...) // acc may alias d.acc: copy moves it to the front
}

func (c *wireConn) Close() error {
	c.l.mu.Lock()
	delete(c.l.conns, c)
	c.l.mu.Unlock()
	err := c.Conn.Close()
	if c.l.trace != nil {
		c.tmu.Lock()
		c.closed = true
		last := c.active == 0
		c.tmu.Unlock()
		if last {
			c.traceClosed()
		}
	}
	return err
}
