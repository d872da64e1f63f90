package cmpptest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/cmpptest"
	"github.com/go-cmpp/cmpp/concat"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
	"github.com/go-cmpp/cmpp/session"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// sp is the SP side of a test: a session.Conn whose DELIVERs are
// collected.
type sp struct {
	conn *session.Conn
	mu   sync.Mutex
	got  []*cmpp.Deliver
	sig  chan struct{}
}

func dial(t *testing.T, gw *cmpptest.Server, cfg session.Config) *sp {
	t.Helper()
	s := &sp{sig: make(chan struct{}, 1024)}
	if cfg.SourceAddr == "" {
		cfg.SourceAddr, cfg.Secret = cmpptest.DefaultSPID, cmpptest.DefaultSecret
	}
	cfg.Handler = session.HandlerFunc(func(w session.ResponseWriter, r *session.Request) {
		d := r.Packet.(*cmpp.Deliver)
		s.mu.Lock()
		s.got = append(s.got, d.Clone())
		s.mu.Unlock()
		w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID})
		s.sig <- struct{}{}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := session.Dial(ctx, gw.Addr, cfg)
	require.NoError(t, err)
	s.conn = c
	t.Cleanup(func() { c.Close() })
	waitConns(t, gw, 1)
	return s
}

// waitConns waits until the gateway has handed n connections to its
// bookkeeping (the login completes on the SP's side a moment earlier).
func waitConns(t *testing.T, gw *cmpptest.Server, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return gw.Stats().Logins >= uint64(n) }, 5*time.Second, time.Millisecond)
}

// delivers waits for n DELIVERs.
func (s *sp) delivers(t *testing.T, n int) []*cmpp.Deliver {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		s.mu.Lock()
		got := slices.Clone(s.got)
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-s.sig:
		case <-deadline:
			t.Fatalf("got %d DELIVERs, want %d", len(got), n)
		}
	}
}

func submit(dests ...string) *cmpp.Submit {
	p := &cmpp.Submit{
		PkTotal: 1, PkNumber: 1,
		MsgFmt:     cmpp.FmtASCII,
		MsgSrc:     []byte(cmpptest.DefaultSPID),
		FeeType:    []byte("01"),
		SrcID:      []byte(cmpptest.DefaultSPCode),
		MsgContent: []byte("hello"),
	}
	for _, d := range dests {
		p.DestTerminalIDs = append(p.DestTerminalIDs, []byte(d))
	}
	return p
}

func TestSubmitGetsMsgID(t *testing.T) {
	start := time.Now()
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()
	require.True(t, strings.HasPrefix(gw.URL, "cmpp://127.0.0.1:"), gw.URL)
	s := dial(t, gw, session.Config{})
	ctx := context.Background()

	r1, err := s.conn.Submit(ctx, submit("13800138000"))
	require.NoError(t, err)
	r2, err := s.conn.Submit(ctx, submit("13800138001", "13800138002", "13800138003"))
	require.NoError(t, err)
	r3, err := s.conn.Submit(ctx, submit("13800138004"))
	require.NoError(t, err)
	for _, r := range []*cmpp.SubmitResp{r1, r2, r3} {
		assert.Equal(t, cmpp.SubmitResult(cmpp.ResultSuccess), r.Result)
		p := r.MsgID.Parts()
		require.NoError(t, p.Validate())
		assert.Equal(t, uint32(cmpptest.DefaultGateway), p.Gateway)
		assert.Equal(t, uint8(start.In(cmpp.ChinaStandardTime).Month()), p.Month)
	}
	// A group send reserves one id per recipient (Appendix 1): the next
	// SUBMIT's id comes 3 after r2's, unless a second passed.
	if r1.MsgID>>16 == r3.MsgID>>16 {
		assert.Equal(t, r1.MsgID+1, r2.MsgID)
		assert.Equal(t, r2.MsgID+3, r3.MsgID)
	}

	got := gw.Submits()
	require.Len(t, got, 3)
	assert.Equal(t, r2.MsgID, got[1].MsgID)
	assert.Equal(t, "13800138002", string(got[1].Submit.DestTerminalIDs[1]))
	assert.Equal(t, cmpptest.DefaultSPID, got[1].SP)
	assert.True(t, got[1].Answered)
	assert.Equal(t, uint64(3), gw.Stats().Results[cmpp.ResultSuccess])
}

func TestSubmitChecked(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()
	s := dial(t, gw, session.Config{})
	ctx := context.Background()

	bad := submit() // no destination
	r, err := s.conn.Submit(ctx, bad)
	require.NoError(t, err)
	assert.Equal(t, cmpp.SubmitResult(cmpp.ResultBadStructure), r.Result)
	assert.Zero(t, r.MsgID)

	other := submit("13800138000")
	other.MsgSrc = []byte("999999")
	r, err = s.conn.Submit(ctx, other)
	require.NoError(t, err)
	assert.Equal(t, cmpp.SubmitResult(cmpp.ResultBadMsgSrc), r.Result)
}

func TestLoginRefused(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{Accounts: []cmpptest.Account{{SPID: "901001", Secret: "pw"}}})
	defer gw.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		sp, secret string
		status     cmpp.ConnectStatus
	}{
		{"901001", "wrong", cmpp.StatusAuthFailed},
		{"901002", "pw", cmpp.StatusBadSourceAddr},
	} {
		_, err := session.Dial(ctx, gw.Addr, session.Config{SourceAddr: tc.sp, Secret: tc.secret})
		var le *session.LoginError
		require.ErrorAs(t, err, &le, tc.sp)
		assert.Equal(t, tc.status, le.Status, tc.sp)
	}
	c, err := session.Dial(ctx, gw.Addr, session.Config{SourceAddr: "901001", Secret: "pw"})
	require.NoError(t, err)
	waitConns(t, gw, 1)
	c.Close()
}

func TestReports(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{Seed: 1, Accounts: []cmpptest.Account{{
		SPID: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret,
		ReportDelay: 20 * time.Millisecond,
		Stats:       []cmpptest.StatWeight{{Stat: "DELIVRD", Weight: 1}, {Stat: "UNDELIV", Weight: 1}},
	}}})
	defer gw.Close()
	s := dial(t, gw, session.Config{})
	ctx := context.Background()

	dests := []string{"13800138000", "13800138001", "13800138002", "13800138003", "13800138004", "13800138005"}
	p := submit(dests...)
	p.RegisteredDelivery = 1
	sent := time.Now()
	r, err := s.conn.Submit(ctx, p)
	require.NoError(t, err)
	got := s.delivers(t, len(dests))
	assert.GreaterOrEqual(t, time.Since(sent), 20*time.Millisecond, "the report delay")

	stats := map[string]int{}
	byDest := map[string]cmpp.MsgID{}
	for _, d := range got {
		require.Equal(t, uint8(1), d.RegisteredDelivery)
		rep, err := d.Report()
		require.NoError(t, err)
		assert.Equal(t, string(rep.DestTerminalID), string(d.SrcTerminalID))
		assert.Equal(t, cmpptest.DefaultSPCode, string(d.DestID))
		assert.NotEqual(t, r.MsgID, d.MsgID, "the DELIVER has an id of its own")
		byDest[string(rep.DestTerminalID)] = rep.MsgID
		stats[string(rep.Stat)]++
		assert.Len(t, rep.SubmitTime, 10)
	}
	for i, dest := range dests {
		assert.Equal(t, cmpptest.MsgIDAdd(r.MsgID, i), byDest[dest], dest)
	}
	assert.Equal(t, len(dests), stats["DELIVRD"]+stats["UNDELIV"])
	assert.NotZero(t, stats["UNDELIV"], "a 1:1 mix over 6 reports with seed 1")
	require.Eventually(t, func() bool { return gw.Stats().Reports == uint64(len(dests)) }, 5*time.Second, time.Millisecond)
}

func TestReportWaitsForReconnect(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{Accounts: []cmpptest.Account{{
		SPID: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret, ReportDelay: 100 * time.Millisecond,
	}}})
	defer gw.Close()
	s := dial(t, gw, session.Config{})
	p := submit("13800138000")
	p.RegisteredDelivery = 1
	r, err := s.conn.Submit(context.Background(), p)
	require.NoError(t, err)
	s.conn.Close()
	time.Sleep(200 * time.Millisecond) // the report falls due with no connection to take it
	st := gw.Stats()
	assert.Equal(t, int64(1), st.ReportsPending)
	assert.Zero(t, st.Reports+st.ReportsFailed)

	s2 := dial(t, gw, session.Config{})
	got := s2.delivers(t, 1)
	rep, err := got[0].Report()
	require.NoError(t, err)
	assert.Equal(t, r.MsgID, rep.MsgID)
	require.Eventually(t, func() bool { return gw.Stats().Reports == 1 }, 5*time.Second, time.Millisecond)
	assert.Zero(t, gw.Stats().ReportsPending)
}

func TestInjectLongMO(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()
	s := dial(t, gw, session.Config{})
	text := strings.Repeat("长短信测试，", 30) // 180 characters: 3 UCS2 segments
	resps, err := gw.InjectMO(context.Background(), cmpptest.MO{From: "13800138000", Text: text})
	require.NoError(t, err)
	require.Len(t, resps, 3)

	got := s.delivers(t, 3)
	ra := concat.NewReassembler(concat.Config{})
	var msgs []*concat.Message
	for _, d := range got {
		assert.Equal(t, "13800138000", string(d.SrcTerminalID))
		assert.Equal(t, cmpptest.DefaultSPCode, string(d.DestID))
		m, err := ra.Add(time.Now(), d)
		require.NoError(t, err)
		msgs = append(msgs, m...)
	}
	require.Len(t, msgs, 1)
	require.Equal(t, concat.StatusComplete, msgs[0].Status)
	out, err := cmppenc.UCS2.AppendDecode(nil, msgs[0].Deliver.MsgContent)
	require.NoError(t, err)
	assert.Equal(t, text, string(out))
	assert.Equal(t, uint64(3), gw.Stats().MOs)
}

func TestInjectWithoutConnection(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()
	_, err := gw.InjectMO(context.Background(), cmpptest.MO{From: "13800138000", Text: "hi"})
	assert.ErrorIs(t, err, cmpptest.ErrNoConnection)
}

func TestRateLimit(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{Accounts: []cmpptest.Account{{
		SPID: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret, Rate: 0.1, Burst: 2, // one more every 10 s
	}}})
	defer gw.Close()
	s := dial(t, gw, session.Config{FlowControlBackoff: -1})
	var results []cmpp.SubmitResult
	for range 5 {
		r, err := s.conn.Submit(context.Background(), submit("13800138000"))
		require.NoError(t, err)
		results = append(results, r.Result)
	}
	assert.Equal(t, []cmpp.SubmitResult{0, 0, 8, 8, 8}, results)
}

func TestWindow(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{Accounts: []cmpptest.Account{{
		SPID: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret, Window: 4,
	}}})
	defer gw.Close()
	gw.SetFaults(cmpptest.Faults{Delay: 500 * time.Millisecond}) // long enough for all ten to arrive
	// The SP's window (10) is wider than the gateway's (4).
	s := dial(t, gw, session.Config{Window: 10, FlowControlBackoff: -1})
	var wg sync.WaitGroup
	results := make([]cmpp.SubmitResult, 10)
	for i := range results {
		wg.Go(func() {
			r, err := s.conn.Submit(context.Background(), submit("13800138000"))
			if assert.NoError(t, err) {
				results[i] = r.Result
			}
		})
	}
	wg.Wait()
	ok := 0
	for _, r := range results {
		switch r {
		case cmpp.ResultSuccess:
			ok++
		case cmpp.ResultFlowControl:
		default:
			t.Errorf("Result %d", r)
		}
	}
	assert.Equal(t, 4, ok, "results %v", results)
}

func TestFaults(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()
	s := dial(t, gw, session.Config{Timeout: 100 * time.Millisecond, Attempts: 2, FlowControlBackoff: -1})
	ctx := context.Background()

	gw.SetFaults(cmpptest.Faults{Result: cmpp.ResultFlowControl})
	r, err := s.conn.Submit(ctx, submit("13800138000"))
	require.NoError(t, err)
	assert.Equal(t, cmpp.SubmitResult(cmpp.ResultFlowControl), r.Result)

	gw.SetFaults(cmpptest.Faults{NoResponse: true})
	_, err = s.conn.Submit(ctx, submit("13800138000"))
	var te *session.TimeoutError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 2, te.Attempts)
	got := gw.Submits()
	require.Len(t, got, 2, "the resend is a duplicate, not a second message")
	assert.False(t, got[1].Answered)
	assert.Equal(t, uint64(1), gw.Stats().Duplicates, "the resend arrived")

	gw.SetFaults(cmpptest.Faults{Delay: 50 * time.Millisecond})
	start := time.Now()
	r, err = s.conn.Submit(ctx, submit("13800138000"))
	require.NoError(t, err)
	assert.Equal(t, cmpp.SubmitResult(0), r.Result)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)

	gw.SetFaults(cmpptest.Faults{})
	assert.Equal(t, 1, gw.DropConnections())
	select {
	case <-s.conn.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the SP's connection did not end")
	}
	_, err = s.conn.Submit(ctx, submit("13800138000"))
	assert.ErrorIs(t, err, session.ErrClosed)
}

func TestTrace(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	gw := cmpptest.NewServer(cmpptest.Config{Trace: func(e cmpptest.TraceEvent) {
		if e.Closed {
			assert.Nil(t, e.PDU)
			mu.Lock()
			seen = append(seen, "closed")
			mu.Unlock()
			return
		}
		h, err := cmpp.ParseHeader(e.PDU)
		if err != nil {
			t.Error(err)
			return
		}
		dir := "out"
		if e.In {
			dir = "in"
		}
		mu.Lock()
		seen = append(seen, dir+" "+h.CommandID.String())
		mu.Unlock()
	}})
	s := dial(t, gw, session.Config{})
	_, err := s.conn.Submit(context.Background(), submit("13800138000"))
	require.NoError(t, err)
	s.conn.Close()
	gw.Close()
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{
		"in CMPP_CONNECT", "out CMPP_CONNECT_RESP",
		"in CMPP_SUBMIT", "out CMPP_SUBMIT_RESP",
		"in CMPP_TERMINATE", "out CMPP_TERMINATE_RESP", "closed",
	}, seen)
}

func TestConfigRefused(t *testing.T) {
	for _, cfg := range []cmpptest.Config{
		{Gateway: 1 << 22},
		{Accounts: []cmpptest.Account{{SPID: "1234567"}}},
		{Accounts: []cmpptest.Account{{SPID: "901234"}, {SPID: "901234"}}},
		{Accounts: []cmpptest.Account{{SPID: "901234", Stats: []cmpptest.StatWeight{{Stat: "DELIVERED", Weight: 1}}}}},
		{Accounts: []cmpptest.Account{{SPID: "901234", Stats: []cmpptest.StatWeight{{Stat: "DELIVRD", Weight: 0}}}}},
	} {
		s, err := cmpptest.Start(cfg)
		if !assert.Error(t, err, "%+v", cfg) {
			s.Close()
		}
	}
}

func TestWaitSubmits(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()
	s := dial(t, gw, session.Config{})
	go s.conn.Submit(context.Background(), submit("13800138000"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got, err := gw.WaitSubmits(ctx, 1)
	require.NoError(t, err)
	assert.Len(t, got, 1)
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	_, err = gw.WaitSubmits(short, 2)
	assert.True(t, errors.Is(err, context.DeadlineExceeded))
}

// Close ends every connection with CMPP_TERMINATE: the SP sees the
// session terminated by its peer, not a reset.
func TestCloseTerminates(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{})
	s := dial(t, gw, session.Config{})
	gw.Close()
	select {
	case <-s.conn.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the SP's connection did not end")
	}
	assert.ErrorIs(t, s.conn.Err(), session.ErrTerminated)
}

// An account that allows only some versions: a login with another is
// refused as the gateway refuses a version it does not speak.
func TestAccountVersions(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{Accounts: []cmpptest.Account{
		{SPID: "901001", Secret: "a"},
		{SPID: "901002", Secret: "b", Versions: []cmpp.Version{cmpp.Version20}},
		{SPID: "901003", Secret: "c", Versions: []cmpp.Version{cmpp.Version30}},
	}})
	defer gw.Close()
	for _, tc := range []struct {
		sp, secret string
		v          cmpp.Version
		status     cmpp.ConnectStatus
	}{
		{"901002", "b", cmpp.Version30, cmpp.StatusVersionTooHigh},
		{"901003", "c", cmpp.Version20, 5}, // no "too low" in the spec
	} {
		_, err := session.Dial(context.Background(), gw.Addr, session.Config{SourceAddr: tc.sp, Secret: tc.secret, Version: tc.v})
		var le *session.LoginError
		require.ErrorAs(t, err, &le, tc.sp)
		assert.Equal(t, tc.status, le.Status, tc.sp)
	}
	assert.Zero(t, gw.Stats().Logins)
}

// A CMPP 2.0 SP: the SUBMIT in the 2.0 layout, its report in the
// 60-octet form.
func TestVersion20(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{Accounts: []cmpptest.Account{{
		SPID: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret,
		Versions: []cmpp.Version{cmpp.Version30, cmpp.Version20},
	}}})
	defer gw.Close()
	s := dial(t, gw, session.Config{Version: cmpp.Version20})
	require.Equal(t, cmpp.Version20, s.conn.Version())
	p := submit("13800138000")
	p.RegisteredDelivery = 1
	r, err := s.conn.Submit(context.Background(), p)
	require.NoError(t, err)
	require.Equal(t, cmpp.SubmitResult(cmpp.ResultSuccess), r.Result)

	d := s.delivers(t, 1)[0]
	require.Len(t, d.MsgContent, cmpp.ReportLen20)
	rep, err := d.Report()
	require.NoError(t, err)
	assert.Equal(t, r.MsgID, rep.MsgID)
	assert.Equal(t, "13800138000", string(rep.DestTerminalID))

	// 2.0's limits: Registered_Delivery 2 is a 2.0 value.
	p.RegisteredDelivery = 2
	r, err = s.conn.Submit(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, cmpp.SubmitResult(cmpp.ResultSuccess), r.Result)
	assert.Equal(t, cmpp.Version20, gw.Conns("")[0].Version())
}

// Each connection's last trace event is its one Closed event, also when
// it is dropped with PDUs going both ways.
func TestTraceClosedLast(t *testing.T) {
	var mu sync.Mutex
	events := map[string][]bool{} // by remote: Closed or not, in order
	gw := cmpptest.NewServer(cmpptest.Config{Trace: func(e cmpptest.TraceEvent) {
		mu.Lock()
		events[e.Remote] = append(events[e.Remote], e.Closed)
		mu.Unlock()
	}})
	ctx := context.Background()
	for range 5 {
		var wg sync.WaitGroup
		for range 4 {
			s := dial(t, gw, session.Config{})
			wg.Go(func() {
				for s.conn.Err() == nil {
					s.conn.Submit(ctx, submit("13800138000"))
				}
			})
		}
		require.Eventually(t, func() bool { return gw.Stats().Submits > 50 }, 5*time.Second, time.Millisecond)
		gw.DropConnections()
		wg.Wait()
	}
	gw.Close()
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, events)
	for remote, ev := range events {
		assert.True(t, ev[len(ev)-1], "%s: the last event is not Closed", remote)
		closed := 0
		for _, c := range ev {
			if c {
				closed++
			}
		}
		assert.Equal(t, 1, closed, "%s: one Closed", remote)
		assert.Greater(t, len(ev), 1, "%s: PDUs before Closed", remote)
	}
}
