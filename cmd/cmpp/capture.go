package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/gopacket/gopacket/reassembly"
)

// Packet captures: cmpp decode reads pcap and pcapng files (tcpdump -w,
// Wireshark, dumpcap), recognised by their magic numbers, also when
// gzip-compressed and on standard input. The formats are read by
// gopacket's pcapgo, the frames decoded by its layers, and each TCP
// connection's two byte streams put back in order by its reassembly
// package; this file feeds them, capture_stream.go frames the CMPP PDUs
// of each stream, and capture_out.go prints them.

// The first octets of a capture file, as they are on disk.
const (
	magicPcapLE     = "\xd4\xc3\xb2\xa1" // pcap, microseconds, little-endian
	magicPcapBE     = "\xa1\xb2\xc3\xd4" // pcap, microseconds, big-endian
	magicPcapNanoLE = "\x4d\x3c\xb2\xa1" // pcap, nanoseconds, little-endian
	magicPcapNanoBE = "\xa1\xb2\x3c\x4d" // pcap, nanoseconds, big-endian
	magicPcapNG     = "\x0a\x0d\x0d\x0a" // pcapng Section Header Block (either byte order)
	magicGzip       = "\x1f\x8b"
)

// captureFormat names the capture format that head (the first octets of
// an input) starts with: "pcap", "pcapng", or "" for anything else.
func captureFormat(head []byte) string {
	if len(head) < 4 {
		return ""
	}
	switch string(head[:4]) {
	case magicPcapLE, magicPcapBE, magicPcapNanoLE, magicPcapNanoBE:
		return "pcap"
	case magicPcapNG:
		return "pcapng"
	}
	return ""
}

// cmppPorts are the well-known ports of CMPP (spec reference §2.3, spec
// §7.3): 7890 (SP–ISMG, long connections), 7900 (SP–ISMG, short
// connections), 7930 (ISMG–ISMG) and 9168 (ISMG–GNS). A TCP conversation with one of them, or with a port
// given by -port, is read as CMPP; one on other ports only when its first
// octets are a plausible CMPP_CONNECT.
var cmppPorts = []uint16{7890, 7900, 7930, 9168}

// Limits that keep the memory of a capture of any size bounded.
const (
	// maxPagesPerConn and maxPagesTotal bound the out-of-order segments the
	// reassembly holds (pages of 1900 octets): about 480 KB per connection
	// and 31 MB in all. When a connection reaches its bound, the oldest
	// gap is given up (reported as missing octets).
	maxPagesPerConn = 256
	maxPagesTotal   = 16384
	// reorderWait is how long, in capture time, a gap in a stream is
	// waited for before the segments after it are decoded without it.
	reorderWait = 10 * time.Second
	// idleClose closes a conversation with no segment for this long in
	// capture time (well above CMPP's ACTIVE_TEST interval), so that
	// connections whose end is not in the capture do not pile up.
	idleClose = 15 * time.Minute
	// flushEvery is how often, in capture time, the two above are applied.
	flushEvery = time.Second
)

// readInput reads one input: a capture when it starts with the magic
// number of pcap or pcapng (after gunzip when gzip-compressed), otherwise
// the hex lines or binary stream read reads.
func (d *decodeRun) readInput(name string, r io.Reader, read func(string, io.Reader, func(unit)) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	if len(head) >= 2 && string(head[:2]) == magicGzip {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: gzip: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
		head, _ = br.Peek(4)
	}
	if f := captureFormat(head); f != "" {
		return d.readCapture(name, f, br, nil)
	}
	if d.o.summary {
		d.inputError(fmt.Errorf("%s: -summary is for captures; this is not one, its PDUs are printed", name))
	}
	return read(name, br, d.unit)
}

// packetSource is what pcapgo's Reader and NgReader have in common. The
// zero-copy read reuses one buffer for every frame: nothing keeps a
// frame's octets after it is handled (the reassembly copies the segments
// it holds out of order, and a stream copies what it holds).
type packetSource interface {
	ZeroCopyReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// readCapture decodes every CMPP PDU of a capture file. Frames are read
// one at a time and each connection's streams are bounded, so memory does
// not grow with the size of the file. It returns an error for a capture
// that cannot be read on (a truncated file, a broken record), after
// printing all that came before it. onFrame, when not nil (in tests), is
// called after each frame.
func (d *decodeRun) readCapture(name, format string, r io.Reader, onFrame func(frame int)) error {
	var src packetSource
	var linkType func(gopacket.CaptureInfo) layers.LinkType
	switch format {
	case "pcap":
		pr, err := pcapgo.NewReader(r)
		if err != nil {
			return fmt.Errorf("%s: the pcap file header does not read: %v", name, captureErr(err, "it"))
		}
		lt := pr.LinkType()
		src, linkType = pr, func(gopacket.CaptureInfo) layers.LinkType { return lt }
	default:
		nr, err := pcapgo.NewNgReader(r, pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return fmt.Errorf("%s: the pcapng section header does not read: %v", name, captureErr(err, "it"))
		}
		src = nr
		// With WantMixedLinkType, each packet's link type is its first
		// ancillary datum.
		linkType = func(ci gopacket.CaptureInfo) layers.LinkType {
			if len(ci.AncillaryData) > 0 {
				if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
					return lt
				}
			}
			return nr.LinkType()
		}
	}
	c := newCapture(d, name)
	c.onFrame = onFrame
	frame := 0
	var readErr error
	for {
		data, ci, err := src.ZeroCopyReadPacketData()
		if err == io.EOF {
			break
		}
		frame++
		if err != nil {
			readErr = fmt.Errorf("%s: frame %d: %v (stopping; the frames before it are decoded)", name, frame, captureErr(err, "this frame"))
			break
		}
		c.frame(frame, linkType(ci), data, ci)
	}
	c.finish()
	if readErr == nil && c.tcpSegments == 0 && frame > 0 {
		c.notef("%s: no TCP segment in its %d frames", name, frame)
	}
	return readErr
}

// captureErr words the errors of pcapgo for a reader of the message;
// what names the part of the file that was being read.
func captureErr(err error, what string) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("the file ends inside " + what + " (a truncated capture)")
	}
	return err
}

// A capture is the state of reading one capture file.
type capture struct {
	d     *decodeRun
	name  string
	ports []uint16
	asm   *reassembly.Assembler

	convs  int             // conversations numbered so far
	dirty  []*conversation // conversations with events to print
	done   []*convSummary  // summaries of every conversation, with -summary
	startN int             // d.n when the capture started
	blocks int             // blocks printed, for the blank lines between them

	tcpSegments int
	lastFlush   time.Time
	truncWarned bool

	// onFrame, when set (by tests), is called after every frame.
	onFrame func(frame int)
}

func newCapture(d *decodeRun, name string) *capture {
	c := &capture{d: d, name: name, startN: d.n}
	c.ports = append(slices.Clone(cmppPorts), d.o.ports...)
	pool := reassembly.NewStreamPool(&streamFactory{c: c})
	c.asm = reassembly.NewAssembler(pool)
	c.asm.MaxBufferedPagesPerConnection = maxPagesPerConn
	c.asm.MaxBufferedPagesTotal = maxPagesTotal
	return c
}

// frameContext carries a frame's capture information and number through
// the reassembly, so that every octet of a stream can be traced back to
// the frame it came in.
type frameContext struct {
	ci gopacket.CaptureInfo
}

func (f *frameContext) GetCaptureInfo() gopacket.CaptureInfo { return f.ci }

// frameInfo is where an octet of a stream was captured.
type frameInfo struct {
	n int // frame number, from 1
	t time.Time
}

func frameOf(ci gopacket.CaptureInfo) frameInfo {
	fi := frameInfo{t: ci.Timestamp}
	if len(ci.AncillaryData) > 0 {
		fi.n, _ = ci.AncillaryData[0].(int)
	}
	return fi
}

// frame hands one frame's TCP segment, if it has one, to the reassembly.
// Frames that are not TCP over IPv4 or IPv6 are passed over.
func (c *capture) frame(n int, lt layers.LinkType, data []byte, ci gopacket.CaptureInfo) {
	if c.onFrame != nil {
		defer c.onFrame(n)
	}
	p := gopacket.NewPacket(data, lt, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
	tl, _ := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
	nl := p.NetworkLayer()
	if tl == nil || nl == nil {
		return
	}
	c.tcpSegments++
	if ci.CaptureLength < ci.Length && len(tl.Payload) > 0 && !c.truncWarned && c.isCMPPPort(tl) {
		c.truncWarned = true
		c.notef("%s: frame %d: only %d of its %d octets were captured (snap length): the octets cut off are missing from its stream", c.name, n, ci.CaptureLength, ci.Length)
	}
	// The reassembly keeps a reference to the context of a segment it
	// holds out of order, so each frame has its own.
	ctx := &frameContext{ci: ci}
	ctx.ci.AncillaryData = []any{n}
	// Time has moved on to this frame: gaps waited for too long are given
	// up, and idle conversations closed, before it is taken in.
	if ts := ci.Timestamp; ts.Sub(c.lastFlush) >= flushEvery || ts.Before(c.lastFlush) {
		c.lastFlush = ts
		c.asm.FlushWithOptions(reassembly.FlushOptions{T: ts.Add(-reorderWait), TC: ts.Add(-idleClose)})
		c.drain()
	}
	c.asm.AssembleWithContext(nl.NetworkFlow(), tl, ctx)
	c.drain()
}

func (c *capture) isCMPPPort(t *layers.TCP) bool {
	return slices.Contains(c.ports, uint16(t.SrcPort)) || slices.Contains(c.ports, uint16(t.DstPort))
}

// finish gives every stream what the reassembly still holds, closes them
// and prints what remains, then the summaries.
func (c *capture) finish() {
	c.asm.FlushAll()
	c.drain()
	if c.d.o.summary {
		c.printSummaries()
	}
}

// drain prints the events of the conversations that have some, in the
// order the conversations were first seen: the reassembly visits
// connections in no fixed order when it flushes, and the output must not
// depend on it.
func (c *capture) drain() {
	if len(c.dirty) == 0 {
		return
	}
	slices.SortFunc(c.dirty, func(a, b *conversation) int { return a.id - b.id })
	for _, cv := range c.dirty {
		for i := range cv.events {
			c.event(cv, &cv.events[i])
			cv.events[i] = event{}
		}
		cv.events = cv.events[:0]
		cv.queued = false
		if cv.closed && cv.sum != nil {
			c.done = append(c.done, cv.sum.finish())
			cv.sum = nil
		}
	}
	c.dirty = c.dirty[:0]
}

// endpoint formats an address and port as "IP:port" ("[IPv6]:port").
func endpoint(raw []byte, port uint16) string {
	a, ok := netip.AddrFromSlice(raw)
	if !ok {
		return "?:" + strconv.Itoa(int(port))
	}
	return netip.AddrPortFrom(a.Unmap(), port).String()
}
