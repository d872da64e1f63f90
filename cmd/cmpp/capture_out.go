package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-cmpp/cmpp"
)

// captureVersions are the layouts a PDU is tried in when its
// conversation's login is not in the capture: those of 3.0 and of 2.0
// (2.1 has the layouts of 2.0, spec reference §12).
var captureVersions = []cmpp.Version{cmpp.Version30, cmpp.Version20}

// decodeAs decodes pdu as CMPP version v. It is the one place where a
// conversation's version reaches the decoder.
func decodeAs(dec *cmpp.Decoder, v cmpp.Version, pdu []byte) (cmpp.Header, cmpp.Packet, error) {
	dec.Version = v
	return dec.Decode(pdu)
}

// decodesAsAny tells whether pdu decodes in one of captureVersions, and
// in which.
func decodesAsAny(dec *cmpp.Decoder, pdu []byte) (cmpp.Version, bool) {
	for _, v := range captureVersions {
		if _, _, err := decodeAs(dec, v, pdu); err == nil {
			return v, true
		}
	}
	return 0, false
}

// captureTime formats a capture time as RFC 3339 in UTC with
// microseconds, the resolution of most captures.
func captureTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}

// A conversation is one TCP connection read as CMPP: both directions,
// numbered from 1 in the order their first PDU or note is printed.
type conversation struct {
	c       *capture
	id      int
	ends    [2]string     // "IP:port" of each direction's source
	client  int           // index of ends that is the client (sent SYN or CONNECT), -1 when unknown
	follow  follower      // the version: -version's, then the login's
	dec     *cmpp.Decoder // made with the first PDU: most TCP connections are not CMPP
	scratch *cmpp.Decoder // for trying candidate headers

	events []event
	queued bool // in c.dirty
	closed bool
	sum    *convSummary // with -summary
}

// An event is a PDU framed, or something to say about a stream. Events
// are queued and printed after each step of the reassembly, conversation
// by conversation (see capture.drain).
type event struct {
	dir         int
	first, last frameInfo // where the first and last octet were captured
	pdu         []byte    // a copy; nil for a note
	note        string
	skipped     int // octets passed over (a note)
	missing     int // octets not in the capture (a note)
}

func (cv *conversation) queue(ev event) {
	if cv.id == 0 {
		cv.c.convs++
		cv.id = cv.c.convs
	}
	cv.events = append(cv.events, ev)
	if !cv.queued {
		cv.queued = true
		cv.c.dirty = append(cv.c.dirty, cv)
	}
}

func (cv *conversation) pdu(dir int, b []byte, first, last frameInfo) {
	cv.queue(event{dir: dir, first: first, last: last, pdu: bytes.Clone(b)})
}

func (cv *conversation) notef(dir int, at frameInfo, format string, args ...any) {
	cv.queue(event{dir: dir, first: at, last: at, note: fmt.Sprintf(format, args...)})
}

func (cv *conversation) skip(dir int, at frameInfo, n int, why string) {
	cv.queue(event{dir: dir, first: at, last: at, skipped: n,
		note: fmt.Sprintf("skipped %d octets %s", n, why)})
}

func (cv *conversation) missing(dir int, at frameInfo, n, dropped int) {
	s := fmt.Sprintf("%d octets before this frame are not in the capture (segments it missed, or cut by the snap length)", n)
	if dropped > 0 {
		s += fmt.Sprintf("; the %d octets held before them are dropped", dropped)
	}
	cv.queue(event{dir: dir, first: at, last: at, missing: n, skipped: dropped,
		note: s + ": looking for the next plausible header"})
}

// close marks the conversation ended; its summary is completed when its
// last events have been printed.
func (cv *conversation) close() {
	if cv.closed {
		return
	}
	cv.closed = true
	if cv.id != 0 && cv.sum != nil && !cv.queued {
		cv.queued = true
		cv.c.dirty = append(cv.c.dirty, cv)
	}
}

func (cv *conversation) scratchDecoder() *cmpp.Decoder {
	if cv.scratch == nil {
		cv.scratch = new(cmpp.Decoder)
	}
	return cv.scratch
}

// decode decodes a PDU of this conversation in its version, and returns
// the version it was read in. The version follows the login (CONNECT's
// Version, then the lower of that and CONNECT_RESP's, spec reference §5.1,
// §12). Without a login in the capture, a PDU that does not decode in the
// current version but does in another switches the conversation to that
// version (switched says so); so does a CONNECT_RESP, whose layout differs,
// at any time. A PDU that decodes in the current version is never read in
// another: a SUBMIT or DELIVER may fit both.
func (cv *conversation) decode(pdu []byte) (h cmpp.Header, p cmpp.Packet, v cmpp.Version, switched string, err error) {
	if cv.dec == nil {
		cv.dec = &cmpp.Decoder{KeepUnknown: true}
	}
	v = cv.follow.cur
	h, p, err = decodeAs(cv.dec, v, pdu)
	if err == nil || (cv.follow.asked != 0 && h.CommandID != cmpp.CmdConnectResp) {
		return h, p, v, "", err
	}
	for _, alt := range captureVersions {
		if alt == v {
			continue
		}
		if h2, p2, err2 := decodeAs(cv.dec, alt, pdu); err2 == nil {
			cv.follow.cur = alt
			return h2, p2, alt, fmt.Sprintf("%v does not decode as CMPP %v but does as %v: reading this conversation as CMPP %v", h2.CommandID, v, alt, alt), nil
		}
	}
	return h, nil, v, "", err
}

// direction words the direction of an event: "src -> dst (client to
// server)".
func (cv *conversation) direction(dir int) string {
	s := cv.ends[dir] + " -> " + cv.ends[1-dir]
	switch cv.client {
	case dir:
		s += " (client to server)"
	case 1 - dir:
		s += " (server to client)"
	}
	return s
}

// framesText words where an event was captured: "frame 7" or "frames
// 5-7".
func framesText(first, last frameInfo) string {
	if first.n == last.n || first.n == 0 {
		return "frame " + strconv.Itoa(last.n)
	}
	return "frames " + strconv.Itoa(first.n) + "-" + strconv.Itoa(last.n)
}

// event prints one event, or with -summary adds it to its conversation's
// summary.
func (c *capture) event(cv *conversation, ev *event) {
	d := c.d
	if ev.pdu == nil {
		if cv.sum != nil {
			cv.sum.note(ev)
			return
		}
		c.convNote(cv, ev.dir, ev.last, ev.note)
		return
	}
	d.n++
	h, p, v, switched, err := cv.decode(ev.pdu)
	if switched != "" && cv.sum == nil {
		c.convNote(cv, ev.dir, ev.last, switched)
	}
	if err == nil {
		cv.follow.see(p)
	}
	if cv.sum != nil {
		cv.sum.add(ev, h, p, err)
		return
	}
	if err != nil {
		d.failed++
		if d.o.json {
			d.out.Flush()
			fmt.Fprintf(d.stderr, "cmpp: %s %s: %s: #%d: %v\n", c.name, framesText(ev.first, ev.last), cv.direction(ev.dir), d.n, err)
			return
		}
		var w textWriter
		writeFailure(&w, d.n, unit{loc: c.name + " " + framesText(ev.first, ev.last), pdu: ev.pdu}, err)
		c.block(c.withCaptureLines(w.sb.String(), cv, ev))
		return
	}
	if d.o.json {
		d.buf = appendCaptureJSON(d.buf[:0], ev.last.t, cv.ends[ev.dir], cv.ends[1-ev.dir], v, h, p)
		d.buf = append(d.buf, '\n')
		d.out.Write(d.buf)
		return
	}
	var w textWriter
	writePDU(&w, d.n, ev.pdu, v, h, p)
	c.block(c.withCaptureLines(w.sb.String(), cv, ev))
}

// withCaptureLines puts the capture time, frames and endpoints of ev
// under the first line of a PDU's block.
func (c *capture) withCaptureLines(s string, cv *conversation, ev *event) string {
	var w textWriter
	w.line(2, "capture", captureTime(ev.last.t)+", "+framesText(ev.first, ev.last)+", conversation "+strconv.Itoa(cv.id))
	w.line(2, "direction", cv.direction(ev.dir))
	i := strings.IndexByte(s, '\n') + 1
	return s[:i] + w.sb.String() + s[i:]
}

// block prints a block of the human form, a blank line between blocks.
func (c *capture) block(s string) {
	if c.blocks > 0 || c.startN > 0 {
		c.d.out.WriteByte('\n')
	}
	c.blocks++
	c.d.out.WriteString(s)
}

// convNote prints something to say about a conversation's stream: as a
// block of the human form, or with -json on standard error, so that
// standard output stays a stream of PDUs.
func (c *capture) convNote(cv *conversation, dir int, at frameInfo, msg string) {
	where := fmt.Sprintf("%s frame %d: conversation %d, %s", c.name, at.n, cv.id, cv.direction(dir))
	if c.d.o.json {
		c.d.out.Flush()
		fmt.Fprintf(c.d.stderr, "cmpp: %s: %s\n", where, msg)
		return
	}
	c.block("note: " + where + ": " + msg + "\n")
}

// notef reports something about the capture as a whole, on standard
// error.
func (c *capture) notef(format string, args ...any) {
	c.d.out.Flush()
	fmt.Fprintf(c.d.stderr, "cmpp: "+format+"\n", args...)
}

// The keys the JSON form of a PDU read from a capture has before the
// PDU's own: when it was captured (its last octet) and its endpoints.
// cmpp encode accepts and ignores them.
var captureKeys = []string{"time", "src", "dst"}

// appendCaptureJSON appends the JSON form of a PDU read from a capture:
// "time", "src" and "dst", then the keys of appendPDUJSON.
func appendCaptureJSON(b []byte, t time.Time, src, dst string, v cmpp.Version, h cmpp.Header, p cmpp.Packet) []byte {
	o := newObj(b)
	o.str("time", captureTime(t))
	o.str("src", src)
	o.str("dst", dst)
	start := len(o.b)
	o.b = appendPDUJSON(o.b, v, h, p)
	// Splice the PDU's members into this object: its '{' becomes ','.
	if o.b[start+1] == '}' {
		return append(o.b[:start], '}')
	}
	o.b[start] = ','
	return o.b
}
