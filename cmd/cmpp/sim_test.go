package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/cmpptest"
	"github.com/go-cmpp/cmpp/session"
)

// leakCheck checks, after the test and its other cleanups (such as
// stopping the simulator), that no goroutine is left.
func leakCheck(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
}

// syncBuffer is an io.Writer that tests may read while the command
// writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor waits until re matches what b holds and returns the submatches.
func waitFor(t *testing.T, b *syncBuffer, re string) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	var m []string
	require.Eventually(t, func() bool { m = rx.FindStringSubmatch(b.String()); return m != nil },
		10*time.Second, 5*time.Millisecond, "waiting for %q in:\n%s", re, b)
	return m
}

// simRun is a 'cmpp sim' running in the test's process.
type simRun struct {
	addr           string
	stdin          *io.PipeWriter
	stdout, stderr *syncBuffer
	stop           func() int // Ctrl-C; returns the exit status
}

func startSim(t *testing.T, args ...string) *simRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &simRun{stdin: pw, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	code := make(chan int, 1)
	go func() {
		code <- runSim(ctx, append([]string{"-listen", "127.0.0.1:0"}, args...), pr, s.stdout, s.stderr)
	}()
	s.addr = waitFor(t, s.stderr, `listening on (\S+)`)[1]
	var once sync.Once
	status := -1
	s.stop = func() int {
		once.Do(func() {
			pw.Close()
			cancel()
			status = <-code
		})
		return status
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// send runs 'cmpp send' against the simulator.
func send(t *testing.T, ctx context.Context, s *simRun, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb syncBuffer
	code = runSend(ctx, append([]string{"-addr", s.addr}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// startSend starts 'cmpp send' against the simulator; stop is Ctrl-C, and
// returns the exit status.
func startSend(t *testing.T, s *simRun, args ...string) (stdout, stderr *syncBuffer, stop, wait func() int) {
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	code := make(chan int, 1)
	go func() { code <- runSend(ctx, append([]string{"-addr", s.addr}, args...), stdout, stderr) }()
	var once sync.Once
	status := -1
	wait = func() int {
		once.Do(func() { status = <-code })
		return status
	}
	stop = func() int {
		cancel()
		return wait()
	}
	t.Cleanup(func() { stop() })
	return stdout, stderr, stop, wait
}

func TestSimAndSend(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-stats", "DELIVRD:1", "-delay", "10ms")
	text := strings.Repeat("你好，世界。", 15) // 90 characters: 2 UCS2 segments
	out, errOut, code := send(t, context.Background(), sim, "-to", "13800138000,13900139000", "-report", text)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)

	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 8, out) // 2 segments × 2 recipients, a response and a report each
	ids := map[string]string{}
	for _, l := range lines[:4] {
		m := regexp.MustCompile(`^(\d+)  (\d/2)  Result 0 \(success\)  Msg_Id (0x[0-9a-f]{16}) \(\d\d-\d\d \d\d:\d\d:\d\d gw=1001 seq=\d+\)$`).FindStringSubmatch(l)
		require.NotNil(t, m, l)
		ids[m[1]+" "+m[2]] = m[3]
	}
	for _, l := range lines[4:] {
		m := regexp.MustCompile(`^(\d+)  (\d/2)  report DELIVRD \(delivered\)  Msg_Id (0x[0-9a-f]{16})$`).FindStringSubmatch(l)
		require.NotNil(t, m, l)
		assert.Equal(t, ids[m[1]+" "+m[2]], m[3], "the report carries the Msg_Id of its recipient")
	}
	assert.Len(t, ids, 4)

	require.Equal(t, 0, sim.stop())
	log := sim.stdout.String()
	for _, want := range []string{"CMPP_CONNECT seq=1", "CMPP_SUBMIT seq=2", "CMPP_SUBMIT_RESP seq=3", "CMPP_DELIVER seq=", "CMPP_TERMINATE seq="} {
		assert.Contains(t, log, want)
	}
	assert.Contains(t, log, `Msg_Content                 "你好，世界。`)
	assert.Contains(t, sim.stderr.String(), "1 logins, 2 SUBMITs received (0 duplicates), 2 answered: Result 0 (success) 2; 4 reports answered, 0 failed, 0 not sent")
}

func TestSendWrongSecret(t *testing.T) {
	leakCheck(t)
	sim := startSim(t)
	_, errOut, code := send(t, context.Background(), sim, "-secret", "wrong", "-to", "13800138000", "hi")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "login refused: Status 3")
	_, errOut, code = send(t, context.Background(), sim, "-sp", "901999", "-to", "13800138000", "hi")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "login refused: Status 2")
}

func TestSimAccountsFile(t *testing.T) {
	leakCheck(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "accounts")
	require.NoError(t, os.WriteFile(file, []byte(`# two SPs
901234 secret=one
901235 secret=two code=10658888 stats=UNDELIV   # every report fails
`), 0o600))
	sim := startSim(t, "-accounts", file)
	waitFor(t, sim.stderr, regexp.QuoteMeta(`account 901235 secret "two" versions 3.0 code 10658888 window 16 rate unlimited report delay 0s stats UNDELIV:1`))

	out, _, code := send(t, context.Background(), sim, "-sp", "901234", "-secret", "one", "-to", "13800138000", "hi")
	assert.Equal(t, 0, code, out)
	out, _, code = send(t, context.Background(), sim, "-sp", "901235", "-secret", "two", "-from", "10658888", "-to", "13800138000", "-report", "hi")
	assert.Equal(t, 1, code, "an UNDELIV report is a failure")
	assert.Contains(t, out, "report UNDELIV")

	require.NoError(t, os.WriteFile(file, []byte("901234 colour=blue\n"), 0o600))
	var errb bytes.Buffer
	assert.Equal(t, 2, runSim(context.Background(), []string{"-accounts", file}, nil, io.Discard, &errb))
	assert.Contains(t, errb.String(), `accounts:1: unknown setting "colour"`)
}

func TestSimOverRate(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-rate", "1", "-quiet") // burst 1: the second SUBMIT within a second is over
	out, _, code := send(t, context.Background(), sim, "-n", "2", "-c", "1")
	assert.Equal(t, 1, code, out)
	m := regexp.MustCompile(`Result 8 \(flow-control error\): (\d+)`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	assert.Contains(t, out, "Result 0 (success): ")
	sim.stop()
	assert.Contains(t, sim.stderr.String(), "Result 8 (flow-control error) "+m[1])
}

func TestSimJSON(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-json")
	_, _, code := send(t, context.Background(), sim, "-to", "13800138000", "hi")
	require.Equal(t, 0, code)
	sim.stop()
	var cmds []string
	for _, line := range strings.Split(strings.TrimSpace(sim.stdout.String()), "\n") {
		var v struct {
			Time, Remote, Dir string
			PDU               map[string]any
		}
		require.NoError(t, json.Unmarshal([]byte(line), &v), line)
		assert.NotEmpty(t, v.Time)
		assert.NotEmpty(t, v.Remote)
		if v.Dir == "closed" {
			assert.Nil(t, v.PDU, line)
			cmds = append(cmds, "closed")
			continue
		}
		cmds = append(cmds, v.Dir+" "+v.PDU["Command_Id"].(string))
	}
	assert.Equal(t, []string{"in CMPP_CONNECT", "out CMPP_CONNECT_RESP", "in CMPP_SUBMIT", "out CMPP_SUBMIT_RESP",
		"in CMPP_TERMINATE", "out CMPP_TERMINATE_RESP", "closed"}, cmds)
}

// An MO typed into the simulator, too long for one DELIVER, arrives at
// 'cmpp send' in segments and is printed joined; the same through POST /mo.
func TestInjectedMOReassembled(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-http", "127.0.0.1:0")
	moURL := waitFor(t, sim.stderr, `POST /mo on (\S+)`)[1]
	out, _, stop, _ := startSend(t, sim, "-wait", "1m")
	waitFor(t, sim.stdout, `CMPP_CONNECT_RESP`)

	// The gateway may print the CONNECT_RESP a moment before it has the
	// connection: an MO typed then is not delivered; type it again.
	long := strings.Repeat("上行长短信。", 25) // 150 characters: 3 UCS2 segments
	require.Eventually(t, func() bool {
		_, err := io.WriteString(sim.stdin, "13800138000 "+long+"\n")
		require.NoError(t, err)
		m := waitFor(t, sim.stderr, `MO from 13800138000 (delivered in 3 DELIVER\(s\)|not delivered)[^\n]*\n$`)
		return m[1] != "not delivered"
	}, 10*time.Second, 10*time.Millisecond)
	waitFor(t, out, regexp.QuoteMeta(`MO from 13800138000 to 1065712345: "`+long+`"`))

	resp, err := http.PostForm(moURL, url.Values{"from": {"13900139000"}, "to": {"106571234599"}, "text": {"hello over HTTP"}})
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	waitFor(t, out, regexp.QuoteMeta(`MO from 13900139000 to 106571234599: "hello over HTTP"`))

	resp, err = http.PostForm(moURL, url.Values{"from": {"13900139000"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	assert.Equal(t, 130, stop())
	http.DefaultClient.CloseIdleConnections()
}

func TestLoad(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-quiet")
	out, errOut, code := send(t, context.Background(), sim, "-n", "3000", "-c", "40")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Regexp(t, `^3000 messages, 3000 SUBMITs in \S+: \d+ messages/s, \d+ SUBMITs/s over 3 connection\(s\)\n  Result 0 \(success\): 3000\nlatency p50 \S+  p90 \S+  p99 \S+  max \S+\n$`, out)
	sim.stop()
	assert.Contains(t, sim.stderr.String(), "3 logins, 3000 SUBMITs received (0 duplicates), 3000 answered: Result 0 (success) 3000")
}

// Ctrl-C in the middle of a load run: no new SUBMIT starts, every one sent
// is answered and counted, the connections are terminated, and the
// summary agrees with what the gateway acknowledged.
func TestLoadInterrupted(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-quiet")
	out, errb, stop, _ := startSend(t, sim, "-n", "100000000", "-c", "32", "-report")
	waitFor(t, errb, `SUBMITs, \d+/s`) // a progress line: a second into the run
	require.Equal(t, 130, stop(), "%s\n%s", out.String(), errb.String())
	summary := out.String()
	m := regexp.MustCompile(`Result 0 \(success\): (\d+)`).FindStringSubmatch(summary)
	require.NotNil(t, m, summary)
	assert.Regexp(t, `interrupted after \d+ of 100000000 SUBMITs\n`, summary)
	assert.NotContains(t, summary, "failed (")

	require.Equal(t, 0, sim.stop())
	simSummary := sim.stderr.String()
	assert.Contains(t, simSummary, "answered: Result 0 (success) "+m[1]+";", "every SUBMIT the gateway acknowledged is in the sender's summary")
	n, _ := strconv.Atoi(m[1])
	assert.Contains(t, simSummary, strconv.Itoa(n)+" SUBMITs received")
}

// A real SIGINT stops 'cmpp sim' started through run, as in a terminal.
func TestSimSIGINT(t *testing.T) {
	leakCheck(t)
	var out, errb syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"sim", "-listen", "127.0.0.1:0", "-quiet"}, strings.NewReader(""), &out, &errb)
	}()
	waitFor(t, &errb, `listening on`)
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
	select {
	case c := <-code:
		assert.Equal(t, 0, c)
	case <-time.After(10 * time.Second):
		t.Fatal("sim did not stop on SIGINT")
	}
	assert.Contains(t, errb.String(), "cmpp sim: stopping")
	assert.Contains(t, errb.String(), "0 logins, 0 SUBMITs received (0 duplicates)")
}

func TestSendUsage(t *testing.T) {
	for _, args := range [][]string{
		{"hello"},              // no -to
		{"-to", "13800138000"}, // no text
		{"-version", "4.0", "-to", "1", "x"},
		{"-c", "0", "-n", "10"},
		{"-wait", "soon", "-to", "1", "x"},
	} {
		var errb bytes.Buffer
		assert.Equal(t, 2, runSend(context.Background(), args, io.Discard, &errb), "%q", args)
		assert.Contains(t, errb.String(), "cmpp send:", "%q", args)
	}
	for _, topic := range []string{"sim", "send"} {
		out, _, code := cmd(t, "", "help", topic)
		assert.Equal(t, 0, code)
		assert.True(t, strings.HasPrefix(out, "usage: cmpp "+topic), out)
	}
}

func TestSimAccountSettings(t *testing.T) {
	var a cmpptest.Account
	for k, v := range map[string]string{
		"secret": "pw", "versions": "3.0,2.0", "code": "10658888", "window": "0",
		"rate": "250.5", "delay": "1.5s", "stats": "DELIVRD:90,MA:0001:7,UNDELIV,EXPIRED:2",
	} {
		require.NoError(t, setAccount(&a, k, v), k)
	}
	assert.Equal(t, cmpptest.Account{
		Secret: "pw", Versions: []cmpp.Version{cmpp.Version30, cmpp.Version20}, SPCode: "10658888",
		Window: -1, Rate: 250.5, ReportDelay: 1500 * time.Millisecond,
		Stats: []cmpptest.StatWeight{{Stat: "DELIVRD", Weight: 90}, {Stat: "MA:0001", Weight: 7}, {Stat: "UNDELIV", Weight: 1}, {Stat: "EXPIRED", Weight: 2}},
	}, a)
	for k, v := range map[string]string{
		"versions": "4.0", "window": "-1", "rate": "fast", "delay": "-1s", "stats": "DELIVRD:x", "colour": "blue",
	} {
		assert.Error(t, setAccount(&a, k, v), k)
	}
}

// The gateway stops in the middle of a load run: the sender stops too,
// with every SUBMIT accounted for.
func TestLoadGatewayStops(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-quiet")
	out, errb, _, wait := startSend(t, sim, "-n", "100000000", "-c", "32", "-timeout", "2s")
	waitFor(t, errb, `SUBMITs, \d+/s`)
	require.Equal(t, 0, sim.stop())
	require.Equal(t, 1, wait(), "%s\n%s", out, errb)
	summary := out.String()
	assert.Regexp(t, `\d+ of 100000000 SUBMITs not sent: their connection ended`, summary)
	m := regexp.MustCompile(`Result 0 \(success\): (\d+)`).FindStringSubmatch(summary)
	require.NotNil(t, m, summary)
	assert.Contains(t, sim.stderr.String(), "answered: Result 0 (success) "+m[1]+";", "every SUBMIT the gateway acknowledged is in the sender's summary")
}

// A CMPP 2.0 login, where the account allows it, and where it does not.
func TestSimVersion20(t *testing.T) {
	leakCheck(t)
	sim := startSim(t, "-versions", "3.0,2.0")
	out, errOut, code := send(t, context.Background(), sim, "-version", "2.0", "-to", "13800138000", "-report", "hello 2.0")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "report DELIVRD")
	sim.stop()
	log := sim.stdout.String()
	assert.Contains(t, log, "CMPP_SUBMIT seq=2 len=168 (CMPP 2.0 layout)")
	assert.Contains(t, log, "CMPP_DELIVER seq=1 len=145 (CMPP 2.0 layout)") // the 60-octet report

	only30 := startSim(t)
	_, errOut, code = send(t, context.Background(), only30, "-version", "2.0", "-to", "13800138000", "hi")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "login refused: Status 5")
}

// The log keeps each connection's version while it lasts: connections
// dropped without TERMINATE, refused logins and TERMINATEd ones all leave
// nothing behind, and the log says each ended.
func TestSimLogForgetsEndedConnections(t *testing.T) {
	leakCheck(t)
	var out syncBuffer
	log := &pduLog{out: bufio.NewWriter(&out), versions: map[string]*follower{}}
	log.dec.KeepUnknown = true
	gw := cmpptest.NewServer(cmpptest.Config{Trace: log.trace,
		Accounts: []cmpptest.Account{{SPID: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret, Versions: []cmpp.Version{cmpp.Version30, cmpp.Version20}}}})
	defer gw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const n = 20
	for i := range n {
		v := cmpp.Version30
		if i%2 == 1 {
			v = cmpp.Version20
		}
		c, err := session.Dial(ctx, gw.Addr, session.Config{SourceAddr: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret, Version: v})
		require.NoError(t, err)
		r, err := c.Submit(ctx, simSubmit())
		require.NoError(t, err)
		require.Equal(t, cmpp.SubmitResult(0), r.Result)
		require.Eventually(t, func() bool { return len(gw.Conns("")) == 1 }, 5*time.Second, time.Millisecond)
		assert.Equal(t, 1, gw.DropConnections())
		<-c.Done()
		c.Close()
	}
	_, err := session.Dial(ctx, gw.Addr, session.Config{SourceAddr: cmpptest.DefaultSPID, Secret: "wrong"})
	require.Error(t, err)
	c, err := session.Dial(ctx, gw.Addr, session.Config{SourceAddr: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret})
	require.NoError(t, err)
	require.NoError(t, c.Close())

	require.Eventually(t, func() bool {
		log.mu.Lock()
		defer log.mu.Unlock()
		return len(log.versions) == 0
	}, 5*time.Second, time.Millisecond, "versions left behind")
	assert.Equal(t, n+2, strings.Count(out.String(), "connection closed"), out.String())
}

// -duplicates picks the answer to a SUBMIT sent twice with one
// Sequence_Id, and the summary counts the copies.
func TestSimDuplicates(t *testing.T) {
	leakCheck(t)
	for _, tc := range []struct {
		flag string
		dups int
	}{{"result3", 1}, {"original", 1}, {"off", 0}} {
		t.Run(tc.flag, func(t *testing.T) {
			sim := startSim(t, "-quiet", "-duplicates", tc.flag)
			nc, err := net.Dial("tcp", sim.addr)
			require.NoError(t, err)
			defer nc.Close()
			nc.SetDeadline(time.Now().Add(10 * time.Second))
			var dec cmpp.Decoder
			write := func(seq uint32, p cmpp.Packet) {
				b, err := cmpp.Append(nil, seq, p)
				require.NoError(t, err)
				_, err = nc.Write(b)
				require.NoError(t, err)
			}
			read := func() (cmpp.Header, cmpp.Packet) {
				pdu, err := cmpp.ReadPacket(nc, nil)
				require.NoError(t, err)
				h, p, err := dec.Decode(pdu)
				require.NoError(t, err)
				return h, cmpp.Clone(p)
			}
			write(1, cmpp.NewConnect(cmpptest.DefaultSPID, cmpptest.DefaultSecret, time.Now()))
			_, p := read()
			require.EqualValues(t, cmpp.StatusOK, p.(*cmpp.ConnectResp).Status)
			sub := simSubmit()
			write(5, sub)
			write(5, sub)
			var results []cmpp.SubmitResult
			ids := map[cmpp.MsgID]bool{}
			for range 2 {
				h, p := read()
				require.Equal(t, uint32(5), h.SequenceID)
				r := p.(*cmpp.SubmitResp)
				results = append(results, r.Result)
				ids[r.MsgID] = true
			}
			switch tc.flag {
			case "result3":
				assert.ElementsMatch(t, []cmpp.SubmitResult{0, cmpp.ResultDuplicateSequence}, results)
			case "original":
				assert.Equal(t, []cmpp.SubmitResult{0, 0}, results)
				assert.Len(t, ids, 1, "one Msg_Id")
			case "off":
				assert.Equal(t, []cmpp.SubmitResult{0, 0}, results)
				assert.Len(t, ids, 2, "two messages")
			}
			write(6, &cmpp.Terminate{})
			_, p = read()
			require.IsType(t, &cmpp.TerminateResp{}, p)
			nc.Close()
			require.Equal(t, 0, sim.stop())
			assert.Contains(t, sim.stderr.String(), fmt.Sprintf("2 SUBMITs received (%d duplicates), %d answered", tc.dups, 2-tc.dups))
		})
	}
	var errb syncBuffer
	assert.Equal(t, 2, runSim(context.Background(), []string{"-duplicates", "twice"}, nil, &syncBuffer{}, &errb))
	assert.Contains(t, errb.String(), "want result3, original or off")
}

// simSubmit is a SUBMIT the simulator accepts from its default account.
func simSubmit() *cmpp.Submit {
	return &cmpp.Submit{PkTotal: 1, PkNumber: 1, MsgFmt: cmpp.FmtASCII, MsgSrc: []byte(cmpptest.DefaultSPID),
		FeeType: []byte("01"), SrcID: []byte(cmpptest.DefaultSPCode),
		DestTerminalIDs: [][]byte{[]byte("13800138000")}, MsgContent: []byte("hi")}
}
