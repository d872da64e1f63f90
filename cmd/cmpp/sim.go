package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/cmpptest"
	"github.com/go-cmpp/cmpp/session"
)

const simUsage = `usage: cmpp sim [flags]

Run a CMPP gateway (ISMG) simulator to test an SP against: 3.0, and 2.0
or 2.1 for the accounts that allow them (-versions). With no flags it
listens on :7890 and accepts the account 901234 with the secret "secret".
It answers CMPP_SUBMIT with real Msg_Ids (the time, its gateway code and
a sequence number), sends the status reports asked for
(Registered_Delivery 1) after -delay with a mix of Stat values, answers
SUBMITs beyond the window or over the rate with Result 8 (flow control),
one that breaks its version's limits with Result 1 and one whose Msg_src
is not the account's with Result 11, and a resend of an accepted SUBMIT
(the same Sequence_Id) as -duplicates says. It prints every PDU as 'cmpp
decode' does (or as JSON lines with -json) on standard output; what it
does, and a summary when it stops, go to standard error.

MO messages are injected from standard input, one per line:

  13800138000 hello                  from 13800138000 to the first account
  13800138000>10657123450001 hello   to Dest_Id 10657123450001: the account
                                     whose SP code starts it (else the
                                     first)

and, with -http ADDR, by POST /mo with the form fields from, to, sp and
text (curl -d from=13800138000 -d text=hello http://ADDR/mo). A long text
goes out as several concatenated DELIVERs.

Flags (the account flags are the defaults of the accounts in -accounts):
  -listen ADDR    the address to listen on (:7890)
  -accounts FILE  the accounts, one a line (see below)
  -sp ID          the SP_Id of the account (901234)
  -secret S       its secret (secret)
  -versions L     the versions it may log in with, as 3.0,2.0 (3.0)
  -code N         its SP code, the Dest_Id of its MOs (1065712345)
  -window W       SUBMITs of a connection awaiting a response at once (16;
                  0 turns the check off)
  -rate R         SUBMITs per second over all its connections, in bursts of
                  R/10 at most (0: no limit)
  -delay D        the wait before a status report (0s)
  -stats MIX      the Stat mix of the reports, as DELIVRD:90,UNDELIV:8,EXPIRED:2
                  (DELIVRD)
  -gateway G      the ISMG_Id in the Msg_Ids (1001)
  -http ADDR      serve POST /mo on ADDR (off)
  -duplicates P   the answer to a SUBMIT repeating the Sequence_Id of one
                  accepted on its connection in the last 3 minutes (T x N,
                  the longest an SP resends):
                  result3 (Result 3, duplicate sequence number), original
                  (the first SUBMIT_RESP again, same Msg_Id), or off (a new
                  message) (result3)
  -json           print the PDUs as JSON lines: {"time", "remote", "dir",
                  "pdu"} ({"error", "hex"} instead of "pdu" for one that
                  does not decode), and {"time", "remote", "dir": "closed"}
                  when a connection ends
  -quiet          print no PDUs (for load tests)

Accounts file: one account a line, the SP_Id and then key=value settings
with the flags' names and forms; '#' starts a comment:

  # SP_Id  settings
  901234   secret=s3cret versions=3.0,2.0 window=16 rate=200
  901235   secret=other code=10658888 delay=2s stats=DELIVRD:9,UNDELIV:1

It stops on SIGINT or SIGTERM: every connection gets CMPP_TERMINATE, and
a summary of what it did is printed.
`

// simAccountKeys are the settings of an account, as flags and in the file.
var simAccountKeys = []string{"secret", "versions", "code", "window", "rate", "delay", "stats"}

func runSim(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("sim", simUsage)
	listen := fs.String("listen", ":7890", "")
	accounts := fs.String("accounts", "", "")
	spID := fs.String("sp", cmpptest.DefaultSPID, "")
	settings := map[string]*string{}
	defaults := map[string]string{"secret": cmpptest.DefaultSecret, "versions": "3.0", "code": cmpptest.DefaultSPCode,
		"window": strconv.Itoa(cmpptest.DefaultWindow), "rate": "0", "delay": "0s", "stats": "DELIVRD"}
	for _, k := range simAccountKeys {
		settings[k] = fs.String(k, defaults[k], "")
	}
	gateway := fs.Uint("gateway", cmpptest.DefaultGateway, "")
	httpAddr := fs.String("http", "", "")
	dups := fs.String("duplicates", "result3", "")
	asJSON := fs.Bool("json", false, "")
	quiet := fs.Bool("quiet", false, "")
	rest, code := parseFlags(fs, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "cmpp sim: unexpected argument %q\n", rest[0])
		return 2
	}

	base := cmpptest.Account{SPID: *spID}
	for _, k := range simAccountKeys {
		if err := setAccount(&base, k, *settings[k]); err != nil {
			fmt.Fprintf(stderr, "cmpp sim: -%s: %v\n", k, err)
			return 2
		}
	}
	accts := []cmpptest.Account{base}
	if *accounts != "" {
		var err error
		if accts, err = readAccounts(*accounts, base); err != nil {
			fmt.Fprintln(stderr, "cmpp sim:", err)
			return 2
		}
	}

	log := &pduLog{out: bufio.NewWriter(stdout), json: *asJSON, versions: map[string]*follower{}}
	log.dec.KeepUnknown = true
	cfg := cmpptest.Config{Addr: *listen, Accounts: accts, Gateway: uint32(*gateway), KeepSubmits: -1}
	switch *dups {
	case "result3":
	case "original":
		cfg.Duplicates = cmpptest.DuplicateOriginal
	case "off":
		cfg.DuplicateMemory = -1
	default:
		fmt.Fprintf(stderr, "cmpp sim: -duplicates %q: want result3, original or off\n", *dups)
		return 2
	}
	if !*quiet {
		cfg.Trace = log.trace
	}
	gw, err := cmpptest.Start(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "cmpp sim:", err)
		return 1
	}
	fmt.Fprintf(stderr, "cmpp sim: gateway %06d listening on %s\n", *gateway, gw.Addr)
	for _, a := range accts {
		fmt.Fprintf(stderr, "cmpp sim: account %s\n", accountText(a))
	}

	var wg sync.WaitGroup
	var hs *http.Server
	if *httpAddr != "" {
		l, err := net.Listen("tcp", *httpAddr)
		if err != nil {
			fmt.Fprintln(stderr, "cmpp sim: -http:", err)
			gw.Close()
			return 1
		}
		hs = &http.Server{Handler: moHandler(ctx, gw, accts), ReadHeaderTimeout: 10 * time.Second}
		wg.Go(func() { hs.Serve(l) })
		fmt.Fprintf(stderr, "cmpp sim: POST /mo on http://%s/mo\n", l.Addr())
	}
	fmt.Fprintln(stderr, "cmpp sim: MO messages from standard input as 'NUMBER TEXT' lines; Ctrl-C stops")
	stdinDone := make(chan struct{})
	if stdin != nil {
		// A read of a file (a terminal) cannot be interrupted: the
		// process ends it. Other readers are waited for.
		go func() {
			defer close(stdinDone)
			readMOs(ctx, gw, accts, stdin, stderr)
		}()
	} else {
		close(stdinDone)
	}

	<-ctx.Done()
	fmt.Fprintln(stderr, "cmpp sim: stopping")
	if hs != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		hs.Shutdown(sctx)
		cancel()
	}
	wg.Wait()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	err = gw.Shutdown(sctx)
	cancel()
	if _, isFile := stdin.(*os.File); !isFile {
		<-stdinDone
	}
	log.flush()
	fmt.Fprintln(stderr, "cmpp sim:", statsText(gw.Stats()))
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintln(stderr, "cmpp sim:", err)
		return 1
	}
	return 0
}

// setAccount applies one setting (a flag, or a key=value of the file).
func setAccount(a *cmpptest.Account, key, v string) error {
	switch key {
	case "secret":
		a.Secret = v
	case "versions":
		a.Versions = nil
		for f := range strings.SplitSeq(v, ",") {
			ver, err := parseVersion(strings.TrimSpace(f))
			if err != nil {
				return fmt.Errorf("version %q: %v", f, err)
			}
			a.Versions = append(a.Versions, ver)
		}
	case "code":
		a.SPCode = v
	case "window":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("window %q is not a count", v)
		}
		a.Window = n
		if n == 0 {
			a.Window = -1 // off
		}
	case "rate":
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return fmt.Errorf("rate %q is not a number of SUBMITs per second", v)
		}
		a.Rate = r
	case "delay":
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("delay %q is not a duration such as 2s", v)
		}
		a.ReportDelay = d
	case "stats":
		a.Stats = nil
		for f := range strings.SplitSeq(v, ",") {
			stat, weight, hasWeight := strings.Cut(f, ":")
			if hasWeight && len(stat) == 2 { // MA:0001 and the like
				stat, weight, hasWeight = f, "", false
				if s2, w2, ok := strings.Cut(f[3:], ":"); ok {
					stat, weight, hasWeight = f[:3]+s2, w2, true
				}
			}
			w := 1
			if hasWeight {
				var err error
				if w, err = strconv.Atoi(weight); err != nil || w < 0 {
					return fmt.Errorf("weight %q of %s is not a count", weight, stat)
				}
			}
			a.Stats = append(a.Stats, cmpptest.StatWeight{Stat: stat, Weight: w})
		}
	default:
		return fmt.Errorf("unknown setting %q (want one of %s)", key, strings.Join(simAccountKeys, ", "))
	}
	return nil
}

// readAccounts reads an accounts file: "SP_Id key=value…" lines, each
// starting from base.
func readAccounts(name string, base cmpptest.Account) ([]cmpptest.Account, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []cmpptest.Account
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		a := base
		a.SPID = fields[0]
		for _, kv := range fields[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fmt.Errorf("%s:%d: %q is not key=value", name, n, kv)
			}
			if err := setAccount(&a, k, v); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", name, n, err)
			}
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no accounts", name)
	}
	return out, nil
}

func accountText(a cmpptest.Account) string {
	var vs []string
	for _, v := range a.Versions {
		vs = append(vs, v.String())
	}
	if len(vs) == 0 {
		vs = []string{"3.0"}
	}
	window := strconv.Itoa(a.Window)
	if a.Window < 0 {
		window = "off"
	}
	rate := "unlimited"
	if a.Rate > 0 {
		rate = strconv.FormatFloat(a.Rate, 'g', -1, 64) + "/s"
	}
	var stats []string
	for _, s := range a.Stats {
		stats = append(stats, s.Stat+":"+strconv.Itoa(s.Weight))
	}
	if len(stats) == 0 {
		stats = []string{"DELIVRD"}
	}
	return fmt.Sprintf("%s secret %q versions %s code %s window %s rate %s report delay %v stats %s",
		a.SPID, a.Secret, strings.Join(vs, ","), a.SPCode, window, rate, a.ReportDelay, strings.Join(stats, ","))
}

func statsText(st cmpptest.Stats) string {
	codes := make([]cmpp.SubmitResult, 0, len(st.Results))
	var answered uint64
	for r, n := range st.Results {
		codes = append(codes, r)
		answered += n
	}
	slices.Sort(codes)
	var parts []string
	for _, r := range codes {
		parts = append(parts, fmt.Sprintf("Result %d (%v) %d", uint32(r), r, st.Results[r]))
	}
	results := ""
	if len(parts) > 0 {
		results = ": " + strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%d logins, %d SUBMITs received (%d duplicates), %d answered%s; %d reports answered, %d failed, %d not sent; %d MO DELIVERs answered",
		st.Logins, st.Submits, st.Duplicates, answered, results, st.Reports, st.ReportsFailed, st.ReportsPending, st.MOs)
}

// readMOs injects an MO for every "FROM[>DEST] TEXT" line of r.
func readMOs(ctx context.Context, gw *cmpptest.Server, accts []cmpptest.Account, r io.Reader, stderr io.Writer) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		addr, text, _ := strings.Cut(line, " ")
		from, to, _ := strings.Cut(addr, ">")
		msg := injectMO(ctx, gw, accts, from, to, "", strings.TrimLeft(text, " "))
		fmt.Fprintln(stderr, "cmpp sim:", msg)
	}
}

// injectMO sends one MO and says what happened.
func injectMO(ctx context.Context, gw *cmpptest.Server, accts []cmpptest.Account, from, to, sp, text string) string {
	if sp == "" && to != "" {
		for _, a := range accts {
			if strings.HasPrefix(to, a.SPCode) {
				sp = a.SPID
				break
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 2*session.DefaultTimeout)
	defer cancel()
	resps, err := gw.InjectMO(ctx, cmpptest.MO{SP: sp, From: from, To: to, Text: text})
	if err != nil {
		return fmt.Sprintf("MO from %s not delivered: %v", from, err)
	}
	return fmt.Sprintf("MO from %s delivered in %d DELIVER(s)", from, len(resps))
}

// moHandler serves POST /mo.
func moHandler(ctx context.Context, gw *cmpptest.Server, accts []cmpptest.Account) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /mo", func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10) // 255 segments of text fit many times over
		from, text := r.FormValue("from"), r.FormValue("text")
		if from == "" || text == "" {
			http.Error(w, "want the form fields from and text (and optionally to, sp)", http.StatusBadRequest)
			return
		}
		msg := injectMO(ctx, gw, accts, from, r.FormValue("to"), r.FormValue("sp"), text)
		if strings.Contains(msg, "not delivered") {
			http.Error(w, msg, http.StatusBadGateway)
			return
		}
		fmt.Fprintln(w, msg)
	})
	return mux
}

// pduLog prints the PDUs the simulator reads and writes.
type pduLog struct {
	mu       sync.Mutex
	out      *bufio.Writer
	json     bool
	dec      cmpp.Decoder
	versions map[string]*follower // by remote address: the layout its login chose
	n        int
	buf      []byte
}

func (l *pduLog) trace(e cmpptest.TraceEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now().Format("15:04:05.000")
	if e.Closed {
		// The connection's last event: its layout is forgotten (the
		// address may be used again), whether it ended by TERMINATE or
		// was dropped.
		delete(l.versions, e.Remote)
		if l.json {
			o := newObj(l.buf[:0])
			o.str("time", now)
			o.str("remote", e.Remote)
			o.str("dir", "closed")
			l.buf = append(o.end(), '\n')
			l.out.Write(l.buf)
		} else {
			fmt.Fprintf(l.out, "%s SP %s: connection closed\n\n", now, e.Remote)
		}
		l.out.Flush()
		return
	}
	l.n++
	dir, arrow := "out", "gateway -> SP "+e.Remote
	if e.In {
		dir, arrow = "in", "SP "+e.Remote+" -> gateway"
	}
	f := l.versions[e.Remote]
	if f == nil {
		nf := newFollower(cmpp.Version30)
		f = &nf
		l.versions[e.Remote] = f
	}
	v := f.cur
	l.dec.Version = v
	h, p, err := l.dec.Decode(e.PDU)
	if err == nil {
		f.see(p)
	}
	if l.json {
		o := newObj(l.buf[:0])
		o.str("time", now)
		o.str("remote", e.Remote)
		o.str("dir", dir)
		if err != nil {
			o.str("error", err.Error())
			o.str("hex", fmt.Sprintf("%x", e.PDU))
		} else {
			o.key("pdu")
			o.b = appendPDUJSON(o.b, v, h, p)
		}
		l.buf = append(o.end(), '\n')
		l.out.Write(l.buf)
	} else {
		var w textWriter
		fmt.Fprintf(&w.sb, "%s %s\n", now, arrow)
		if err != nil {
			writeFailure(&w, l.n, unit{loc: e.Remote, pdu: e.PDU}, err)
		} else {
			writePDU(&w, l.n, e.PDU, v, h, p)
		}
		w.sb.WriteByte('\n')
		l.out.WriteString(w.sb.String())
	}
	l.out.Flush()
}

func (l *pduLog) flush() {
	l.mu.Lock()
	l.out.Flush()
	l.mu.Unlock()
}
