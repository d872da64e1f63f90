package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// The test captures in testdata/pcap are written by this helper from the
// hand-built fixtures of testdata/packets, wrapped in real Ethernet (or
// BSD loopback), IPv4 or IPv6 and TCP headers with correct lengths and
// checksums, serialised by gopacket's layers. The pcap files are written
// here octet by octet (both byte orders, micro- and nanosecond
// timestamps); the pcapng one by pcapgo's writer. Regenerate them with
//
//	go test ./cmd/cmpp -run TestCaptureFiles -gencaptures
//
// and check the goldens again (go test ./cmd/cmpp -run TestCapture -update).
// Without the flag, TestCaptureFiles checks that the committed files are
// what this helper writes.
var genCaptures = flag.Bool("gencaptures", false, "rewrite testdata/pcap/*.pcap* from the fixtures")

const captureDir = "../../testdata/pcap"

// A capFrame is one captured frame.
type capFrame struct {
	t       time.Time
	data    []byte
	origLen int // the frame's length on the wire, when more than len(data)
}

// capConn builds the frames of one TCP connection. Direction 0 is from
// the client, 1 from the server.
type capConn struct {
	t        testing.TB
	link     layers.LinkType // LinkTypeEthernet or LinkTypeNull
	ip       [2]net.IP
	port     [2]uint16
	seq      [2]uint32 // the next sequence number of each direction
	clock    *time.Time
	ipID     uint16
	frames   *[]capFrame
	lastSent [2][]byte
}

func newConn(t testing.TB, frames *[]capFrame, clock *time.Time, link layers.LinkType, cli, srv string, cport, sport uint16, iss0, iss1 uint32) *capConn {
	return &capConn{t: t, link: link, frames: frames, clock: clock,
		ip: [2]net.IP{net.ParseIP(cli), net.ParseIP(srv)}, port: [2]uint16{cport, sport}, seq: [2]uint32{iss0, iss1}}
}

// tick advances the capture clock.
func (c *capConn) tick(d time.Duration) { *c.clock = c.clock.Add(d) }

// frame serialises one segment with the given sequence number and flags.
func (c *capConn) frame(dir int, seq uint32, syn, fin bool, payload []byte) []byte {
	c.t.Helper()
	src, dst := dir, 1-dir
	tcp := &layers.TCP{
		SrcPort: layers.TCPPort(c.port[src]), DstPort: layers.TCPPort(c.port[dst]),
		Seq: seq, Ack: c.seq[dst], ACK: true, SYN: syn, FIN: fin, PSH: len(payload) > 0,
		Window: 64240,
	}
	if syn && dir == 0 {
		tcp.ACK, tcp.Ack = false, 0
	}
	var nl gopacket.SerializableLayer
	var ethType layers.EthernetType
	var family layers.ProtocolFamily
	if v4 := c.ip[src].To4(); v4 != nil {
		c.ipID++
		ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, Flags: layers.IPv4DontFragment,
			Id: c.ipID, SrcIP: v4, DstIP: c.ip[dst].To4()}
		if err := tcp.SetNetworkLayerForChecksum(ip); err != nil {
			c.t.Fatal(err)
		}
		nl, ethType, family = ip, layers.EthernetTypeIPv4, layers.ProtocolFamilyIPv4
	} else {
		ip := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolTCP, SrcIP: c.ip[src], DstIP: c.ip[dst]}
		if err := tcp.SetNetworkLayerForChecksum(ip); err != nil {
			c.t.Fatal(err)
		}
		nl, ethType, family = ip, layers.EthernetTypeIPv6, layers.ProtocolFamilyIPv6Linux
	}
	var ll gopacket.SerializableLayer
	if c.link == layers.LinkTypeNull {
		ll = &layers.Loopback{Family: family}
	} else {
		mac := func(i int) net.HardwareAddr { return net.HardwareAddr{0x02, 0, 0, 0, 0, byte(c.port[i])} }
		ll = &layers.Ethernet{SrcMAC: mac(src), DstMAC: mac(dst), EthernetType: ethType}
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, ll, nl, tcp, gopacket.Payload(payload)); err != nil {
		c.t.Fatal(err)
	}
	return buf.Bytes()
}

// add appends a frame at the current time.
func (c *capConn) add(data []byte) {
	*c.frames = append(*c.frames, capFrame{t: *c.clock, data: data})
}

// send sends payload in one segment and advances the sequence number.
func (c *capConn) send(dir int, payload ...[]byte) {
	p := bytes.Join(payload, nil)
	c.add(c.frame(dir, c.seq[dir], false, false, p))
	c.lastSent[dir] = p
	c.seq[dir] += uint32(len(p))
}

// handshake writes SYN, SYN-ACK, ACK.
func (c *capConn) handshake() {
	c.add(c.frame(0, c.seq[0], true, false, nil))
	c.seq[0]++
	c.tick(200 * time.Microsecond)
	c.add(c.frame(1, c.seq[1], true, false, nil))
	c.seq[1]++
	c.tick(150 * time.Microsecond)
	c.add(c.frame(0, c.seq[0], false, false, nil))
}

// close writes FIN from the client, FIN from the server, and the last ACK.
func (c *capConn) close() {
	c.add(c.frame(0, c.seq[0], false, true, nil))
	c.seq[0]++
	c.tick(100 * time.Microsecond)
	c.add(c.frame(1, c.seq[1], false, true, nil))
	c.seq[1]++
	c.tick(100 * time.Microsecond)
	c.add(c.frame(0, c.seq[0], false, false, nil))
}

// fixture reads one PDU of testdata/packets, or of testdata/packets20
// for a name "20/…".
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	path := filepath.Join(fixtureDir, name+".hex")
	if n, ok := strings.CutPrefix(name, "20/"); ok {
		path = filepath.Join(fixtureDir+"20", n+".hex")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var pdu []byte
	if err := readHex(name, bytes.NewReader(data), func(u unit) {
		if u.err != nil {
			t.Fatal(u.err)
		}
		pdu = bytes.Clone(u.pdu)
	}); err != nil || pdu == nil {
		t.Fatalf("%s: %v", name, err)
	}
	return pdu
}

var captureEpoch = time.Date(2026, 12, 1, 8, 0, 0, 1000, time.UTC)

// sessionFrames is a whole SP–ISMG session on port 7890: handshake,
// login, a SUBMIT split across three segments of which the last comes
// before the middle one and the middle one is sent twice, a SUBMIT that
// gets no response, two DELIVERs in one segment and their two responses
// in one, an ACTIVE_TEST from the server, a CANCEL_RESP that answers no
// request, TERMINATE and the closing FINs.
func sessionFrames(t *testing.T) []capFrame {
	var frames []capFrame
	clock := captureEpoch
	c := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.0.0.1", "10.0.0.2", 40000, 7890, 1000, 5000000)
	ms := func(n float64) { c.tick(time.Duration(n * float64(time.Millisecond))) }
	c.handshake()
	ms(1)
	c.send(0, fixture(t, "connect"))
	ms(2.5)
	c.send(1, fixture(t, "connect_resp"))
	ms(10)
	submit := fixture(t, "submit")
	p1, p2, p3 := submit[:100], submit[100:160], submit[160:]
	s := c.seq[0]
	c.add(c.frame(0, s, false, false, p1))
	ms(0.1)
	c.add(c.frame(0, s+160, false, false, p3)) // out of order: before p2
	ms(0.1)
	c.add(c.frame(0, s+100, false, false, p2))
	ms(0.3)
	c.add(c.frame(0, s+100, false, false, p2)) // retransmission
	c.seq[0] += uint32(len(submit))
	ms(4)
	c.send(1, fixture(t, "submit_resp"))
	ms(1)
	c.send(0, fixture(t, "submit_ucs2_70")) // never answered
	ms(20)
	c.send(1, fixture(t, "deliver_report71"), fixture(t, "deliver_mo"))
	ms(3)
	c.send(0, fixture(t, "deliver_report_resp"), fixture(t, "deliver_resp"))
	ms(100)
	c.send(1, fixture(t, "active_test"))
	ms(0.7)
	c.send(0, fixture(t, "active_test_resp"))
	ms(5)
	c.send(1, fixture(t, "cancel_resp")) // answers no request
	ms(50)
	c.send(0, fixture(t, "terminate"))
	ms(1.2)
	c.send(1, fixture(t, "terminate_resp"))
	ms(1)
	c.close()
	return frames
}

// midstreamFrames is a capture started in the middle of a conversation
// over IPv6: both directions start inside a PDU, a segment of the server
// is not captured (and the next segment comes 10.5 s later, so the gap is
// given up while the capture is read), and the capture ends without FIN.
func midstreamFrames(t *testing.T) []capFrame {
	var frames []capFrame
	clock := captureEpoch.Add(time.Hour)
	c := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "fd00::10", "fd00::20", 51000, 7890, 70000, 90000)
	ms := func(n float64) { c.tick(time.Duration(n * float64(time.Millisecond))) }
	udh := fixture(t, "submit_3dest_udh")
	c.send(0, udh[len(udh)-60:], fixture(t, "query"))
	ms(2)
	sr := fixture(t, "submit_resp")
	c.send(1, sr[len(sr)-10:], fixture(t, "query_resp"))
	ms(30)
	rep := fixture(t, "deliver_report60")
	c.send(1, rep[:80])
	c.seq[1] += 50 // rep[80:130] is not captured
	ms(1)
	c.send(1, rep[130:])
	ms(10500)
	c.send(0, fixture(t, "active_test"))
	ms(1)
	c.send(1, fixture(t, "active_test_resp"))
	return frames
}

// otherPortFrames has three conversations on ports that are not CMPP's,
// over BSD loopback: CMPP on port 12345 found by its CONNECT, HTTP on
// port 8080 that is not CMPP, and ISMG–ISMG FWDs on port 8000 seen from
// mid-stream, which only -port 8000 reads.
func otherPortFrames(t *testing.T) []capFrame {
	var frames []capFrame
	clock := captureEpoch.Add(2 * time.Hour)
	a := newConn(t, &frames, &clock, layers.LinkTypeNull, "127.0.0.1", "127.0.0.1", 33000, 12345, 1, 2)
	h := newConn(t, &frames, &clock, layers.LinkTypeNull, "127.0.0.1", "127.0.0.1", 33001, 8080, 10, 20)
	f := newConn(t, &frames, &clock, layers.LinkTypeNull, "127.0.0.1", "127.0.0.1", 33002, 8000, 100, 200)
	ms := func(n float64) { a.tick(time.Duration(n * float64(time.Millisecond))) }
	a.handshake()
	h.handshake()
	ms(1)
	a.send(0, fixture(t, "connect"))
	h.send(0, []byte("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"))
	ms(1)
	a.send(1, fixture(t, "connect_resp"))
	h.send(1, []byte("HTTP/1.1 204 No Content\r\n\r\n"))
	f.send(0, fixture(t, "fwd_mt"))
	ms(1)
	f.send(1, fixture(t, "fwd_resp"))
	a.send(0, fixture(t, "active_test"))
	ms(1)
	a.send(1, fixture(t, "active_test_resp"))
	a.close()
	h.close()
	return frames
}

// session20Frames is a CMPP 2.0 session on port 7890 (the fixtures of
// testdata/packets20): the login asks for and gets Version 0x20, and the
// PDUs whose layout differs in 2.0 follow — a SUBMIT split in two, its
// 1-octet Result response, a DELIVER with a 60-octet report and an MO in
// one segment, a DELIVER_RESP — then a 2.0 SUBMIT with three destinations
// and a UDH seen on a second connection that starts after its login,
// which must be recognised as 2.0 from its PDUs.
func session20Frames(t *testing.T) []capFrame {
	var frames []capFrame
	clock := captureEpoch.Add(3 * time.Hour)
	c := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.0.2.1", "10.0.2.2", 42000, 7890, 3000, 7000)
	ms := func(n float64) { c.tick(time.Duration(n * float64(time.Millisecond))) }
	c.handshake()
	ms(1)
	c.send(0, fixture(t, "20/connect"))
	ms(2)
	c.send(1, fixture(t, "20/connect_resp"))
	ms(5)
	submit := fixture(t, "20/submit")
	c.send(0, submit[:90])
	ms(0.2)
	c.send(0, submit[90:])
	ms(3)
	c.send(1, fixture(t, "20/submit_resp"))
	ms(10)
	c.send(1, fixture(t, "20/deliver_report"), fixture(t, "20/deliver_mo"))
	ms(2)
	c.send(0, fixture(t, "20/deliver_resp"))
	ms(20)
	c.send(0, fixture(t, "terminate"))
	ms(1)
	c.send(1, fixture(t, "terminate_resp"))
	c.close()

	m := newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.0.2.3", "10.0.2.2", 42001, 7890, 9000, 9900)
	ms(5)
	m.send(0, fixture(t, "20/submit_3dest_udh"))
	ms(4)
	m.send(1, fixture(t, "20/cancel_resp"))
	return frames
}

// writePcap writes frames as a pcap file, octet by octet, in the given
// byte order with micro- or nanosecond timestamps.
func writePcap(order binary.AppendByteOrder, nano bool, link layers.LinkType, frames []capFrame) []byte {
	var b []byte
	magic := uint32(0xa1b2c3d4)
	if nano {
		magic = 0xa1b23c4d
	}
	b = order.AppendUint32(b, magic)
	b = order.AppendUint16(b, 2)
	b = order.AppendUint16(b, 4)
	b = order.AppendUint32(b, 0) // thiszone
	b = order.AppendUint32(b, 0) // sigfigs
	b = order.AppendUint32(b, 262144)
	b = order.AppendUint32(b, uint32(link))
	for _, f := range frames {
		frac := f.t.Nanosecond() / 1000
		if nano {
			frac = f.t.Nanosecond()
		}
		orig := max(f.origLen, len(f.data))
		b = order.AppendUint32(b, uint32(f.t.Unix()))
		b = order.AppendUint32(b, uint32(frac))
		b = order.AppendUint32(b, uint32(len(f.data)))
		b = order.AppendUint32(b, uint32(orig))
		b = append(b, f.data...)
	}
	return b
}

// writePcapNG writes frames as a pcapng file with pcapgo's writer.
func writePcapNG(t *testing.T, link layers.LinkType, frames []capFrame) []byte {
	var out bytes.Buffer
	w, err := pcapgo.NewNgWriterInterface(&out, pcapgo.NgInterface{Name: "eth0", LinkType: link, TimestampResolution: 9},
		pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "cmpp capture test helper"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		ci := gopacket.CaptureInfo{Timestamp: f.t, CaptureLength: len(f.data), Length: max(f.origLen, len(f.data))}
		if err := w.WritePacket(ci, f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// testCaptures are the committed test captures and how each is made.
func testCaptures(t *testing.T) map[string][]byte {
	return map[string][]byte{
		"session.pcap":      writePcap(binary.LittleEndian, false, layers.LinkTypeEthernet, sessionFrames(t)),
		"midstream.pcapng":  writePcapNG(t, layers.LinkTypeEthernet, midstreamFrames(t)),
		"otherport.pcap":    writePcap(binary.BigEndian, true, layers.LinkTypeNull, otherPortFrames(t)),
		"session_be.pcap":   writePcap(binary.BigEndian, false, layers.LinkTypeEthernet, sessionFrames(t)),
		"session_nano.pcap": writePcap(binary.LittleEndian, true, layers.LinkTypeEthernet, sessionFrames(t)),
		"session20.pcap":    writePcap(binary.LittleEndian, false, layers.LinkTypeEthernet, session20Frames(t)),
	}
}

// TestCaptureFiles checks (or with -gencaptures writes) the committed
// test captures.
func TestCaptureFiles(t *testing.T) {
	for name, data := range testCaptures(t) {
		path := filepath.Join(captureDir, name)
		if *genCaptures {
			if err := os.MkdirAll(captureDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -run TestCaptureFiles -gencaptures writes it)", err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s is not what the helper writes (go test -run TestCaptureFiles -gencaptures rewrites it)", path)
		}
	}
}
