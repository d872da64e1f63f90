// Package session runs CMPP over TCP: a client that logs in to a gateway
// (Dial), a server that accepts logins (Server), and one Conn type for both
// ends of a logged-in connection that sends requests with a window, answers
// the peer's requests through a Handler, keeps the link alive and closes it
// with TERMINATE. It implements the communication rules of the CMPP 3.0
// specification, §7 (spec reference §2), on top of package cmpp.
//
// # Requests
//
// Conn.Submit, Conn.Deliver and Conn.Do may be called from any number of
// goroutines. At most Config.Window (W) requests are on the wire awaiting a
// response at once; the other callers wait for a slot, bounded by their
// context. Responses are matched to requests by Sequence_Id and by the
// response Command_Id expected, in any order. Every request ends with
// exactly one outcome:
//
//   - its response (a Result other than 0 is not an error: read it);
//   - a *TimeoutError after Attempts sends each unanswered for Timeout (T);
//   - the caller's context error;
//   - the connection's error (errors.Is(err, ErrClosed) holds; the cause,
//     such as a reset or a malformed PDU, is wrapped).
//
// A response that arrives after its request ended is dropped and counted in
// Stats.LateResponses; it is never handed to another caller.
//
// The window counts what the peer counts: a request whose caller's
// context ends while it is on the wire returns at once, but keeps its
// window slot (and its place in Stats.InFlight) until the peer answers it
// or T after its last send, since the peer still has it outstanding. It is
// not resent. A link test takes a slot too; with the window full the
// outstanding requests probe the link instead (see Keep-alive). Only
// CMPP_TERMINATE, sent by Close after the outstanding requests had
// CloseTimeout to finish, may go out with the window full.
//
// # Resending
//
// When no response arrives T after a send, the request is sent again with
// the same Sequence_Id (spec §7.1: resend at once, N sends in all). Keeping
// the Sequence_Id lets a late response to an earlier send still complete
// the request, and lets the gateway recognise the copy as a duplicate
// instead of sending the SMS twice. T restarts at each send and the
// request keeps its one window slot. Attempts = 1 gives at-most-once
// sending. A Result 3 (duplicate sequence number) answering a resend means
// that an earlier send arrived: Submit returns the response together with
// an error matching ErrDuplicate, so that it is not taken for a fresh
// failure.
//
// # Incoming requests
//
// Requests from the peer (DELIVER on an SP's connection, SUBMIT on a
// gateway's) go to Config.Handler, each in its own goroutine, so a slow
// handler never delays the responses to our own requests. The handler
// answers by calling ResponseWriter.Respond exactly once, before or after
// ServeCMPP returns and from any goroutine. Request.Packet is valid until
// ServeCMPP returns; use cmpp.Clone to keep it longer. CMPP_ACTIVE_TEST
// and CMPP_TERMINATE are answered by the Conn itself. A request that
// arrives after either end's TERMINATE is not served: no answer may
// follow a TERMINATE, so the peer sends it again on its next connection.
//
// # Keep-alive and closing
//
// After KeepAlive (C) without receiving anything, the Conn sends
// CMPP_ACTIVE_TEST; Attempts (N) link tests unanswered in a row close the
// connection (after about C + N·T). Any PDU received counts as life. When
// W requests already await answers, no ACTIVE_TEST is sent (it would be
// one more than W): T without receiving anything then counts as one
// unanswered. Every
// read and write has a deadline: a read waits at most IdleTimeout, also
// with link tests off; a write at most T. Close stops new requests, waits a bounded
// time for the outstanding ones, sends CMPP_TERMINATE, writes nothing
// after it, and closes the TCP connection when the TERMINATE_RESP arrives
// (or after T). No goroutine of a Conn outlives Close. A handler may call
// Close too, after answering: it then waits for the other handlers only.
package session

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/time/rate"

	"github.com/go-cmpp/cmpp"
)

// The spec's recommended values (§7.1, §7.2; spec reference §2.2), used
// for a zero Config field.
const (
	DefaultWindow    = 16               // W
	DefaultTimeout   = 60 * time.Second // T
	DefaultAttempts  = 3                // N
	DefaultKeepAlive = 3 * time.Minute  // C

	// DefaultLoginTimeout bounds the time a server waits for a complete
	// CONNECT, and a client for the CONNECT_RESP.
	DefaultLoginTimeout = 10 * time.Second
	// DefaultFlowControlBackoff is the pause after a Result 8.
	DefaultFlowControlBackoff = time.Second
)

// Config is the configuration of one connection. The zero value of each
// field means the spec's recommendation (C = 3 min, T = 60 s, N = 3,
// W = 16) or the documented default.
type Config struct {
	// SourceAddr and Secret are the client's credentials: the SP_Id (or a
	// gateway code) sent as Source_Addr in CMPP_CONNECT, and the shared
	// secret of the authenticators (spec reference §5.3, §5.4).
	SourceAddr string
	Secret     string
	// Version is the version the client asks for in CMPP_CONNECT; zero
	// means 3.0. The Conn encodes and decodes with it.
	Version cmpp.Version
	// Window is W, the most requests awaiting a response at once (16).
	Window int
	// Timeout is T, the wait for a response before resending (60 s). It
	// also bounds each write, and the wait for the peer to close after it
	// sent TERMINATE.
	Timeout time.Duration
	// Attempts is N, the sends of a request in all, and the link tests
	// unanswered in a row that close the connection (3).
	Attempts int
	// KeepAlive is C, the time without receiving anything after which a
	// CMPP_ACTIVE_TEST is sent (3 min). A negative value turns our link
	// tests off, not the read deadline (IdleTimeout).
	KeepAlive time.Duration
	// Handler answers the peer's requests. Nil answers each with Result 2
	// (命令字错, command word error) where its response has a Result, the
	// bare response otherwise, and logs it: nothing is acknowledged as
	// handled that was not.
	Handler Handler
	// Logger receives connection events (login, link tests, resends, late
	// responses, errors). Nil discards them.
	Logger *slog.Logger

	// LoginTimeout bounds the login (10 s): a server's wait for a
	// complete CONNECT, a client's wait for the CONNECT_RESP.
	LoginTimeout time.Duration
	// CloseTimeout bounds how long Close waits for outstanding requests
	// before sending TERMINATE, and then for the TERMINATE_RESP (T).
	CloseTimeout time.Duration
	// Limiter, if set, paces the requests sent by Submit, Deliver and Do
	// (not link tests or TERMINATE). One Limiter may be shared by the
	// several connections of an account.
	Limiter *rate.Limiter
	// FlowControlBackoff is the pause after a response with Result 8
	// (流量控制错, flow control): requests not yet sent wait until it ends
	// (1 s; negative turns it off). It doubles for each further Result 8
	// in a row, up to 16 times the base, and a success resets it.
	FlowControlBackoff time.Duration
	// IdleTimeout bounds the wait for the next PDU from the peer: it is
	// the deadline of every read, after which the connection ends with an
	// error matching os.ErrDeadlineExceeded. Zero (or negative) means
	// 2(C + N·T) + 1 s: a backstop behind the keep-alive, which closes a
	// silent connection after about C + N·T. With KeepAlive negative, C
	// is then the spec's 3 min: we send no link tests, but the peer must
	// send its own after C without traffic (spec §7.1, spec reference
	// §2.1), so a peer silent for twice as long as its link tests would
	// have taken is gone. Set it longer for a peer that does neither.
	IdleTimeout time.Duration
	// MaxHandlers bounds the handler goroutines running at once (256).
	// When all are busy the Conn stops reading until one returns.
	MaxHandlers int
}

func (c Config) withDefaults() Config {
	if c.Version == 0 {
		c.Version = cmpp.Version30
	}
	if c.Window <= 0 {
		c.Window = DefaultWindow
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Attempts <= 0 {
		c.Attempts = DefaultAttempts
	}
	if c.KeepAlive == 0 {
		c.KeepAlive = DefaultKeepAlive
	}
	if c.LoginTimeout <= 0 {
		c.LoginTimeout = DefaultLoginTimeout
	}
	if c.CloseTimeout <= 0 {
		c.CloseTimeout = c.Timeout
	}
	if c.FlowControlBackoff == 0 {
		c.FlowControlBackoff = DefaultFlowControlBackoff
	}
	if c.IdleTimeout <= 0 {
		keepAlive := c.KeepAlive
		if keepAlive < 0 {
			keepAlive = DefaultKeepAlive
		}
		c.IdleTimeout = 2*(keepAlive+time.Duration(c.Attempts)*c.Timeout) + time.Second
	}
	if c.MaxHandlers <= 0 {
		c.MaxHandlers = 256
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

var (
	// ErrClosed is matched (errors.Is) by every error a request gets
	// because its connection ended: Close, the peer's TERMINATE, a reset,
	// a malformed PDU, unanswered link tests. The cause is wrapped too.
	ErrClosed = errors.New("session: connection closed")
	// ErrServerClosed is returned by Serve after Shutdown.
	ErrServerClosed = errors.New("session: server closed")
	// ErrTimeout is matched by a *TimeoutError.
	ErrTimeout = errors.New("session: request timed out")
	// ErrDuplicate is matched by the error returned with a Result 3
	// (duplicate sequence number) that answers a resend: an earlier send
	// of the request reached the peer, whose answer to it was lost.
	ErrDuplicate = errors.New("session: resend answered as a duplicate: an earlier send arrived")
	// ErrBadAuthenticator means the gateway's AuthenticatorISMG is not
	// the one the secret gives: the peer does not know the secret.
	ErrBadAuthenticator = errors.New("session: AuthenticatorISMG does not match the secret")
	// ErrKeepAlive is the cause when N link tests in a row went
	// unanswered.
	ErrKeepAlive = errors.New("session: link tests unanswered")
	// ErrTerminated is the cause when the peer ended the session with
	// CMPP_TERMINATE.
	ErrTerminated = errors.New("session: terminated by the peer")
)

// LoginError is a refused login: the Status of the CONNECT_RESP (spec
// reference §6.2, §9.1).
type LoginError struct {
	Status  cmpp.ConnectStatus
	Version cmpp.Version // the highest version the server supports
}

func (e *LoginError) Error() string {
	return fmt.Sprintf("session: login refused: Status %d (%v), server version %v", uint32(e.Status), e.Status, e.Version)
}

// TimeoutError is a request that got no response to any of its Attempts
// sends, each awaited for Timeout.
type TimeoutError struct {
	Command    cmpp.CommandID
	SequenceID uint32
	Attempts   int
	Wait       time.Duration // T, the wait after each send
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("session: %v Sequence_Id %d: no response after %d sends of %v each", e.Command, e.SequenceID, e.Attempts, e.Wait)
}

// Timeout reports true, as net.Error's method does.
func (e *TimeoutError) Timeout() bool { return true }

// Is makes errors.Is(err, ErrTimeout) true.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimeout }

// closedError is the error of a request whose connection ended.
type closedError struct{ cause error }

func (e *closedError) Error() string {
	if e.cause == nil || e.cause == ErrClosed {
		return ErrClosed.Error()
	}
	return ErrClosed.Error() + ": " + e.cause.Error()
}
func (e *closedError) Unwrap() error        { return e.cause }
func (e *closedError) Is(target error) bool { return target == ErrClosed }

func closed(cause error) error { return &closedError{cause} }

// Stats is a snapshot of a Conn's counters.
type Stats struct {
	Sent          uint64 // PDUs written: requests (resends included) and responses
	Received      uint64 // PDUs read
	InFlight      int    // our requests awaiting a response now (abandoned ones included)
	Timeouts      uint64 // requests that ended without a response
	Resends       uint64 // sends after the first
	LateResponses uint64 // responses to requests that had already ended
	FlowControl   uint64 // responses with Result 8
	LinkTests     uint64 // CMPP_ACTIVE_TEST sent by the keep-alive
}
