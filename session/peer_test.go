package session

import (
	"bufio"
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
)

// rawConn is the far end of a Conn under test, driven PDU by PDU from the
// test: it can answer late, twice, out of order, wrongly, or not at all,
// send garbage, and reset.
type rawConn struct {
	t  testing.TB
	nc net.Conn
	br *bufio.Reader
	d  cmpp.Decoder // d.Version is the layout it reads and writes
}

// dialRaw starts a raw gateway on loopback, has the Conn under test log in
// to it with cfg, and returns both. The raw side answers the CONNECT with
// Status 0 and the right AuthenticatorISMG.
func dialRaw(t testing.TB, cfg Config) (*Conn, *rawConn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	type dialed struct {
		c   *Conn
		err error
	}
	ch := make(chan dialed, 1)
	go func() {
		c, err := Dial(context.Background(), l.Addr().String(), cfg)
		ch <- dialed{c, err}
	}()
	nc, err := l.Accept()
	require.NoError(t, err)
	r := &rawConn{t: t, nc: nc, br: bufio.NewReader(nc)}
	t.Cleanup(func() { nc.Close() })
	h, p := r.read()
	req := p.(*cmpp.Connect)
	if req.Version != 0 {
		r.d.Version = req.Version // the login picks the layouts
	}
	r.write(h.SequenceID, r.d.Version.NewConnectResp(req, cmpp.StatusOK, cfg.Secret))
	d := <-ch
	require.NoError(t, d.err)
	t.Cleanup(func() { d.c.Close() })
	return d.c, r
}

// read reads one PDU (within 5 s) and decodes it into values that stay
// valid until the next read.
func (r *rawConn) read() (cmpp.Header, cmpp.Packet) {
	r.t.Helper()
	h, p, err := r.tryRead(5 * time.Second)
	require.NoError(r.t, err)
	return h, p
}

func (r *rawConn) tryRead(wait time.Duration) (cmpp.Header, cmpp.Packet, error) {
	r.nc.SetReadDeadline(time.Now().Add(wait))
	pdu, err := cmpp.ReadPacket(r.br, nil)
	if err != nil {
		return cmpp.Header{}, nil, err
	}
	return r.d.Decode(pdu)
}

func (r *rawConn) write(seq uint32, p cmpp.Packet) {
	r.t.Helper()
	b, err := r.d.Version.Append(nil, seq, p)
	require.NoError(r.t, err)
	r.writeRaw(b)
}

func (r *rawConn) writeRaw(b []byte) {
	r.t.Helper()
	r.nc.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err := r.nc.Write(b)
	require.NoError(r.t, err)
}

// reset closes the TCP connection with an RST instead of a FIN.
func (r *rawConn) reset() {
	r.nc.(*net.TCPConn).SetLinger(0)
	r.nc.Close()
}

func submit(n int) *cmpp.Submit {
	return &cmpp.Submit{PkTotal: 1, PkNumber: 1, MsgContent: []byte{byte(n)},
		DestTerminalIDs: [][]byte{[]byte("13800138000")}}
}

func listen(t testing.TB) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return l
}

// connectRaw dials addr and sends a CONNECT asking for version v, and
// returns the raw CONNECT_RESP PDU (nil if the server closed first).
func connectRaw(t testing.TB, addr string, v cmpp.Version, sp, secret string) (*rawConn, *cmpp.Connect, []byte) {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	r := &rawConn{t: t, nc: nc, br: bufio.NewReader(nc)}
	req := cmpp.NewConnect(sp, secret, time.Now())
	req.Version = v
	r.write(1, req)
	nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	pdu, err := cmpp.ReadPacket(r.br, nil)
	if err != nil {
		return r, req, nil
	}
	return r, req, pdu
}

// loginRaw logs in to a Server by hand and returns the raw connection.
func loginRaw(t testing.TB, addr string, v cmpp.Version, secret string) *rawConn {
	t.Helper()
	r, req, pdu := connectRaw(t, addr, v, testSP, secret)
	require.NotNil(t, pdu)
	_, p, err := cmpp.Decode(pdu)
	require.NoError(t, err)
	resp := p.(*cmpp.ConnectResp)
	require.Equal(t, cmpp.StatusOK, resp.Status)
	require.True(t, resp.Verify(req.AuthenticatorSource, secret))
	return r
}
