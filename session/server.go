package session

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/go-cmpp/cmpp"
)

// Server accepts CMPP logins (a gateway, ISMG, or a simulator of one) and
// runs a Conn for each, with the shape of net/http's Server: Serve or
// ListenAndServe, then Shutdown.
//
// For each connection it bounds the wait for a complete CMPP_CONNECT
// (Config.LoginTimeout, 10 s), checks the version and the
// AuthenticatorSource, and answers with CMPP_CONNECT_RESP. A refusal is a
// CONNECT_RESP with the Status and 16 zero octets as AuthenticatorISMG, in
// the layout of the version the client asked for, after which the server
// closes the connection (spec reference §5.4, §6.2; DESIGN §10).
type Server struct {
	// Addr is the address ListenAndServe listens on; empty means ":7890",
	// the spec's SP–ISMG long-connection port.
	Addr string
	// Config configures every Conn: Window, Timeout, Attempts, KeepAlive,
	// Handler, Logger, LoginTimeout, … SourceAddr and Version are unused;
	// Secret is the secret of every account when Authenticate is nil.
	Config Config
	// Versions are the versions accepted (3.0 when empty). A CONNECT
	// asking for a higher version is refused with Status 4 (version too
	// high), any other with Status 5 (other error): the spec has no
	// "version too low".
	Versions []cmpp.Version
	// Authenticate gives the secret of the account sourceAddr, or a
	// refusal Status (such as cmpp.StatusBadSourceAddr) when there is no
	// such account. Nil (and Login nil) accepts every Source_Addr with
	// Config.Secret.
	Authenticate func(sourceAddr string) (secret string, status cmpp.ConnectStatus)
	// Login, if set, decides each login instead of Authenticate, with
	// everything the CONNECT says: a gateway that binds an account to its
	// addresses or allows it only some versions refuses here, with the
	// Status it chooses, before the session starts. It runs after the
	// check against Versions, and its secret is then checked against the
	// AuthenticatorSource.
	Login func(l Login) (secret string, status cmpp.ConnectStatus)
	// OnConn, if set, is called with each logged-in Conn, in a goroutine
	// of its own that Shutdown waits for: a gateway keeps the Conn to push
	// DELIVERs on it, and drops it when its Done channel closes. The Conn
	// may have ended already (a client that hangs up, or sends garbage,
	// right after its login): Done is then closed, Err says why, requests
	// on it fail at once with that error, and Conns no longer lists it.
	OnConn func(*Conn)

	mu        sync.Mutex
	cfg       Config
	listeners map[net.Listener]struct{}
	logins    map[net.Conn]struct{}
	conns     map[*Conn]struct{}
	shutdown  bool
	wg        sync.WaitGroup // login goroutines and OnConn calls
}

// Login is a CONNECT being decided by Server.Login.
type Login struct {
	SourceAddr string        // Source_Addr: the SP_Id, or a gateway code
	Version    cmpp.Version  // the version asked for
	Remote     net.Addr      // the client's address
	Connect    *cmpp.Connect // the whole CONNECT, valid during the call
}

// ListenAndServe listens on s.Addr and calls Serve.
func (s *Server) ListenAndServe() error {
	addr := s.Addr
	if addr == "" {
		addr = ":7890"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Serve accepts connections on l until Shutdown, then returns
// ErrServerClosed; any other error from l.Accept is returned. Serve
// closes l.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.shutdown {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	if s.listeners == nil {
		s.cfg = s.Config.withDefaults()
		s.listeners = map[net.Listener]struct{}{}
		s.logins = map[net.Conn]struct{}{}
		s.conns = map[*Conn]struct{}{}
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
		l.Close()
	}()

	var pause time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.isShutdown() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				pause = min(max(2*pause, 5*time.Millisecond), time.Second)
				s.cfg.Logger.Warn("accept", "err", err, "retry_in", pause)
				time.Sleep(pause)
				continue
			}
			return err
		}
		pause = 0
		s.mu.Lock()
		if s.shutdown {
			s.mu.Unlock()
			nc.Close()
			return ErrServerClosed
		}
		s.logins[nc] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.login(nc)
	}
}

func (s *Server) isShutdown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shutdown
}

// Shutdown stops accepting, closes every connection gracefully (Close:
// outstanding requests awaited, TERMINATE, TERMINATE_RESP) and waits for
// them. When ctx ends first, the connections left are closed at once and
// ctx's error is returned. No goroutine of the Server outlives it.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.shutdown = true
	for l := range s.listeners {
		l.Close()
	}
	for nc := range s.logins {
		nc.Close() // a login in progress fails at once
	}
	conns := make([]*Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()

	var closing sync.WaitGroup
	for _, c := range conns {
		closing.Go(func() { c.Close() })
	}
	all := make(chan struct{})
	go func() {
		closing.Wait()
		s.wg.Wait()
		close(all)
	}()
	select {
	case <-all:
		return nil
	case <-ctx.Done():
		for _, c := range conns {
			c.abort(ErrServerClosed)
		}
		<-all
		return ctx.Err()
	}
}

// Conns returns the connections logged in now: a Conn is listed from
// before it reads its first request (and so before OnConn is called)
// until just before its Done closes.
func (s *Server) Conns() []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Conn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

// login runs one login, then hands the Conn to OnConn.
func (s *Server) login(nc net.Conn) {
	defer s.wg.Done()
	c, err := s.accept(nc)
	s.mu.Lock()
	delete(s.logins, nc)
	if err != nil {
		s.mu.Unlock()
		nc.Close()
		s.cfg.Logger.Info("login failed", "remote", nc.RemoteAddr().String(), "err", err)
		return
	}
	if s.shutdown { // Shutdown began during the login: no session
		s.mu.Unlock()
		c.start().abort(ErrServerClosed)
		c.Close()
		return
	}
	// Listed and started under s.mu: Conns (and Shutdown) see it only
	// started, its handlers and its end (forget) wait for s.mu, so it is
	// listed before its first request is served and cannot be forgotten
	// before it is listed.
	s.conns[c] = struct{}{}
	c.start()
	s.mu.Unlock()
	if s.OnConn != nil {
		s.OnConn(c)
	}
}

// accept reads the CONNECT, decides, answers, and makes the Conn, which
// login lists and then starts.
func (s *Server) accept(nc net.Conn) (*Conn, error) {
	cfg := s.cfg
	nc.SetDeadline(time.Now().Add(cfg.LoginTimeout))
	pdu, err := cmpp.ReadPacket(nc, make([]byte, 0, 64))
	if err != nil {
		return nil, err
	}
	h, err := cmpp.ParseHeader(pdu)
	if err != nil {
		return nil, err
	}
	if h.CommandID != cmpp.CmdConnect {
		return nil, fmt.Errorf("session: %v before CMPP_CONNECT", h.CommandID)
	}
	// CONNECT has one layout in every version; its Version field then
	// picks the layout of everything else.
	var req cmpp.Connect
	if err := req.DecodeBody(pdu[cmpp.HeaderLen:]); err != nil {
		s.refuse(nc, h.SequenceID, cmpp.Version30, cmpp.StatusBadStructure)
		return nil, err
	}
	secret, status := s.check(&req, nc.RemoteAddr())
	if status != cmpp.StatusOK {
		s.refuse(nc, h.SequenceID, req.Version, status)
		return nil, &LoginError{Status: status, Version: s.highest()}
	}
	cd := codec{version: req.Version}
	resp := cd.connectResp(&req, cmpp.StatusOK, secret)
	resp.Version = s.highest()
	b, err := cd.append(nil, h.SequenceID, resp)
	if err != nil {
		return nil, err
	}
	if _, err := nc.Write(b); err != nil {
		return nil, err
	}
	nc.SetDeadline(time.Time{})
	c := newConn(nc, cfg, req.Version, string(req.SourceAddr), 0, s.forget)
	c.log.Info("logged in", "version", req.Version)
	return c, nil
}

// check decides a login: version, account, authenticator, in that order.
func (s *Server) check(req *cmpp.Connect, remote net.Addr) (secret string, status cmpp.ConnectStatus) {
	if !slices.Contains(s.versions(), req.Version) {
		if req.Version > s.highest() {
			return "", cmpp.StatusVersionTooHigh
		}
		return "", 5 // other error: the spec has no "version too low"
	}
	if !supported(req.Version) {
		s.cfg.Logger.Error("a configured version has no codec layouts", "version", req.Version)
		return "", 5
	}
	secret = s.cfg.Secret
	switch {
	case s.Login != nil:
		secret, status = s.Login(Login{SourceAddr: string(req.SourceAddr), Version: req.Version, Remote: remote, Connect: req})
	case s.Authenticate != nil:
		secret, status = s.Authenticate(string(req.SourceAddr))
	}
	if status != cmpp.StatusOK {
		return "", status
	}
	if !req.Verify(secret) {
		return "", cmpp.StatusAuthFailed
	}
	return secret, cmpp.StatusOK
}

func (s *Server) versions() []cmpp.Version {
	if len(s.Versions) == 0 {
		return []cmpp.Version{cmpp.Version30}
	}
	return s.Versions
}

func (s *Server) highest() cmpp.Version { return slices.Max(s.versions()) }

// refuse answers a refused CONNECT: the Status, 16 zero octets, the
// highest version supported, in the layout of the version asked for.
func (s *Server) refuse(nc net.Conn, seq uint32, asked cmpp.Version, status cmpp.ConnectStatus) {
	cd := codec{version: asked}
	resp := cd.connectResp(nil, status, "")
	resp.Version = s.highest()
	b, err := cd.append(nil, seq, resp)
	if err != nil { // a Status the layout cannot carry: above 255 in 2.x
		s.cfg.Logger.Warn("refusal Status does not fit the version asked for: sending 5 (other error)",
			"status", uint32(status), "version", asked, "err", err)
		resp.Status = 5
		b, err = cd.append(nil, seq, resp)
	}
	if err == nil {
		nc.Write(b)
	}
}

func (s *Server) forget(c *Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}
