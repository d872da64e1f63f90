package main

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/go-cmpp/cmpp"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/reassembly"
)

// maxStreamBuf bounds the octets a stream holds while it waits for the
// rest of a PDU or looks for the next plausible header: two of the
// largest PDUs, so that a candidate header is always checked against its
// whole PDU.
const maxStreamBuf = 2 * cmpp.MaxPacketLen

// noSequence is the reassembly's next sequence number of a stream whose
// start has not been seen.
const noSequence = reassembly.Sequence(-1)

// streamFactory makes a tcpStream for every TCP connection of a capture.
type streamFactory struct {
	c *capture
}

// New is called by the reassembly for the first segment of a connection;
// that segment's direction is reassembly.TCPDirClientToServer, index 0.
func (f *streamFactory) New(netFlow, tcpFlow gopacket.Flow, t *layers.TCP, _ reassembly.AssemblerContext) reassembly.Stream {
	c := f.c
	src, dst := netFlow.Endpoints()
	cv := &conversation{c: c, client: -1, follow: newFollower(cmp.Or(c.d.o.version, cmpp.Version30))}
	cv.ends[0] = endpoint(src.Raw(), uint16(t.SrcPort))
	cv.ends[1] = endpoint(dst.Raw(), uint16(t.DstPort))
	s := &tcpStream{conv: cv, state: stateProbe}
	switch {
	case slices.Contains(c.ports, uint16(t.DstPort)) && !slices.Contains(c.ports, uint16(t.SrcPort)):
		s.state, cv.client = stateCMPP, 0
	case slices.Contains(c.ports, uint16(t.SrcPort)) && !slices.Contains(c.ports, uint16(t.DstPort)):
		s.state, cv.client = stateCMPP, 1
	case slices.Contains(c.ports, uint16(t.SrcPort)):
		s.state = stateCMPP
	}
	for i := range s.half {
		s.half[i] = &halfStream{s: s, dir: i}
	}
	if c.d.o.summary {
		cv.sum = newConvSummary(cv)
	}
	return s
}

// Whether a connection carries CMPP.
const (
	stateProbe  = iota // not on a CMPP port: CMPP if its first octets are a CONNECT
	stateCMPP          // read as CMPP
	stateIgnore        // not CMPP: its segments are passed over
)

// tcpStream is the reassembly's view of one TCP connection: its two
// directions, each framed into PDUs by a halfStream.
type tcpStream struct {
	conv  *conversation
	state int
	half  [2]*halfStream
}

func dirIndex(dir reassembly.TCPFlowDirection) int {
	if dir == reassembly.TCPDirServerToClient {
		return 1
	}
	return 0
}

// Accept takes every segment of a CMPP connection. A direction whose SYN
// is not in the capture is started at its first segment (the capture
// started mid-stream): its halfStream then looks for the first plausible
// header.
func (s *tcpStream) Accept(t *layers.TCP, _ gopacket.CaptureInfo, dir reassembly.TCPFlowDirection, nextSeq reassembly.Sequence, start *bool, _ reassembly.AssemblerContext) bool {
	if s.state == stateIgnore {
		return false
	}
	i := dirIndex(dir)
	if t.SYN && s.conv.client < 0 {
		// The SYN comes from the client, the SYN-ACK from the server.
		if t.ACK {
			s.conv.client = 1 - i
		} else {
			s.conv.client = i
		}
	}
	if nextSeq == noSequence {
		if t.SYN {
			s.half[i].synced = true
		} else {
			*start = true
			s.half[i].midStream = true
		}
	}
	return true
}

// ReassembledSG takes the next octets of one direction, in order.
//
// A PDU's capture time is that of the frame that completed it: the frame
// of its last octet, or, when that came out of order, the later frame
// that filled the gap before it (the AssemblerContext of this call).
func (s *tcpStream) ReassembledSG(sg reassembly.ScatterGather, ac reassembly.AssemblerContext) {
	dir, _, end, skip := sg.Info()
	h := s.half[dirIndex(dir)]
	n, _ := sg.Lengths()
	if s.state == stateProbe && skip > 0 {
		// Octets missing before a connection on other ports is known to be
		// CMPP: its start cannot be checked for a CONNECT.
		s.state = stateIgnore
	}
	if s.state == stateIgnore {
		return
	}
	if skip > 0 {
		h.gap(skip, frameOf(sg.CaptureInfo(0)))
	}
	if n > 0 {
		var now frameInfo
		if ac != nil {
			now = frameOf(ac.GetCaptureInfo())
		}
		h.feed(sg.Fetch(n), func(off int) frameInfo { return frameOf(sg.CaptureInfo(off)) }, now)
	}
	if end {
		h.end()
	}
}

// ReassemblyComplete is called once both directions have ended (FIN, RST,
// idle, or the end of the capture).
func (s *tcpStream) ReassemblyComplete(reassembly.AssemblerContext) bool {
	for _, h := range s.half {
		h.end()
	}
	if s.state == stateCMPP {
		s.conv.close()
	}
	return true
}

// halfStream frames one direction's octets into PDUs by their
// Total_Length. When it does not know where a PDU starts (the capture
// started mid-stream, octets were not captured, or a Total_Length was out
// of range) it looks for the next plausible header and reports the octets
// it skipped to get there.
type halfStream struct {
	s   *tcpStream
	dir int // index of conversation.ends: the source of this direction

	buf  []byte    // octets not framed yet; at most maxStreamBuf
	head frameInfo // where buf[0] was captured

	synced    bool // buf starts at a PDU
	midStream bool // the start of this direction is not in the capture
	seenPDU   bool // a PDU has been framed
	skipped   int  // octets passed over since the last PDU
	skipFrom  frameInfo
	ended     bool
}

// feed frames the octets data, the next of this direction. at tells where
// the octet at an offset of data was captured, now is the frame that
// brought them.
func (h *halfStream) feed(data []byte, at func(off int) frameInfo, now frameInfo) {
	if h.ended {
		return
	}
	done := 0 // octets of data moved into buf
	for done < len(data) {
		if len(h.buf) == 0 {
			h.head = at(done)
		}
		k := min(len(data)-done, maxStreamBuf-len(h.buf))
		h.buf = append(h.buf, data[done:done+k]...)
		done += k
		// buf[i] is data[i+base]; octets before data have base+i < 0.
		base := done - len(h.buf)
		where := func(i int) frameInfo {
			if i+base < 0 {
				return h.head
			}
			return at(i + base)
		}
		if h.s.state == stateProbe && !h.probe() {
			return
		}
		h.frame(where, now)
	}
}

// probe decides whether a connection on ports that are not CMPP's is
// CMPP: its first octets must be a CMPP_CONNECT header. It reports false
// when the decision needs more octets or the connection is not CMPP.
func (h *halfStream) probe() bool {
	s := h.s
	if len(h.buf) < cmpp.HeaderLen {
		return false
	}
	// CMPP_CONNECT is 39 octets in every version (spec reference §6.1, §12).
	if binary.BigEndian.Uint32(h.buf) == cmpp.HeaderLen+27 && cmpp.CommandID(binary.BigEndian.Uint32(h.buf[4:])) == cmpp.CmdConnect {
		s.state = stateCMPP
		h.synced = true
		if s.conv.client < 0 {
			s.conv.client = h.dir
		}
		return true
	}
	s.state = stateIgnore
	for _, o := range s.half {
		o.buf = nil
	}
	return false
}

// frame takes the whole PDUs off the front of buf. where tells where the
// octet buf[i] was captured, now is the frame that brought the last octets.
func (h *halfStream) frame(where func(i int) frameInfo, now frameInfo) {
	off := 0
	for {
		b := h.buf[off:]
		if !h.synced {
			i, ok := resync(b, h.s.conv.scratchDecoder())
			if i > 0 {
				if h.skipped == 0 {
					h.skipFrom = where(off)
				}
				h.skipped += i
				off += i
				b = b[i:]
			}
			if !ok {
				break
			}
			h.synced = true
		}
		if len(b) < cmpp.HeaderLen {
			break
		}
		tl := binary.BigEndian.Uint32(b)
		if tl < cmpp.HeaderLen || tl > cmpp.MaxPacketLen {
			h.s.conv.notef(h.dir, where(off), "Total_Length %d is out of range (12 to %d): looking for the next plausible header", tl, cmpp.MaxPacketLen)
			h.synced = false
			if h.skipped == 0 {
				h.skipFrom = where(off)
			}
			h.skipped++
			off++
			continue
		}
		if len(b) < int(tl) {
			break
		}
		h.reportSkip()
		h.seenPDU = true
		last := where(off + int(tl) - 1)
		if now.n > last.n {
			last = now
		}
		h.s.conv.pdu(h.dir, b[:tl], where(off), last)
		off += int(tl)
	}
	// Keep what is left at the front of buf.
	if off > 0 {
		if off < len(h.buf) {
			h.head = where(off)
		}
		h.buf = h.buf[:copy(h.buf, h.buf[off:])]
	}
}

// reportSkip reports the octets passed over before the PDU about to be
// framed, if any.
func (h *halfStream) reportSkip() {
	if h.skipped == 0 {
		return
	}
	why := "to find the next plausible header"
	if h.midStream && !h.seenPDU {
		why = "before the first whole PDU (the capture starts inside a PDU)"
	}
	h.s.conv.skip(h.dir, h.skipFrom, h.skipped, why)
	h.skipped = 0
}

// gap is called when n octets of this direction are not in the capture
// (segments the capture missed, or cut by the snap length). The PDU they
// belong to cannot be framed: the octets held are dropped and the next
// plausible header looked for.
func (h *halfStream) gap(n int, at frameInfo) {
	if h.ended {
		return
	}
	held := len(h.buf)
	h.buf = h.buf[:0]
	h.s.conv.missing(h.dir, at, n, held+h.skipped)
	h.skipped = 0
	h.synced = false
}

// end is called when this direction ends (FIN, RST, the end of the
// capture): octets that are not a whole PDU are reported.
func (h *halfStream) end() {
	if h.ended {
		return
	}
	h.ended = true
	if h.s.state != stateCMPP {
		return
	}
	if len(h.buf) > 0 || h.skipped > 0 {
		h.skipped += len(h.buf)
		if h.skipFrom == (frameInfo{}) || len(h.buf) == h.skipped {
			h.skipFrom = h.head
		}
		why := "at the end of the stream: not a whole PDU"
		if h.synced && len(h.buf) >= 4 {
			why = fmt.Sprintf("at the end of the stream: a PDU whose Total_Length is %d is cut short", binary.BigEndian.Uint32(h.buf))
		}
		h.s.conv.skip(h.dir, h.skipFrom, h.skipped, why)
		h.skipped = 0
	}
	h.buf = nil
}

// resync looks in b for the first offset where a plausible PDU starts. It
// returns that offset and true, or false with the number of octets that
// can be dropped because no PDU can start in them (the rest may be the
// start of one whose end has not arrived yet).
func resync(b []byte, dec *cmpp.Decoder) (int, bool) {
	for i := 0; i+cmpp.HeaderLen <= len(b); i++ {
		switch plausible(b[i:], dec) {
		case plausibleYes:
			return i, true
		case plausibleMore:
			return i, false
		}
	}
	return max(0, len(b)-(cmpp.HeaderLen-1)), false
}

const (
	plausibleNo = iota
	plausibleYes
	plausibleMore // it may be, once more octets have arrived
)

// plausible tells whether b starts with a PDU: a message header (spec
// reference §3) with a Total_Length from 12 to MaxPacketLen and a
// Command_Id of the spec's table (§4), a body that decodes in one of the
// versions read, and, when the octets after it have arrived, another such
// header there.
func plausible(b []byte, dec *cmpp.Decoder) int {
	tl, ok := plausibleHeader(b)
	if !ok {
		return plausibleNo
	}
	if len(b) < tl {
		return plausibleMore
	}
	if _, ok := decodesAsAny(dec, b[:tl]); !ok {
		return plausibleNo
	}
	if rest := b[tl:]; len(rest) >= cmpp.HeaderLen {
		if _, ok := plausibleHeader(rest); !ok {
			return plausibleNo
		}
	}
	return plausibleYes
}

// plausibleHeader reads the Total_Length of the header b starts with, and
// tells whether it and the Command_Id are ones the spec allows. It is the
// inner loop of resync, so it reads the two fields itself rather than
// build the error ParseHeader would give.
func plausibleHeader(b []byte) (int, bool) {
	if len(b) < cmpp.HeaderLen {
		return 0, false
	}
	tl := binary.BigEndian.Uint32(b)
	if tl < cmpp.HeaderLen || tl > cmpp.MaxPacketLen {
		return 0, false
	}
	_, known := fieldsOf(cmpp.Version30, cmpp.CommandID(binary.BigEndian.Uint32(b[4:]))) // every version has 3.0's Command_Ids
	return int(tl), known
}
