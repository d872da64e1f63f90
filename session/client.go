package session

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/go-cmpp/cmpp"
)

// Dial connects to the gateway at addr over TCP and logs in with
// cfg.SourceAddr, cfg.Secret and cfg.Version: CMPP_CONNECT, then a
// CMPP_CONNECT_RESP whose AuthenticatorISMG is checked against the secret
// (spec reference §5.3, §5.4). ctx bounds the dial and the login (and so
// does cfg.LoginTimeout); once Dial returns, ctx no longer matters.
//
// A refused login gives a *LoginError carrying the Status, also when the
// gateway refused in the CONNECT_RESP layout of another version than the
// one asked for; a gateway that does not prove it knows the secret gives
// ErrBadAuthenticator.
func Dial(ctx context.Context, addr string, cfg Config) (*Conn, error) {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, cfg.LoginTimeout)
	defer cancel()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return client(ctx, nc, cfg)
}

// Client logs in over nc, an established connection (a TLS connection, a
// proxy's, a test pipe), as Dial does after dialling. On error nc is
// closed.
func Client(ctx context.Context, nc net.Conn, cfg Config) (*Conn, error) {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, cfg.LoginTimeout)
	defer cancel()
	return client(ctx, nc, cfg)
}

// loginSeq is the Sequence_Id of the CONNECT; the Conn's own requests
// continue from it.
const loginSeq = 1

func client(ctx context.Context, nc net.Conn, cfg Config) (*Conn, error) {
	resp, err := login(ctx, nc, cfg)
	if err != nil {
		nc.Close()
		return nil, err
	}
	c := newConn(nc, cfg, cfg.Version, cfg.SourceAddr, loginSeq, nil).start()
	c.log.Info("logged in", "version", cfg.Version, "server_version", resp.Version)
	return c, nil
}

func login(ctx context.Context, nc net.Conn, cfg Config) (*cmpp.ConnectResp, error) {
	deadline, _ := ctx.Deadline()
	nc.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	fail := func(err error) (*cmpp.ConnectResp, error) {
		// The socket's deadline is ctx's: its timeout may come first.
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() && !time.Now().Before(deadline) {
			return nil, fmt.Errorf("session: login: %w (%v)", context.DeadlineExceeded, err)
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("session: login: %w (%v)", ctx.Err(), err)
		}
		return nil, fmt.Errorf("session: login: %w", err)
	}

	cd := codec{version: cfg.Version}
	req := cmpp.NewConnect(cfg.SourceAddr, cfg.Secret, time.Now())
	req.Version = cfg.Version
	if err := req.Validate(); err != nil {
		return nil, err
	}
	b, err := cd.append(nil, loginSeq, req)
	if err != nil {
		return nil, err
	}
	if _, err := nc.Write(b); err != nil {
		return fail(err)
	}
	pdu, err := cmpp.ReadPacket(nc, make([]byte, 0, 64))
	if err != nil {
		return fail(err)
	}
	var dec cmpp.Decoder
	h, p, err := cd.decode(&dec, pdu)
	if err != nil {
		if le := refusedInOtherLayout(cfg.Version, pdu); le != nil {
			return nil, le
		}
		return fail(err)
	}
	resp, ok := p.(*cmpp.ConnectResp)
	if !ok || h.SequenceID != loginSeq {
		return fail(fmt.Errorf("got %v Sequence_Id %d, want CMPP_CONNECT_RESP Sequence_Id %d", h.CommandID, h.SequenceID, loginSeq))
	}
	if resp.Status != cmpp.StatusOK {
		return nil, &LoginError{Status: resp.Status, Version: resp.Version}
	}
	if !cd.verify(resp, req.AuthenticatorSource, cfg.Secret) {
		return nil, ErrBadAuthenticator
	}
	nc.SetDeadline(time.Time{})
	return resp, nil
}

// refusedInOtherLayout reads a CONNECT_RESP that did not decode in the
// layout of the version asked for, in the other one (33 octets in 3.0, 30
// with a 1-octet Status in 2.x; spec reference §6.2, §12.1): a gateway
// that does not speak the version asked for may refuse it in its own. A
// refusal read so is the *LoginError it is; anything else is nil, and
// the decoding error stands.
func refusedInOtherLayout(asked cmpp.Version, pdu []byte) *LoginError {
	other := cmpp.Version20
	if asked>>4 == 2 {
		other = cmpp.Version30
	}
	h, p, err := other.Decode(pdu)
	if err != nil || h.SequenceID != loginSeq {
		return nil
	}
	resp, ok := p.(*cmpp.ConnectResp)
	if !ok || resp.Status == cmpp.StatusOK {
		return nil
	}
	return &LoginError{Status: resp.Status, Version: resp.Version}
}
