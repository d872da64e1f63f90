package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/time/rate"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/cmpptest"
	"github.com/go-cmpp/cmpp/concat"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
	"github.com/go-cmpp/cmpp/session"
)

const sendUsage = `usage: cmpp send [flags] [TEXT]

Log in to a gateway, submit TEXT to the -to numbers and print one line per
segment and recipient: the Result and the Msg_Id. A text too long for one
SUBMIT is split with a concatenation header, as ASCII when it is all
ASCII and as UCS2 otherwise. With -report, wait (up to -wait) for the
status reports and print them too. The defaults log in to 'cmpp sim'
running on this machine.

With -n N it is a load generator instead: N messages (each TEXT, "cmpp
load test" by default, to the -to numbers in turn, or to generated ones),
sent by -c senders with one SUBMIT outstanding each, over -conns
connections. It shows a progress bar on standard error when that is a
terminal (a line a second otherwise) and ends with the messages and
SUBMITs per second, the count of each Result and of each kind of failure,
and the latency percentiles: the time each Submit call took, the waits
for -rate and for a window slot included.

Meanwhile it answers every DELIVER: status reports are matched to the
SUBMITs, and MO messages (joined when they come in segments) are printed.
With -wait and no TEXT it only listens for them.

Flags:
  -addr HOST:PORT   the gateway (127.0.0.1:7890)
  -sp ID            the SP_Id to log in with (901234)
  -secret S         its secret (secret)
  -version V        the version to ask for: 3.0, 2.1 or 2.0 (3.0)
  -to N1,N2         the recipients (up to 100)
  -from N           Src_Id, the number the recipients see (1065712345)
  -service ID       Service_Id
  -report           ask for status reports (Registered_Delivery 1) and wait
                    for them
  -wait D           how long to wait for reports, and to listen for MOs
                    (30s with -report, else 0)
  -n N              send N messages as a load test
  -c W              SUBMITs outstanding at once (16)
  -conns K          connections (W/16 rounded up, at most W); each has a
                    window of W/K rounded up
  -rate R           SUBMITs per second at most, over all the connections
                    (0: no limit)
  -timeout T        T, the wait for a response before a resend (60s)

Exit status: 0 when every SUBMIT got Result 0 (and, with -report, every
report is DELIVRD); 1 when anything failed; 2 for a usage error; 130 when
interrupted (SIGINT or SIGTERM: requests already sent are awaited, the
connections get CMPP_TERMINATE and the summary is printed).
`

type sendOptions struct {
	addr, sp, secret, from, service string
	version                         cmpp.Version
	to                              []string
	report                          bool
	wait                            time.Duration
	n, c, conns                     int
	rate                            float64
	timeout                         time.Duration
	text                            string
}

func runSend(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o sendOptions
	fs := newFlagSet("send", sendUsage)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:7890", "")
	fs.StringVar(&o.sp, "sp", cmpptest.DefaultSPID, "")
	fs.StringVar(&o.secret, "secret", cmpptest.DefaultSecret, "")
	version := fs.String("version", "3.0", "")
	to := fs.String("to", "", "")
	fs.StringVar(&o.from, "from", cmpptest.DefaultSPCode, "")
	fs.StringVar(&o.service, "service", "", "")
	fs.BoolVar(&o.report, "report", false, "")
	wait := fs.String("wait", "", "")
	fs.IntVar(&o.n, "n", 0, "")
	fs.IntVar(&o.c, "c", 16, "")
	fs.IntVar(&o.conns, "conns", 0, "")
	fs.Float64Var(&o.rate, "rate", 0, "")
	fs.DurationVar(&o.timeout, "timeout", 0, "")
	words, code := parseFlags(fs, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "cmpp send: "+format+"\n", a...)
		return 2
	}
	o.text = strings.Join(words, " ")
	var err error
	if o.version, err = parseVersion(*version); err != nil {
		return usage("-version %q: %v", *version, err)
	}
	if *to != "" {
		o.to = strings.Split(*to, ",")
	}
	switch {
	case *wait != "":
		d, err := time.ParseDuration(*wait)
		if err != nil || d < 0 {
			return usage("-wait %q is not a duration", *wait)
		}
		o.wait = d
	case o.report:
		o.wait = 30 * time.Second
	}
	if o.c < 1 || o.n < 0 || o.conns < 0 || o.rate < 0 {
		return usage("-c must be at least 1, and -n, -conns and -rate not negative")
	}
	if o.n == 0 {
		switch {
		case o.text == "" && o.wait == 0:
			return usage("no TEXT to send (cmpp help send)")
		case o.text != "" && len(o.to) == 0:
			return usage("no -to numbers")
		case len(o.to) > cmpp.MaxSubmitDest:
			return usage("%d -to numbers: a SUBMIT takes %d at most", len(o.to), cmpp.MaxSubmitDest)
		}
	}
	if o.text == "" {
		o.text = "cmpp load test"
	}

	s := &sender{o: o, stdout: stdout, stderr: stderr, reports: map[reportKey]string{}, reportSig: make(chan struct{}, 1)}
	s.reasm = concat.NewReassembler(concat.Config{Timeout: time.Minute})
	if o.n > 0 {
		return s.load(ctx)
	}
	return s.once(ctx)
}

// sender is one send command: its connections and what came back.
type sender struct {
	o              sendOptions
	stdout, stderr io.Writer
	outMu          sync.Mutex
	conns          []*session.Conn

	mu        sync.Mutex
	reports   map[reportKey]string // Stat by (Msg_Id, recipient)
	reportSig chan struct{}
	nReports  atomic.Int64
	reasm     *concat.Reassembler
}

type reportKey struct {
	id   cmpp.MsgID
	dest string
}

func (s *sender) printf(w io.Writer, format string, a ...any) {
	s.outMu.Lock()
	fmt.Fprintf(w, format, a...)
	s.outMu.Unlock()
}

// dial opens k connections, each with the given window.
func (s *sender) dial(ctx context.Context, k, window int) error {
	var lim *rate.Limiter
	if s.o.rate > 0 {
		lim = rate.NewLimiter(rate.Limit(s.o.rate), max(1, int(s.o.rate/10)))
	}
	cfg := session.Config{
		SourceAddr: s.o.sp, Secret: s.o.secret, Version: s.o.version,
		Window: window, Timeout: s.o.timeout, Limiter: lim,
		Handler: session.HandlerFunc(s.deliver),
	}
	for range k {
		c, err := session.Dial(ctx, s.o.addr, cfg)
		if err != nil {
			return err
		}
		s.conns = append(s.conns, c)
	}
	return nil
}

// close closes every connection (TERMINATE) at once.
func (s *sender) close() {
	var wg sync.WaitGroup
	for _, c := range s.conns {
		wg.Go(func() { c.Close() })
	}
	wg.Wait()
}

// deliver answers a DELIVER: a status report is recorded, an MO printed
// (once all its segments are in).
func (s *sender) deliver(w session.ResponseWriter, r *session.Request) {
	d := r.Packet.(*cmpp.Deliver)
	if d.RegisteredDelivery == 1 {
		if rep, err := d.Report(); err == nil {
			s.mu.Lock()
			s.reports[reportKey{rep.MsgID, string(rep.DestTerminalID)}] = string(rep.Stat)
			s.mu.Unlock()
			s.nReports.Add(1)
			select {
			case s.reportSig <- struct{}{}:
			default:
			}
		} else {
			s.printf(s.stderr, "cmpp send: a status report that does not decode: %v\n", err)
		}
		w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID})
		return
	}
	msgs, err := s.reasm.Add(time.Now(), d)
	w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID})
	if err != nil {
		s.printf(s.stderr, "cmpp send: MO from %s: %v\n", d.SrcTerminalID, err)
	}
	for _, m := range msgs {
		s.printMO(m)
	}
}

func (s *sender) printMO(m *concat.Message) {
	text := fmt.Sprintf("%x (Msg_Fmt %d)", m.Deliver.MsgContent, m.Deliver.MsgFmt)
	if c, ok := cmppenc.ForFmt(m.Deliver.MsgFmt); ok && m.Deliver.MsgFmt != cmpp.FmtBinary && m.Deliver.MsgFmt != cmpp.FmtSIM {
		if t, err := c.AppendDecode(nil, m.Deliver.MsgContent); err == nil {
			text = strconv.Quote(string(t))
		}
	}
	note := ""
	if m.Status != concat.StatusComplete {
		note = fmt.Sprintf(" (%v, missing segments %v)", m.Status, m.Missing)
	}
	s.printf(s.stdout, "MO from %s to %s: %s%s\n", m.Deliver.SrcTerminalID, m.Deliver.DestID, text, note)
}

func (s *sender) template() *cmpp.Submit {
	return &cmpp.Submit{
		PkTotal: 1, PkNumber: 1,
		RegisteredDelivery: b2u(s.o.report),
		ServiceID:          []byte(s.o.service),
		MsgSrc:             []byte(s.o.sp),
		FeeType:            []byte("01"),
		FeeCode:            []byte("000000"),
		SrcID:              []byte(s.o.from),
	}
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// once sends one text and prints what happens to each segment and
// recipient.
func (s *sender) once(ctx context.Context) int {
	if err := s.dial(ctx, 1, 0); err != nil {
		fmt.Fprintln(s.stderr, "cmpp send:", err)
		return 1
	}
	failed := false
	type sent struct {
		seg  string
		resp *cmpp.SubmitResp
	}
	var ok []sent
	if len(s.o.to) > 0 {
		tmpl := s.template()
		for _, d := range s.o.to {
			tmpl.DestTerminalIDs = append(tmpl.DestTerminalIDs, []byte(d))
		}
		subs, err := concat.SubmitText(tmpl, s.o.text, concat.NewRefCounter().Next8())
		if err != nil {
			fmt.Fprintln(s.stderr, "cmpp send:", err)
			s.close()
			return 1
		}
		for _, sub := range subs {
			seg := fmt.Sprintf("%d/%d", sub.PkNumber, sub.PkTotal)
			// Not ctx: a SUBMIT sent is awaited after Ctrl-C too.
			resp, err := s.conns[0].Submit(context.Background(), sub)
			if err != nil {
				failed = true
				for _, d := range s.o.to {
					s.printf(s.stdout, "%s  %s  failed: %v\n", d, seg, err)
				}
				continue
			}
			if resp.Result != cmpp.ResultSuccess {
				failed = true
			} else {
				ok = append(ok, sent{seg, resp})
			}
			for i, d := range s.o.to {
				s.printf(s.stdout, "%s  %s  Result %d (%v)  Msg_Id %v (%v)\n", d, seg, uint32(resp.Result), resp.Result,
					cmpptest.MsgIDAdd(resp.MsgID, i), cmpptest.MsgIDAdd(resp.MsgID, i).Parts())
			}
			if ctx.Err() != nil {
				break
			}
		}
	}

	if s.o.wait > 0 && ctx.Err() == nil {
		want := 0
		if s.o.report {
			want = len(ok) * len(s.o.to)
		}
		s.awaitReports(ctx, want)
	}
	if s.o.report {
		s.mu.Lock()
		for _, o := range ok {
			for i, d := range s.o.to {
				id := cmpptest.MsgIDAdd(o.resp.MsgID, i)
				stat, got := s.reports[reportKey{id, d}]
				if !got { // a gateway that gives every recipient the same id
					stat, got = s.reports[reportKey{o.resp.MsgID, d}]
				}
				switch {
				case !got:
					failed = true
					s.printf(s.stdout, "%s  %s  no status report after %v\n", d, o.seg, s.o.wait)
				default:
					failed = failed || stat != "DELIVRD"
					s.printf(s.stdout, "%s  %s  report %s (%s)  Msg_Id %v\n", d, o.seg, stat, cmpp.StatText([]byte(stat)), id)
				}
			}
		}
		s.mu.Unlock()
	}
	s.close()
	for _, m := range s.reasm.Flush() {
		s.printMO(m)
	}
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(s.stderr, "cmpp send: interrupted")
		return 130
	case failed:
		return 1
	}
	return 0
}

// awaitReports waits until want reports are in (forever when want is 0),
// for -wait at most, or until ctx ends.
func (s *sender) awaitReports(ctx context.Context, want int) {
	t := time.NewTimer(s.o.wait)
	defer t.Stop()
	for want == 0 || s.nReports.Load() < int64(want) {
		select {
		case <-s.reportSig:
		case <-t.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

// load is the load generator.
func (s *sender) load(ctx context.Context) int {
	o := s.o
	k := o.conns
	if k == 0 {
		k = (o.c + session.DefaultWindow - 1) / session.DefaultWindow
	}
	k = min(k, o.c)
	if err := s.dial(ctx, k, (o.c+k-1)/k); err != nil {
		fmt.Fprintln(s.stderr, "cmpp send:", err)
		s.close()
		return 1
	}
	tmpl := s.template()
	tmpl.DestTerminalIDs = [][]byte{nil}
	segs, err := concat.SubmitText(tmpl, o.text, concat.NewRefCounter().Next8())
	if err != nil {
		fmt.Fprintln(s.stderr, "cmpp send:", err)
		s.close()
		return 1
	}
	perMsg := len(segs)
	total := o.n * perMsg

	// After Ctrl-C no new message starts, but the SUBMITs sent are
	// awaited (each for T·N at most): their responses are in the summary.
	reqCtx := context.Background()

	var next atomic.Int64 // messages taken
	var done atomic.Int64 // SUBMITs answered or failed
	workers := make([]*loadWorker, o.c)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		w := &loadWorker{results: map[cmpp.SubmitResult]int{}, errs: map[string]int{}}
		w.lat = make([]time.Duration, 0, total/o.c+perMsg)
		workers[i] = w
		conn := s.conns[i%k]
		// Each worker sends its own copies, so it may change the
		// recipient between SUBMITs.
		mine := make([]*cmpp.Submit, perMsg)
		for j, sub := range segs {
			c := *sub
			c.DestTerminalIDs = [][]byte{nil}
			mine[j] = &c
		}
		wg.Go(func() {
			for ctx.Err() == nil {
				m := next.Add(1)
				if m > int64(o.n) {
					return
				}
				dest := s.dest(int(m - 1))
				for _, sub := range mine {
					sub.DestTerminalIDs[0] = dest
					t0 := time.Now()
					resp, err := conn.Submit(reqCtx, sub)
					w.lat = append(w.lat, time.Since(t0))
					if err != nil {
						w.errs[errClass(err)]++
					} else {
						w.results[resp.Result]++
					}
					done.Add(1)
					if errors.Is(err, session.ErrClosed) {
						return // the connection ended: this worker is done
					}
				}
				w.msgs++
			}
		})
	}

	stopProgress := s.progress(total, &done, start)
	wg.Wait()
	elapsed := time.Since(start)
	stopProgress()
	if o.report && ctx.Err() == nil {
		want := 0
		for _, w := range workers {
			want += w.results[cmpp.ResultSuccess]
		}
		if o.wait > 0 {
			s.awaitReports(ctx, want)
		}
	}
	s.close()
	return s.summary(ctx, workers, elapsed, total)
}

// dest returns the recipient of message m: the -to numbers in turn, or a
// generated one.
func (s *sender) dest(m int) []byte {
	if len(s.o.to) > 0 {
		return []byte(s.o.to[m%len(s.o.to)])
	}
	return strconv.AppendInt([]byte("138"), 10_000_000+int64(m%90_000_000), 10)
}

// errClass is an error without the parts that differ between requests.
func errClass(err error) string {
	var te *session.TimeoutError
	switch {
	case errors.As(err, &te):
		return "timeout"
	case errors.Is(err, session.ErrClosed):
		return "connection closed"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return err.Error()
}

// loadWorker is one sending goroutine's record.
type loadWorker struct {
	lat     []time.Duration
	results map[cmpp.SubmitResult]int
	errs    map[string]int
	msgs    int
}

// progress shows how far the load run is: a bar on a terminal, a line a
// second otherwise. The function returned stops it.
func (s *sender) progress(total int, done *atomic.Int64, start time.Time) func() {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if f, ok := s.stderr.(*os.File); ok && isTerminal(f) {
		bar := progressbar.NewOptions(total,
			progressbar.OptionSetWriter(f),
			progressbar.OptionSetDescription("SUBMIT"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("SUBMITs"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		wg.Go(func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					bar.Set(int(done.Load()))
				case <-stop:
					bar.Set(int(done.Load()))
					bar.Finish()
					return
				}
			}
		})
	} else {
		wg.Go(func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			last, lastT := int64(0), start
			for {
				select {
				case now := <-t.C:
					n := done.Load()
					s.printf(s.stderr, "cmpp send: %d/%d SUBMITs, %.0f/s\n", n, total, float64(n-last)/now.Sub(lastT).Seconds())
					last, lastT = n, now
				case <-stop:
					return
				}
			}
		})
	}
	return func() {
		close(stop)
		wg.Wait()
	}
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// summary prints the closing lines of a load run and gives the exit
// status.
func (s *sender) summary(ctx context.Context, workers []*loadWorker, elapsed time.Duration, total int) int {
	var lat []time.Duration
	results := map[cmpp.SubmitResult]int{}
	errs := map[string]int{}
	msgs := 0
	for _, w := range workers {
		lat = append(lat, w.lat...)
		for r, n := range w.results {
			results[r] += n
		}
		for e, n := range w.errs {
			errs[e] += n
		}
		msgs += w.msgs
	}
	slices.Sort(lat)
	secs := elapsed.Seconds()
	out := s.stdout
	fmt.Fprintf(out, "%d messages, %d SUBMITs in %v: %.0f messages/s, %.0f SUBMITs/s over %d connection(s)\n",
		msgs, len(lat), elapsed.Round(time.Millisecond), float64(msgs)/secs, float64(len(lat))/secs, len(s.conns))
	codes := make([]cmpp.SubmitResult, 0, len(results))
	for r := range results {
		codes = append(codes, r)
	}
	slices.Sort(codes)
	failed := len(errs) > 0
	for _, r := range codes {
		fmt.Fprintf(out, "  Result %d (%v): %d\n", uint32(r), r, results[r])
		failed = failed || r != cmpp.ResultSuccess
	}
	names := make([]string, 0, len(errs))
	for e := range errs {
		names = append(names, e)
	}
	slices.Sort(names)
	for _, e := range names {
		fmt.Fprintf(out, "  failed (%s): %d\n", e, errs[e])
	}
	if len(lat) > 0 {
		pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
		fmt.Fprintf(out, "latency p50 %v  p90 %v  p99 %v  max %v\n",
			round(pct(0.50)), round(pct(0.90)), round(pct(0.99)), round(lat[len(lat)-1]))
	}
	if s.o.report {
		s.mu.Lock()
		stats := map[string]int{}
		for _, st := range s.reports {
			stats[st]++
		}
		s.mu.Unlock()
		keys := make([]string, 0, len(stats))
		for k := range stats {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var parts []string
		got := 0
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, stats[k]))
			got += stats[k]
			failed = failed || k != "DELIVRD"
		}
		missing := results[cmpp.ResultSuccess] - got
		if missing > 0 {
			failed = true
		}
		fmt.Fprintf(out, "reports: %s; missing %d\n", strings.Join(parts, ", "), max(missing, 0))
	}
	if ctx.Err() != nil {
		fmt.Fprintf(out, "interrupted after %d of %d SUBMITs\n", len(lat), total)
		return 130
	}
	if len(lat) < total {
		fmt.Fprintf(out, "%d of %d SUBMITs not sent: their connection ended\n", total-len(lat), total)
		failed = true
	}
	if failed {
		return 1
	}
	return 0
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
