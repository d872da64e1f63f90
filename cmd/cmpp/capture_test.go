package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/gopacket/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// captureGolden compares got with testdata/pcap/name, or rewrites it with
// -update. The goldens were checked by eye against the frames the helper
// in capture_gen_test.go writes.
func captureGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(captureDir, name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), got, "output differs from %s (go test -update rewrites it)", path)
}

func capturePath(name string) string { return filepath.Join(captureDir, name) }

// TestCaptureGolden decodes each test capture in each form.
func TestCaptureGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"session.golden", []string{"session.pcap"}},
		{"session.json.golden", []string{"-json", "session.pcap"}},
		{"session.summary.golden", []string{"-summary", "session.pcap"}},
		{"session.summary.json.golden", []string{"-summary", "-json", "session.pcap"}},
		{"midstream.golden", []string{"midstream.pcapng"}},
		{"midstream.json.golden", []string{"-json", "midstream.pcapng"}},
		{"midstream.summary.golden", []string{"-summary", "midstream.pcapng"}},
		{"otherport.golden", []string{"otherport.pcap"}},
		{"otherport.port8000.golden", []string{"-port", "8000", "otherport.pcap"}},
		{"tcpdump_lo.golden", []string{"tcpdump_lo.pcap"}},
		{"session20.golden", []string{"session20.pcap"}},
		{"session20.json.golden", []string{"-json", "session20.pcap"}},
		{"session20.summary.golden", []string{"-summary", "session20.pcap"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			args := append([]string{"decode"}, tc.args...)
			args[len(args)-1] = capturePath(args[len(args)-1])
			out, errs, code := cmd(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errs)
			}
			if strings.HasSuffix(tc.golden, ".json.golden") {
				captureGolden(t, strings.TrimSuffix(tc.golden, ".golden")+".stderr.golden", errs)
				for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					if !json.Valid([]byte(line)) {
						t.Errorf("line %d is not JSON: %s", i+1, line)
					}
				}
			} else if errs != "" {
				t.Errorf("stderr: %s", errs)
			}
			captureGolden(t, tc.golden, out)
		})
	}
}

// TestCaptureForms checks that the byte orders and timestamp resolutions
// of pcap, gzip, and standard input all read the same.
func TestCaptureForms(t *testing.T) {
	want, _, code := cmd(t, "", "decode", "-json", capturePath("session.pcap"))
	if code != 0 || strings.Count(want, "\n") != 14 {
		t.Fatalf("exit %d, %d PDUs, want 14", code, strings.Count(want, "\n"))
	}
	for _, name := range []string{"session_be.pcap", "session_nano.pcap"} {
		got, errs, code := cmd(t, "", "decode", "-json", capturePath(name))
		assert.Equal(t, 0, code, "%s: stderr %q", name, errs)
		assert.Equal(t, want, got, "%s reads differently from session.pcap", name)
	}
	data, err := os.ReadFile(capturePath("session.pcap"))
	if err != nil {
		t.Fatal(err)
	}
	got, errs, code := cmd(t, string(data), "decode", "-json", "-")
	assert.Equal(t, 0, code, "stdin: stderr %q", errs)
	assert.Equal(t, want, got, "stdin reads differently from the file")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	got, errs, code = cmd(t, gz.String(), "decode", "-json", "-")
	assert.Equal(t, 0, code, "gzip: stderr %q", errs)
	assert.Equal(t, want, got, "the gzip-compressed capture reads differently")
	// The hex and raw inputs are read as before.
	if out, _, code := cmd(t, "00000027 00000001 00000001 3930313233341c39df8b9c01798a8f35c3c785cf91ce300614dc45\n", "decode", "-json", "-"); code != 0 || !strings.Contains(out, `"CMPP_CONNECT"`) {
		t.Errorf("hex input: exit %d, %s", code, out)
	}
}

// TestCaptureRoundTrip checks that every PDU of the session comes out
// exactly once, whole and in order per direction: decode -json | encode
// gives back the fixtures the capture was made of.
func TestCaptureRoundTrip(t *testing.T) {
	js, _, code := cmd(t, "", "decode", "-json", capturePath("session.pcap"))
	if code != 0 {
		t.Fatal(code)
	}
	hexOut, errs, code := cmd(t, js, "encode")
	if code != 0 {
		t.Fatalf("encode: exit %d: %s", code, errs)
	}
	var want strings.Builder
	for _, name := range []string{"connect", "connect_resp", "submit", "submit_resp", "submit_ucs2_70",
		"deliver_report71", "deliver_mo", "deliver_report_resp", "deliver_resp",
		"active_test", "active_test_resp", "cancel_resp", "terminate", "terminate_resp"} {
		want.WriteString(hex.EncodeToString(fixture(t, name)) + "\n")
	}
	assert.Equal(t, want.String(), hexOut, "decode -json | encode is not the session's PDUs")
}

// TestCaptureTcpdump reads a capture made by tcpdump itself (on Linux
// loopback, of .ci/tcpdump-peer on port 17890, not a CMPP port: found by
// its CONNECT), not by our helper: the kernel's TCP with its options,
// delayed ACKs and segment sizes. Its PDUs must be the fixtures sent.
func TestCaptureTcpdump(t *testing.T) {
	js, errs, code := cmd(t, "", "decode", "-json", capturePath("tcpdump_lo.pcap"))
	require.Equal(t, 0, code, errs)
	hexOut, errs, code := cmd(t, js, "encode")
	require.Equal(t, 0, code, errs)
	var want strings.Builder
	for _, name := range []string{"connect", "connect_resp", "submit", "submit_resp", "submit_3dest_udh",
		"active_test", "active_test_resp", "terminate", "terminate_resp"} {
		want.WriteString(hex.EncodeToString(fixture(t, name)) + "\n")
	}
	assert.Equal(t, want.String(), hexOut, "the PDUs of tcpdump's capture are not those .ci/tcpdump-peer sent")
}

// TestCaptureVersion20 checks that a 2.0 conversation is read in the 2.0
// layouts, from its login or, without one, from its PDUs: decode -json |
// encode gives back the 2.0 fixtures the capture was made of.
func TestCaptureVersion20(t *testing.T) {
	js, errs, code := cmd(t, "", "decode", "-json", capturePath("session20.pcap"))
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "conversation 2, 10.0.2.3:42001 -> 10.0.2.2:7890 (client to server): CMPP_SUBMIT does not decode as CMPP 3.0 but does as 2.0: reading this conversation as CMPP 2.0")
	hexOut, errs, code := cmd(t, js, "encode")
	require.Equal(t, 0, code, errs)
	var want strings.Builder
	for _, name := range []string{"20/connect", "20/connect_resp", "20/submit", "20/submit_resp",
		"20/deliver_report", "20/deliver_mo", "20/deliver_resp", "terminate", "terminate_resp",
		"20/submit_3dest_udh", "20/cancel_resp"} {
		want.WriteString(hex.EncodeToString(fixture(t, name)) + "\n")
	}
	assert.Equal(t, want.String(), hexOut, "decode -json | encode is not the 2.0 session's PDUs")

	// -version 2.0 reads the second conversation as 2.0 from the start.
	_, errs, code = cmd(t, "", "decode", "-version", "2.0", "-json", capturePath("session20.pcap"))
	assert.Equal(t, 0, code)
	assert.NotContains(t, errs, "reading this conversation as")

	sum, _, _ := cmd(t, "", "decode", "-summary", capturePath("session20.pcap"))
	assert.Contains(t, sum, `login                       Source_Addr "901234", Version 0x20 (2.0), Status 0 (success), server Version 0x20 (2.0)`)
	assert.Contains(t, sum, "login                       not in the capture (read as CMPP 2.0)")
}

// TestCaptureFacts checks what the goldens show, one fact at a time.
func TestCaptureFacts(t *testing.T) {
	out, _, _ := cmd(t, "", "decode", capturePath("session.pcap"))
	// The SUBMIT split in three, its last part before its middle one and
	// the middle one sent twice, is one PDU completed by frame 8.
	if n := strings.Count(out, "CMPP_SUBMIT seq=2 "); n != 1 {
		t.Errorf("the split SUBMIT is printed %d times", n)
	}
	if !strings.Contains(out, "#3 CMPP_SUBMIT seq=2 len=219\n  capture                     2026-12-01T08:00:00.014051Z, frames 6-8, conversation 1\n  direction                   10.0.0.1:40000 -> 10.0.0.2:7890 (client to server)\n") {
		t.Errorf("the split SUBMIT is not shown as frames 6-8 from the client:\n%s", out)
	}
	// Two PDUs in one segment both come from frame 12.
	if !regexp.MustCompile(`#6 CMPP_DELIVER seq=100002 len=180\n  capture +\S+, frame 12,`).MatchString(out) ||
		!regexp.MustCompile(`#7 CMPP_DELIVER seq=100001 len=131\n  capture +\S+, frame 12,`).MatchString(out) {
		t.Error("the two DELIVERs of frame 12 are not both shown from frame 12")
	}

	js, _, _ := cmd(t, "", "decode", "-json", capturePath("session.pcap"))
	var first map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(js, "\n", 2)[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first["time"] != "2026-12-01T08:00:00.001351Z" || first["src"] != "10.0.0.1:40000" || first["dst"] != "10.0.0.2:7890" || first["Command_Id"] != "CMPP_CONNECT" {
		t.Errorf("first JSON object: %v", first)
	}
	if !strings.HasPrefix(js, `{"time":"2026-12-01T08:00:00.001351Z","src":"10.0.0.1:40000","dst":"10.0.0.2:7890","Total_Length":39,`) {
		t.Errorf("the capture keys do not come first: %.120s", js)
	}

	sum, _, _ := cmd(t, "", "decode", "-summary", capturePath("session.pcap"))
	for _, want := range []string{
		`login                       Source_Addr "901234", Version 0x30 (3.0), Status 0 (success)`,
		"unanswered                  1 request without a response\n                              CMPP_SUBMIT seq=3, frame 11,",
		"unsolicited                 1 response without a request\n                              CMPP_CANCEL_RESP seq=7, frame 16,",
		// CONNECT 2.5 ms, ACTIVE_TEST 0.7, DELIVERs 3 and 3, SUBMIT 4.3
		// (completed by frame 8 at .014051, answered at .018351),
		// TERMINATE 1.2: nearest rank 3 of 6 is 2.5, rank 6 is 4.3.
		"latency                     p50 2.500 ms, p99 4.300 ms (6 request/response pairs)",
		`"DELIVRD"                 1 (delivered)`,
		"CMPP_DELIVER_RESP 8       1 (flow-control error)",
		// The client's SUBMIT 3 is never answered, so its TERMINATE makes
		// two; the server sends two DELIVERs in one segment.
		"window                      at most 2 from 10.0.0.1:40000, 2 from 10.0.0.2:7890 waiting for a response at once",
		"CMPP_SUBMIT               2\n",
	} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}

	mid, _, _ := cmd(t, "", "decode", capturePath("midstream.pcapng"))
	for _, want := range []string{
		"skipped 60 octets before the first whole PDU (the capture starts inside a PDU)",
		"skipped 10 octets before the first whole PDU",
		"50 octets before this frame are not in the capture",
		"the 80 octets held before them are dropped",
		"skipped 39 octets to find the next plausible header",
		"[fd00::10]:51000 -> [fd00::20]:7890 (client to server)",
	} {
		if !strings.Contains(mid, want) {
			t.Errorf("midstream output lacks %q", want)
		}
	}

	other, _, _ := cmd(t, "", "decode", capturePath("otherport.pcap"))
	if strings.Contains(other, "HTTP") || strings.Contains(other, "CMPP_FWD") || strings.Count(other, "\n#") != 3 {
		t.Errorf("otherport: want the 4 PDUs of the CONNECT conversation only:\n%s", other)
	}
	port, _, _ := cmd(t, "", "decode", "-port", "8000", capturePath("otherport.pcap"))
	if !strings.Contains(port, "CMPP_FWD seq=1001") || !strings.Contains(port, "CMPP_FWD_RESP seq=1001") {
		t.Errorf("-port 8000 does not read the FWD conversation:\n%s", port)
	}
	if _, errs, code := cmd(t, "", "decode", "-port", "70000", capturePath("otherport.pcap")); code != 2 || !strings.Contains(errs, "not a TCP port") {
		t.Errorf("-port 70000: exit %d, %s", code, errs)
	}
}

// buildCapture writes frames of one conversation on port 7890 as a pcap.
func buildCapture(t *testing.T, fn func(c *capConn)) []byte {
	var frames []capFrame
	clock := captureEpoch
	c := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.1.1.1", "10.1.1.2", 41000, 7890, 1, 1<<31)
	fn(c)
	return writePcap(binary.LittleEndian, false, layers.LinkTypeEthernet, frames)
}

// TestCaptureBadPDU checks that a PDU that does not decode is reported
// with its frame and the conversation goes on.
func TestCaptureBadPDU(t *testing.T) {
	bad, err := os.ReadFile("../../testdata/malformed/msg_length_past_end.hex")
	if err != nil {
		t.Fatal(err)
	}
	var pdu []byte
	readHex("m", bytes.NewReader(bad), func(u unit) { pdu = u.pdu })
	data := buildCapture(t, func(c *capConn) {
		c.handshake()
		c.send(0, pdu)
		c.send(0, fixture(t, "active_test"))
	})
	out, errs, code := cmd(t, string(data), "decode", "-")
	if code != 1 || !strings.Contains(out, "#1 CMPP_DELIVER seq=100001 len=131 (stdin frame 4)\n") || !strings.Contains(out, "(stdin frame 4)\n  capture ") ||
		!strings.Contains(out, "  error ") || !strings.Contains(out, "#2 CMPP_ACTIVE_TEST") || !strings.Contains(errs, "1 of 2 PDUs did not decode") {
		t.Errorf("exit %d\n%s\nstderr %s", code, out, errs)
	}
	_, errs, code = cmd(t, string(data), "decode", "-json", "-")
	if code != 1 || !strings.Contains(errs, "cmpp: stdin frame 4: 10.1.1.1:41000 -> 10.1.1.2:7890 (client to server): #1: ") {
		t.Errorf("-json: exit %d, stderr %s", code, errs)
	}
}

// TestCaptureTruncated cuts a capture at every length: whatever is cut,
// the frames before the cut are decoded, and a cut inside a frame is an
// error naming that frame.
func TestCaptureTruncated(t *testing.T) {
	for _, name := range []string{"session.pcap", "midstream.pcapng"} {
		data, err := os.ReadFile(capturePath(name))
		if err != nil {
			t.Fatal(err)
		}
		for n := 4; n < len(data); n++ {
			out, errs, code := cmd(t, string(data[:n]), "decode", "-")
			if code == 0 {
				// Only a cut between two frames reads cleanly.
				continue
			}
			if !regexp.MustCompile(`^cmpp: stdin(: frame \d+: the file ends inside this frame \(a truncated capture\) \(stopping; the frames before it are decoded\)|: the pcap file header does not read: .*|: the pcapng section header does not read: .*)\n`).MatchString(errs) &&
				!strings.Contains(errs, "not a whole PDU") && !strings.Contains(errs, "PDUs did not decode") {
				t.Fatalf("%s cut at %d: exit %d, stderr:\n%s\nout:\n%s", name, n, code, errs, out)
			}
		}
	}
	// A cut inside frame 12 (the two DELIVERs) names frame 12 and keeps
	// the PDUs before it.
	data, _ := os.ReadFile(capturePath("session.pcap"))
	off := 24
	for range 11 {
		off += 16 + int(binary.LittleEndian.Uint32(data[off+8:]))
	}
	out, errs, code := cmd(t, string(data[:off+30]), "decode", "-")
	if code != 1 || !strings.Contains(errs, "cmpp: stdin: frame 12: the file ends inside this frame") || !strings.Contains(out, "#5 CMPP_SUBMIT seq=3") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
	// A record header claiming more than the snap length.
	bad := bytes.Clone(data[:off+16])
	binary.LittleEndian.PutUint32(bad[off+8:], 1<<30)
	_, errs, code = cmd(t, string(bad), "decode", "-")
	if code != 1 || !strings.Contains(errs, "frame 12: capture length exceeds snap length") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

// TestCaptureSnapLength checks that a frame cut by the snap length is
// reported and its conversation resynchronised.
func TestCaptureSnapLength(t *testing.T) {
	var frames []capFrame
	clock := captureEpoch
	c := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.1.1.1", "10.1.1.2", 41000, 7890, 1, 1<<31)
	c.handshake()
	c.send(0, fixture(t, "submit"))
	f := &frames[len(frames)-1]
	f.origLen = len(f.data)
	f.data = f.data[:len(f.data)-100]
	c.tick(11 * time.Second)
	c.send(0, fixture(t, "active_test"))
	data := writePcap(binary.LittleEndian, false, layers.LinkTypeEthernet, frames)
	out, errs, code := cmd(t, string(data), "decode", "-")
	if code != 0 || !strings.Contains(errs, "frame 4: only 173 of its 273 octets were captured (snap length)") ||
		!strings.Contains(out, "100 octets before this frame are not in the capture") || !strings.Contains(out, "CMPP_ACTIVE_TEST seq=") {
		t.Errorf("exit %d\nstderr %s\n%s", code, errs, out)
	}
}

// TestCaptureIdleClose checks that a conversation silent for longer than
// idleClose is closed while the capture is read (what it held reported
// then), not kept until the end.
func TestCaptureIdleClose(t *testing.T) {
	var frames []capFrame
	clock := captureEpoch
	a := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.1.1.1", "10.1.1.2", 41000, 7890, 1, 1<<31)
	b := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.1.1.3", "10.1.1.2", 41001, 7890, 1, 1<<31)
	a.handshake()
	a.send(0, fixture(t, "submit")[:50])
	a.tick(idleClose + 2*flushEvery)
	b.handshake()
	b.send(0, fixture(t, "active_test"))
	data := writePcap(binary.LittleEndian, false, layers.LinkTypeEthernet, frames)
	out, _, code := cmd(t, string(data), "decode", "-")
	note := strings.Index(out, "10.1.1.1:41000 -> 10.1.1.2:7890 (client to server): skipped 50 octets at the end of the stream: a PDU whose Total_Length is 219 is cut short")
	pdu := strings.Index(out, "#1 CMPP_ACTIVE_TEST")
	if code != 0 || note < 0 || pdu < 0 || note > pdu {
		t.Errorf("exit %d; the idle conversation is not closed before the next one's PDU:\n%s", code, out)
	}
}

// TestCaptureUnknownCommand checks that a Command_Id the spec does not
// define, in a stream whose PDUs are being followed, is shown with its
// body (as for hex input), not taken for an error or a lost sync.
func TestCaptureUnknownCommand(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/malformed/unknown_0x0000000a.hex")
	require.NoError(t, err)
	var pdu []byte
	readHex("u", bytes.NewReader(raw), func(u unit) { pdu = bytes.Clone(u.pdu) })
	require.NotNil(t, pdu)
	data := buildCapture(t, func(c *capConn) {
		c.handshake()
		c.send(0, fixture(t, "active_test"), pdu, fixture(t, "terminate"))
	})
	out, errs, code := cmd(t, string(data), "decode", "-")
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, "#2 CMPP_0x0000000a ")
	assert.Contains(t, out, "#3 CMPP_TERMINATE seq=9")
	assert.NotContains(t, out, "skipped")
}

// TestCaptureSummaryNotCapture checks that -summary on an input that is
// not a capture says so (a warning) and prints its PDUs.
func TestCaptureSummaryNotCapture(t *testing.T) {
	out, errs, code := cmd(t, hex.EncodeToString(fixture(t, "active_test"))+"\n", "decode", "-summary", "-")
	assert.Equal(t, 0, code)
	assert.Contains(t, errs, "stdin: -summary is for captures; this is not one, its PDUs are printed")
	assert.Contains(t, out, "#1 CMPP_ACTIVE_TEST")
}

// TestResyncEveryOffset starts a stream of every fixture, one after the
// other, at every offset: the first PDU found must be the first whole
// fixture at or after that offset, never something read inside another
// PDU's body.
func TestResyncEveryOffset(t *testing.T) {
	_, pdus := fixtures(t)
	var stream []byte
	var starts []int
	for _, p := range pdus {
		starts = append(starts, len(stream))
		stream = append(stream, p...)
	}
	starts = append(starts, len(stream))
	var dec cmpp.Decoder
	next := 0
	for i := range len(stream) - cmpp.HeaderLen {
		for starts[next] < i {
			next++
		}
		// Like a halfStream: at most maxStreamBuf octets at a time.
		b := stream[i:min(len(stream), i+maxStreamBuf)]
		got, ok := resync(b, &dec)
		if want := starts[next] - i; !ok && want+int(binary.BigEndian.Uint32(stream[starts[next]:])) <= len(b) || ok && got != want {
			t.Fatalf("from offset %d: resync says %d (found %v), want the fixture at %d", i, got, ok, want)
		}
	}
}

// relink rewrites Ethernet frames (IPv4 or IPv6, no VLAN) for another link
// type, its header written octet by octet here: what tcpdump -i any
// writes (Linux cooked capture v1 and v2), raw IP, and Ethernet with an
// 802.1Q VLAN tag.
func relink(t *testing.T, frames []capFrame, link layers.LinkType, vlan bool) []capFrame {
	out := make([]capFrame, len(frames))
	for i, f := range frames {
		eth, ip := f.data[:14], f.data[14:]
		proto := eth[12:14] // the EtherType
		var h []byte
		switch {
		case vlan:
			h = append(append(bytes.Clone(eth[:12]), 0x81, 0x00, 0x00, 0x2a), proto...)
		case link == layers.LinkTypeLinuxSLL:
			// packet type 0 (to us), ARPHRD_ETHER, address length 6, address padded to 8, protocol
			h = append([]byte{0, 0, 0, 1, 0, 6}, append(append(bytes.Clone(eth[6:12]), 0, 0), proto...)...)
		case link == layers.LinkTypeLinuxSLL2:
			// protocol, reserved, interface index 2, ARPHRD_ETHER, packet type 0, address length 6, address padded to 8
			h = append(bytes.Clone(proto), 0, 0, 0, 0, 0, 2, 0, 1, 0, 6)
			h = append(append(h, eth[6:12]...), 0, 0)
		case link == layers.LinkTypeRaw:
		default:
			t.Fatalf("relink to %v", link)
		}
		out[i] = capFrame{t: f.t, data: append(h, ip...)}
	}
	return out
}

// TestCaptureLinkTypes reads the session framed as tcpdump -i any frames
// it (Linux cooked v1 and v2), as raw IP, and with a VLAN tag.
func TestCaptureLinkTypes(t *testing.T) {
	want, _, code := cmd(t, "", "decode", "-json", capturePath("session.pcap"))
	require.Equal(t, 0, code)
	for _, tc := range []struct {
		name string
		link layers.LinkType
		vlan bool
	}{
		{"Linux SLL", layers.LinkTypeLinuxSLL, false},
		{"Linux SLL2", layers.LinkTypeLinuxSLL2, false},
		{"raw IP", layers.LinkTypeRaw, false},
		{"802.1Q", layers.LinkTypeEthernet, true},
	} {
		frames := relink(t, sessionFrames(t), tc.link, tc.vlan)
		got, errs, code := cmd(t, string(writePcap(binary.LittleEndian, false, tc.link, frames)), "decode", "-json", "-")
		assert.Equal(t, 0, code, "%s: %s", tc.name, errs)
		assert.Equal(t, want, got, "%s reads differently from Ethernet", tc.name)
	}
}
