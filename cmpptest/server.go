// Package cmpptest runs a CMPP gateway (ISMG) simulator in the process,
// for the tests of an SP application, as net/http/httptest runs an HTTP
// server:
//
//	gw := cmpptest.NewServer(cmpptest.Config{})
//	defer gw.Close()
//	conn, err := session.Dial(ctx, gw.Addr, session.Config{
//		SourceAddr: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret,
//	})
//	… conn.Submit(ctx, sub) …
//	got := gw.Submits() // what the gateway received, with the Msg_Ids it gave
//
// The simulator is built on session.Server and speaks the SP–ISMG side of
// CMPP 3.0 (spec reference §6). It logs SPs in against its accounts,
// answers CMPP_SUBMIT with real Msg_Ids (§5.5: the time in China Standard
// Time, its gateway code and a sequence number that restarts each second;
// a SUBMIT to n recipients reserves n ids, Appendix 1), enforces each
// account's window (W, §2.2) and submit rate with Result 8 (流量控制错,
// §9.2), and sends the status reports asked for (Registered_Delivery 1,
// §6.8.1) after a delay, with a weighted mix of Stat values. A SUBMIT
// resent with the Sequence_Id of one it accepted (a session's resend after
// T, spec reference §2.2) is recognised as a duplicate: answered with
// Result 3 or the original response (Config.Duplicates), never a second
// message. Tests inject MO messages (long texts become concatenated
// DELIVERs) and reports, read the SUBMITs received, and switch faults on
// and off while the SP runs: slow responses, a fixed Result, no response
// at all, dropped connections.
//
// Every goroutine of a Server ends by the time Close returns.
package cmpptest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/go-cmpp/cmpp/session"
)

// The default account, used when Config.Accounts is empty.
const (
	DefaultSPID    = "901234"     // SP_Id, the Source_Addr of CMPP_CONNECT
	DefaultSecret  = "secret"     // the shared secret of the authenticators
	DefaultSPCode  = "1065712345" // SP_Code: the Dest_Id of MO messages sent to the SP
	DefaultGateway = 1001         // the ISMG_Id in Msg_Ids, "001001" (Beijing no. 1)
	DefaultWindow  = session.DefaultWindow
)

// Account is an SP allowed to log in.
type Account struct {
	// SPID is the SP_Id, which the SP sends as Source_Addr in CMPP_CONNECT
	// and as Msg_src in CMPP_SUBMIT.
	SPID string
	// Secret is the shared secret (spec reference §5.3, §5.4).
	Secret string
	// Versions are the versions the account may log in with (3.0 when
	// empty).
	Versions []cmpp.Version
	// SPCode is the SP's service number: the Dest_Id of the MO messages
	// sent to it (DefaultSPCode when empty).
	SPCode string
	// Window is W, the most SUBMITs of one connection awaiting a response
	// at once (16 when zero, spec reference §2.2); a SUBMIT beyond it is
	// answered with Result 8. Negative turns the check off.
	Window int
	// Rate is the SUBMITs per second allowed, over all the account's
	// connections; a SUBMIT over it is answered with Result 8. Zero is
	// unlimited.
	Rate float64
	// Burst is the SUBMITs allowed at once above Rate (Rate/10, at least
	// 1, when zero).
	Burst int
	// ReportDelay is the time between the SUBMIT_RESP and the status
	// report of a SUBMIT with Registered_Delivery 1.
	ReportDelay time.Duration
	// Stats is the weighted mix of the Stat values of the status reports;
	// empty means always DELIVRD.
	Stats []StatWeight
}

// StatWeight is one Stat value of a report mix (spec reference §6.8.1,
// table 1) and its weight: {"DELIVRD", 90}, {"UNDELIV", 10} gives
// UNDELIV in one report of ten, at random.
type StatWeight struct {
	Stat   string // 7 characters: DELIVRD, EXPIRED, UNDELIV, MA:0001, …
	Weight int
}

// Config configures a Server. Every field may be left zero.
type Config struct {
	// Addr is the address to listen on: "127.0.0.1:0" (a free port on
	// loopback) when empty.
	Addr string
	// Accounts are the SPs that may log in; empty means one account,
	// DefaultSPID with DefaultSecret and otherwise zero values.
	Accounts []Account
	// Gateway is the ISMG_Id in the Msg_Ids, below 2²²
	// (DefaultGateway when zero).
	Gateway uint32
	// Session configures each connection: T, N, C, the window of the
	// simulator's own DELIVERs, the Logger, … Handler, Secret and
	// SourceAddr are the simulator's.
	Session session.Config
	// Trace, if set, is called with every PDU read or written, from the
	// connections' goroutines, and once more when a connection has ended
	// (TraceEvent.Closed): it must be safe for concurrent use and should
	// be quick.
	Trace func(TraceEvent)
	// KeepSubmits bounds the SUBMITs kept for Submits: 0 keeps all, a
	// positive value the most recent ones, a negative value none.
	KeepSubmits int
	// Duplicates is how a SUBMIT is answered that repeats the
	// Sequence_Id of one accepted on the same connection within
	// DuplicateExpiry (a session's resend after T): Result 3 by default.
	Duplicates DuplicatePolicy
	// DuplicateMemory bounds the Sequence_Ids remembered for that per
	// connection (DefaultDuplicateMemory when zero); a negative value
	// turns the check off, and every SUBMIT is a new message.
	DuplicateMemory int
	// DuplicateExpiry is how long a Sequence_Id is remembered: when zero,
	// Session.Timeout × Session.Attempts (3 min with the spec's T and N),
	// the longest a session resends one request.
	DuplicateExpiry time.Duration
	// Seed seeds the random choice of Stat values, for repeatable tests;
	// zero seeds from the clock.
	Seed uint64
	// Now is the clock of the Msg_Ids and reports (time.Now when nil).
	Now func() time.Time
}

// Faults are the misbehaviours switched on with SetFaults. The zero value
// is a well-behaved gateway.
type Faults struct {
	// Delay holds every SUBMIT_RESP back this long.
	Delay time.Duration
	// Result, if not zero, answers every SUBMIT with this Result (8 for
	// flow control) and no Msg_Id.
	Result cmpp.SubmitResult
	// NoResponse leaves every SUBMIT unanswered: the SP's request times
	// out after T and is sent again.
	NoResponse bool
}

// Submitted is a SUBMIT the Server received and how it answered.
type Submitted struct {
	SP         string       // the SP_Id the connection logged in with
	Remote     string       // the SP's address
	Time       time.Time    // when it was read
	SequenceID uint32       // its Sequence_Id
	Submit     *cmpp.Submit // a copy that owns its memory
	Result     cmpp.SubmitResult
	MsgID      cmpp.MsgID // the Msg_Id given (0 with a Result other than 0)
	// Answered is true once its SUBMIT_RESP was queued on the
	// connection: false when a fault left it unanswered or the
	// connection was ending. A repeat of it (Config.Duplicates) does
	// not change it.
	Answered bool
}

// Stats are the Server's counters since it started.
type Stats struct {
	Logins         uint64                       // connections logged in
	Submits        uint64                       // SUBMITs received, duplicates included
	Duplicates     uint64                       // SUBMITs that repeated the Sequence_Id of one accepted on their connection (Config.Duplicates)
	Results        map[cmpp.SubmitResult]uint64 // SUBMIT_RESPs queued, by Result, to SUBMITs other than duplicates: one per Submitted with Answered
	Reports        uint64                       // status reports answered by the SP
	ReportsFailed  uint64                       // status reports answered with a Result other than 0, or dropped (backlog full)
	ReportsPending int64                        // status reports not sent yet: not due, waiting for a connection of their SP, or in flight
	MOs            uint64                       // MO DELIVERs answered by the SP
}

// ErrNoConnection is returned when a DELIVER is for an SP that has no
// connection logged in.
var ErrNoConnection = errors.New("cmpptest: the SP has no connection logged in")

// Server is a running gateway simulator.
type Server struct {
	// Addr is the address it listens on, host:port.
	Addr string
	// URL is Addr as cmpp://host:port.
	URL string

	cfg      Config
	log      *slog.Logger
	accounts map[string]*account
	order    []*account // as configured; the first is the default for MOs
	ids      msgIDs
	refs     *concat.RefCounter
	srv      *session.Server
	ln       *listener
	faults   atomic.Pointer[Faults]
	states   sync.Map // *session.Conn → *connState
	reports  *reportQueue

	mu        sync.Mutex
	submits   []Submitted
	recorded  uint64        // SUBMITs recorded in all; submits holds the last ones
	submitSig chan struct{} // closed and replaced when a SUBMIT is recorded
	rng       *rand.Rand

	logins, received, duplicates, reportsOK, reportsFailed, mos atomic.Uint64
	reportsPending                                              atomic.Int64
	results                                                     [16]atomic.Uint64 // Results 0–15; others in otherResults
	otherResults                                                sync.Map

	ctx       context.Context // ends the report queue
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	serveErr  error
}

// account is an Account with its limiter and its pending reports.
type account struct {
	Account
	limiter  *rate.Limiter
	total    int // sum of the Stat weights
	versions map[cmpp.Version]bool
}

// connState is what the Server tracks per connection.
type connState struct {
	inFlight atomic.Int32 // SUBMITs read and not yet answered, duplicates not included
	dups     dupMemory    // the Sequence_Ids of the SUBMITs accepted
}

// NewServer starts a Server with cfg and panics if it cannot (as
// httptest.NewServer does); use Start to get the error instead.
func NewServer(cfg Config) *Server {
	s, err := Start(cfg)
	if err != nil {
		panic("cmpptest: " + err.Error())
	}
	return s
}

// Start starts a Server with cfg: it checks the accounts, listens on
// cfg.Addr and serves until Close.
func Start(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.Gateway == 0 {
		cfg.Gateway = DefaultGateway
	}
	if cfg.Gateway >= 1<<22 {
		return nil, fmt.Errorf("gateway code %d does not fit the 22 bits of Msg_Id", cfg.Gateway)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.Accounts) == 0 {
		cfg.Accounts = []Account{{SPID: DefaultSPID, Secret: DefaultSecret}}
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	s := &Server{
		cfg:       cfg,
		log:       cfg.Session.Logger,
		accounts:  map[string]*account{},
		ids:       msgIDs{gateway: cfg.Gateway, now: cfg.Now},
		refs:      concat.NewRefCounter(),
		submitSig: make(chan struct{}),
		rng:       rand.New(rand.NewPCG(seed, seed>>1|1)),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	switch {
	case cfg.DuplicateMemory == 0:
		s.cfg.DuplicateMemory = DefaultDuplicateMemory
	case cfg.DuplicateMemory < 0:
		s.cfg.DuplicateMemory = 0
	}
	if cfg.DuplicateExpiry <= 0 {
		t, n := cfg.Session.Timeout, cfg.Session.Attempts
		if t <= 0 {
			t = session.DefaultTimeout
		}
		if n <= 0 {
			n = session.DefaultAttempts
		}
		s.cfg.DuplicateExpiry = t * time.Duration(n)
	}
	if cfg.Duplicates != DuplicateResult3 && cfg.Duplicates != DuplicateOriginal {
		return nil, fmt.Errorf("unknown duplicate policy %v", cfg.Duplicates)
	}
	versions := map[cmpp.Version]bool{}
	for i := range cfg.Accounts {
		a, err := newAccount(cfg.Accounts[i])
		if err != nil {
			return nil, err
		}
		if s.accounts[a.SPID] != nil {
			return nil, fmt.Errorf("account %s is configured twice", a.SPID)
		}
		s.accounts[a.SPID] = a
		s.order = append(s.order, a)
		for v := range a.versions {
			versions[v] = true
		}
	}

	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	s.ln = &listener{Listener: l, trace: cfg.Trace}
	s.Addr = l.Addr().String()
	s.URL = "cmpp://" + s.Addr

	sc := cfg.Session
	sc.Handler = session.HandlerFunc(s.serve)
	sc.SourceAddr, sc.Secret = "", ""
	s.srv = &session.Server{
		Config: sc,
		Login:  s.login,
		OnConn: s.onConn,
	}
	for v := range versions {
		s.srv.Versions = append(s.srv.Versions, v)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.reports = newReportQueue(s)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(s.ln); !errors.Is(err, session.ErrServerClosed) {
			s.serveErr = err
		}
	}()
	return s, nil
}

func newAccount(c Account) (*account, error) {
	if c.SPID == "" {
		return nil, errors.New("an account without an SP_Id")
	}
	if len(c.SPID) > 6 {
		return nil, fmt.Errorf("account %s: an SP_Id has 6 characters at most (Source_Addr)", c.SPID)
	}
	if c.SPCode == "" {
		c.SPCode = DefaultSPCode
	}
	if len(c.SPCode) > 21 {
		return nil, fmt.Errorf("account %s: SP code %q is longer than Dest_Id's 21 octets", c.SPID, c.SPCode)
	}
	if c.Window == 0 {
		c.Window = DefaultWindow
	}
	a := &account{Account: c, versions: map[cmpp.Version]bool{}}
	if len(c.Versions) == 0 {
		a.versions[cmpp.Version30] = true
	}
	for _, v := range c.Versions {
		a.versions[v] = true
	}
	if c.Rate < 0 {
		return nil, fmt.Errorf("account %s: negative rate %v", c.SPID, c.Rate)
	}
	if c.Rate > 0 {
		burst := c.Burst
		if burst <= 0 {
			burst = max(1, int(c.Rate/10))
		}
		a.limiter = rate.NewLimiter(rate.Limit(c.Rate), burst)
	}
	for _, sw := range c.Stats {
		if len(sw.Stat) == 0 || len(sw.Stat) > 7 {
			return nil, fmt.Errorf("account %s: Stat %q is not 1 to 7 characters", c.SPID, sw.Stat)
		}
		if sw.Weight < 0 {
			return nil, fmt.Errorf("account %s: Stat %s has a negative weight", c.SPID, sw.Stat)
		}
		a.total += sw.Weight
	}
	if len(c.Stats) > 0 && a.total == 0 {
		return nil, fmt.Errorf("account %s: every Stat weight is 0", c.SPID)
	}
	return a, nil
}

// Close shuts the Server down: no more logins, every connection closed
// gracefully (CMPP_TERMINATE), with a bound of a few seconds after which
// the rest are cut. Every goroutine of the Server has ended when it
// returns.
func (s *Server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.Shutdown(ctx)
}

// Shutdown is Close bounded by ctx instead: it stops accepting, closes
// every connection with CMPP_TERMINATE after its outstanding requests
// (DELIVERs of MOs and reports) are answered, and cuts the ones left when
// ctx ends, returning ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	var err error
	s.closeOnce.Do(func() {
		err = s.srv.Shutdown(ctx)
		s.cancel()
		s.wg.Wait()
		if err == nil {
			err = s.serveErr
		}
	})
	return err
}

// SetFaults switches the faults f on (and the ones not in f off) for the
// SUBMITs read from now on.
func (s *Server) SetFaults(f Faults) { s.faults.Store(&f) }

// DropConnections closes every connection at once, without CMPP_TERMINATE,
// as a gateway that crashed or a cut line would. It returns how many there
// were.
func (s *Server) DropConnections() int { return s.ln.drop() }

// Conns returns the connections of SP spID logged in now (all of them when
// spID is empty).
func (s *Server) Conns(spID string) []*session.Conn {
	var out []*session.Conn
	for _, c := range s.srv.Conns() {
		if spID == "" || c.SourceAddr() == spID {
			out = append(out, c)
		}
	}
	return out
}

// Stats returns a snapshot of the Server's counters.
func (s *Server) Stats() Stats {
	st := Stats{
		Logins:         s.logins.Load(),
		Submits:        s.received.Load(),
		Duplicates:     s.duplicates.Load(),
		Results:        map[cmpp.SubmitResult]uint64{},
		Reports:        s.reportsOK.Load(),
		ReportsFailed:  s.reportsFailed.Load(),
		ReportsPending: s.reportsPending.Load(),
		MOs:            s.mos.Load(),
	}
	for i := range s.results {
		if n := s.results[i].Load(); n > 0 {
			st.Results[cmpp.SubmitResult(i)] = n
		}
	}
	s.otherResults.Range(func(k, v any) bool {
		st.Results[k.(cmpp.SubmitResult)] = v.(*atomic.Uint64).Load()
		return true
	})
	return st
}

// Submits returns the SUBMITs received so far, oldest first (see
// Config.KeepSubmits). The slice is a copy; the Submits in it are shared
// and must not be modified.
func (s *Server) Submits() []Submitted {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Submitted(nil), s.submits...)
}

// WaitSubmits waits until at least n SUBMITs have been recorded, or ctx
// ends, and returns the ones recorded.
func (s *Server) WaitSubmits(ctx context.Context, n int) ([]Submitted, error) {
	for {
		s.mu.Lock()
		got, sig := len(s.submits), s.submitSig
		s.mu.Unlock()
		if got >= n {
			return s.Submits(), nil
		}
		select {
		case <-sig:
		case <-ctx.Done():
			return s.Submits(), ctx.Err()
		}
	}
}

// record keeps r for Submits and returns its number, for unanswered.
func (s *Server) record(r Submitted) uint64 {
	if s.cfg.KeepSubmits < 0 {
		return 0
	}
	s.mu.Lock()
	if k := s.cfg.KeepSubmits; k > 0 && len(s.submits) >= k {
		n := copy(s.submits, s.submits[len(s.submits)-k+1:])
		clear(s.submits[n:])
		s.submits = s.submits[:n]
	}
	s.submits = append(s.submits, r)
	n := s.recorded
	s.recorded++
	close(s.submitSig)
	s.submitSig = make(chan struct{})
	s.mu.Unlock()
	return n
}

// unanswered marks record n as not answered, if it is still kept.
func (s *Server) unanswered(n uint64) {
	if s.cfg.KeepSubmits < 0 {
		return
	}
	s.mu.Lock()
	if first := s.recorded - uint64(len(s.submits)); n >= first {
		s.submits[n-first].Answered = false
	}
	s.mu.Unlock()
}

// login gives session.Server the secret of an account, or refuses: an
// unknown SP_Id with Status 2, a version the account does not allow as
// session.Server refuses one the gateway does not (Status 4 above the
// account's highest, else 5; spec reference §9.1 has no "too low").
func (s *Server) login(l session.Login) (string, cmpp.ConnectStatus) {
	a := s.accounts[l.SourceAddr]
	if a == nil {
		return "", cmpp.StatusBadSourceAddr
	}
	if !a.versions[l.Version] {
		for v := range a.versions {
			if v > l.Version {
				return "", 5
			}
		}
		return "", cmpp.StatusVersionTooHigh
	}
	return a.Secret, cmpp.StatusOK
}

// onConn runs for each logged-in connection until it ends: it registers
// the connection and hands it the reports waiting for it. (A request may
// be served before: session lists the Conn before it reads one, and the
// handler finds or makes its state through s.state.)
func (s *Server) onConn(c *session.Conn) {
	s.state(c)
	defer s.states.Delete(c)
	s.logins.Add(1)
	s.reports.connected(c.SourceAddr())
	<-c.Done()
	// Done comes as the connection ends, maybe before its goroutines
	// return (a reader still inside Read, so a Trace to come); Close
	// waits for them. onConn runs in the goroutine session.Server's
	// Shutdown waits for, so they end before the Server's Close returns.
	c.Close()
}

func (s *Server) state(c *session.Conn) *connState {
	if v, ok := s.states.Load(c); ok {
		return v.(*connState)
	}
	// The first of onConn and the connection's first handler gets here,
	// or a late handler of a connection that has ended.
	if c.Err() != nil {
		return s.newConnState() // ended: not stored, onConn would not delete it
	}
	v, _ := s.states.LoadOrStore(c, s.newConnState())
	return v.(*connState)
}

func (s *Server) newConnState() *connState {
	st := &connState{}
	st.dups.max, st.dups.ttl = s.cfg.DuplicateMemory, int64(s.cfg.DuplicateExpiry)
	return st
}

// serve answers the requests of an SP.
func (s *Server) serve(w session.ResponseWriter, r *session.Request) {
	switch p := r.Packet.(type) {
	case *cmpp.Submit:
		s.serveSubmit(w, r, p)
	case *cmpp.Query:
		w.Respond(&cmpp.QueryResp{Time: p.Time, QueryType: p.QueryType, QueryCode: p.QueryCode})
	case *cmpp.Cancel:
		w.Respond(&cmpp.CancelResp{SuccessID: 1}) // the simulator has delivered it already
	case *cmpp.Deliver:
		w.Respond(&cmpp.DeliverResp{MsgID: p.MsgID, Result: cmpp.ResultBadCommand}) // DELIVER goes ISMG → SP
	default:
		if resp := cmpp.NewPacket(r.Header.CommandID.Response()); resp != nil {
			w.Respond(resp)
		}
	}
}

// serveSubmit answers a SUBMIT: a repeat of one accepted on the
// connection as Config.Duplicates says, others by the faults first, then
// the window, the rate and the fields, with a Msg_Id and, when asked for,
// a report.
func (s *Server) serveSubmit(w session.ResponseWriter, r *session.Request, p *cmpp.Submit) {
	now := s.cfg.Now()
	s.received.Add(1)
	a := s.accounts[r.Conn.SourceAddr()]
	st := s.state(r.Conn)
	f := s.faults.Load()
	if f == nil {
		f = &Faults{}
	}
	seq := r.Header.SequenceID

	// From the look-up until an accepted SUBMIT is remembered, so that
	// of two copies read at once one is the message and one the repeat.
	st.dups.mu.Lock()
	if id, dup := st.dups.lookup(seq, now); dup {
		st.dups.mu.Unlock()
		s.serveDuplicate(w, r, f, id)
		return
	}
	inFlight := st.inFlight.Add(1)
	var result cmpp.SubmitResult
	switch {
	case f.Result != 0:
		result = f.Result
	case a.Window > 0 && int(inFlight) > a.Window:
		result = cmpp.ResultFlowControl
	case a.limiter != nil && !a.limiter.AllowN(now, 1):
		result = cmpp.ResultFlowControl
	case p.ValidateVersion(r.Conn.Version()) != nil: // the limits of the version it came in
		result = cmpp.ResultBadStructure
	case string(p.MsgSrc) != a.SPID:
		result = cmpp.ResultBadMsgSrc
	}
	var id cmpp.MsgID
	if result == cmpp.ResultSuccess {
		id = s.ids.reserve(len(p.DestTerminalIDs))
		// Only an accepted SUBMIT is remembered: a refused one sent
		// nothing, and a resend of it is a new attempt.
		st.dups.add(seq, id, now)
	}
	st.dups.mu.Unlock()

	var kept *cmpp.Submit
	if s.cfg.KeepSubmits >= 0 || (result == 0 && p.RegisteredDelivery == 1) {
		kept = p.Clone()
	}
	rec := Submitted{
		SP: a.SPID, Remote: r.Conn.RemoteAddr().String(), Time: now, SequenceID: seq,
		Submit: kept, Result: result, MsgID: id, Answered: !f.NoResponse,
	}
	if f.NoResponse {
		st.inFlight.Add(-1)
		s.record(rec)
		return
	}
	s.delay(r, f)
	// Out of the window before the response is queued: the SP may send
	// its next SUBMIT as soon as it reads this one's response. Recorded
	// as answered before too, so that an SP's test holding the response
	// finds it, and marked unanswered if the response cannot be queued.
	st.inFlight.Add(-1)
	n := s.record(rec)
	// Counted before the response is queued, for the same reason, and
	// taken back if it cannot be: the SP may read Stats as soon as it
	// has the response.
	s.countResult(result, 1)
	if err := w.Respond(&cmpp.SubmitResp{MsgID: id, Result: result}); err != nil {
		// The connection is ending: no response and no report.
		s.countResult(result, ^uint64(0)) // -1
		s.unanswered(n)
		return
	}
	// The report goes after the response: an SP cannot match a report
	// whose Msg_Id it has not been told yet.
	if result == cmpp.ResultSuccess && p.RegisteredDelivery == 1 {
		s.reports.schedule(a, r.Conn, kept, id, now)
	}
}

// serveDuplicate answers a repeat of the SUBMIT accepted with Msg_Id id
// on the same connection (Config.Duplicates): it is counted, not
// recorded, and gets no report.
func (s *Server) serveDuplicate(w session.ResponseWriter, r *session.Request, f *Faults, id cmpp.MsgID) {
	s.duplicates.Add(1)
	s.log.Info("cmpptest: duplicate SUBMIT", "sp", r.Conn.SourceAddr(), "sequence_id", r.Header.SequenceID, "msg_id", id, "answer", s.cfg.Duplicates)
	if f.NoResponse {
		return
	}
	resp := &cmpp.SubmitResp{Result: cmpp.ResultDuplicateSequence}
	switch {
	case f.Result != 0:
		resp.Result = f.Result
	case s.cfg.Duplicates == DuplicateOriginal:
		resp.MsgID, resp.Result = id, cmpp.ResultSuccess
	}
	s.delay(r, f)
	w.Respond(resp) // an error: the connection is ending, and nothing was counted
}

// delay holds a response back for the Delay fault, or until the
// connection ends.
func (s *Server) delay(r *session.Request, f *Faults) {
	if f.Delay <= 0 {
		return
	}
	t := time.NewTimer(f.Delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// countResult adds delta (1, or ^uint64(0) for −1) to Result r's count.
func (s *Server) countResult(r cmpp.SubmitResult, delta uint64) {
	if int(r) < len(s.results) {
		s.results[r].Add(delta)
		return
	}
	v, _ := s.otherResults.LoadOrStore(r, new(atomic.Uint64))
	v.(*atomic.Uint64).Add(delta)
}

// stat picks a Stat value from the account's mix.
func (s *Server) stat(a *account) string {
	if a.total == 0 {
		return "DELIVRD"
	}
	s.mu.Lock()
	n := s.rng.IntN(a.total)
	s.mu.Unlock()
	for _, sw := range a.Stats {
		if n < sw.Weight {
			return sw.Stat
		}
		n -= sw.Weight
	}
	return a.Stats[len(a.Stats)-1].Stat // unreachable: n < total
}

// conn picks a live connection of the SP, preferring hint.
func (s *Server) conn(spID string, hint *session.Conn) *session.Conn {
	if hint != nil && hint.Err() == nil {
		return hint
	}
	for _, c := range s.srv.Conns() {
		if c.SourceAddr() == spID && c.Err() == nil {
			if _, ok := s.states.Load(c); ok {
				return c
			}
		}
	}
	return nil
}

// Deliver sends d to the SP spID, on one of its connections, and returns
// the SP's DELIVER_RESP. A Msg_Id of 0 in d is replaced with a new one.
func (s *Server) Deliver(ctx context.Context, spID string, d *cmpp.Deliver) (*cmpp.DeliverResp, error) {
	c := s.conn(spID, nil)
	if c == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoConnection, spID)
	}
	if d.MsgID == 0 {
		d.MsgID = s.ids.reserve(1)
	}
	return c.Deliver(ctx, d)
}

// MO is a mobile-originated message to inject.
type MO struct {
	// SP is the SP_Id to deliver to (the first account when empty).
	SP string
	// From is the sender's MSISDN (Src_terminal_Id).
	From string
	// To is the number the user sent to (Dest_Id): the SP's code when
	// empty.
	To string
	// Text is the message; a text too long for one DELIVER is sent as
	// several with a concatenation header (spec reference §5.7).
	Text string
	// ServiceID and LinkID fill Service_Id and LinkID.
	ServiceID, LinkID string
}

// InjectMO sends m to its SP as one CMPP_DELIVER, or for a long text as
// several with an 8-bit concatenation header, on one connection and in
// order. The text is sent as ASCII when it is all ASCII, else as UCS2
// (concat.Choose). It returns the DELIVER_RESPs; a Result other than 0 is
// an error too.
func (s *Server) InjectMO(ctx context.Context, m MO) ([]*cmpp.DeliverResp, error) {
	a := s.order[0]
	if m.SP != "" {
		if a = s.accounts[m.SP]; a == nil {
			return nil, fmt.Errorf("cmpptest: no account %q", m.SP)
		}
	}
	if m.To == "" {
		m.To = a.SPCode
	}
	plan, err := concat.Choose(m.Text, false)
	if err != nil {
		return nil, err
	}
	segs, err := concat.Split(plan.Content, plan.Codec.Fmt(), s.refs.Next8())
	if err != nil {
		return nil, err
	}
	c := s.conn(a.SPID, nil)
	if c == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoConnection, a.SPID)
	}
	var resps []*cmpp.DeliverResp
	for _, seg := range segs {
		d := &cmpp.Deliver{
			MsgID:         s.ids.reserve(1),
			DestID:        []byte(m.To),
			ServiceID:     []byte(m.ServiceID),
			MsgFmt:        plan.Codec.Fmt(),
			SrcTerminalID: []byte(m.From),
			MsgContent:    seg,
			LinkID:        []byte(m.LinkID),
		}
		if len(segs) > 1 {
			d.TPUDHI = 1
		}
		if err := d.Validate(); err != nil {
			return resps, err
		}
		resp, err := c.Deliver(ctx, d)
		if err != nil {
			return resps, err
		}
		resps = append(resps, resp)
		if resp.Result != cmpp.ResultSuccess {
			return resps, fmt.Errorf("cmpptest: MO DELIVER Msg_Id %v answered with Result %d (%v)", d.MsgID, uint32(resp.Result), resp.Result)
		}
		s.mos.Add(1)
	}
	return resps, nil
}

// InjectReport sends the status report r to the SP spID at once, as a
// CMPP_DELIVER with Registered_Delivery 1 (spec reference §6.8.1), and
// returns the SP's DELIVER_RESP.
func (s *Server) InjectReport(ctx context.Context, spID string, r cmpp.Report) (*cmpp.DeliverResp, error) {
	a := s.accounts[spID]
	if a == nil {
		return nil, fmt.Errorf("cmpptest: no account %q", spID)
	}
	c := s.conn(spID, nil)
	if c == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoConnection, spID)
	}
	d, err := reportDeliver(a, &r, c.Version())
	if err != nil {
		return nil, err
	}
	d.MsgID = s.ids.reserve(1)
	return c.Deliver(ctx, d)
}

// reportDone counts a status report that left the queue.
func (s *Server) reportDone(ok bool) {
	s.reportsPending.Add(-1)
	if ok {
		s.reportsOK.Add(1)
	} else {
		s.reportsFailed.Add(1)
	}
}

// reportDeliver builds the DELIVER carrying r in the layout of version v
// (71 octets in 3.0, 60 in 2.x): Src_terminal_Id is the recipient of the
// SUBMIT, Dest_Id the SP's code.
func reportDeliver(a *account, r *cmpp.Report, v cmpp.Version) (*cmpp.Deliver, error) {
	content, err := r.AppendVersion(make([]byte, 0, cmpp.ReportLen), v)
	if err != nil {
		return nil, err
	}
	return &cmpp.Deliver{
		DestID:             []byte(a.SPCode),
		SrcTerminalID:      r.DestTerminalID,
		RegisteredDelivery: 1,
		MsgContent:         content,
	}, nil
}

// reportTime is the YYMMDDHHMM form of Submit_time and Done_time (spec
// reference §5.15), in China Standard Time.
func reportTime(t time.Time) []byte {
	return []byte(t.In(cmpp.ChinaStandardTime).Format("0601021504"))
}

// smscSeq numbers the reports' SMSC_sequence.
var smscSeq atomic.Uint32
