package main

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	"github.com/go-cmpp/cmpp"
)

// Hex as real logs and tools print it, besides one PDU per line:
//
//   - dumps with an offset column and an ASCII column, several lines per
//     PDU: xxd ("00000000: 0000 0018 8000 0004  ........"), hexdump -C
//     ("00000000  00 00 00 18 80 00 00 04  00 00 …  |........|", with its
//     "*" for repeated lines and the closing offset line) and Wireshark's
//     "Copy as Hex Dump" ("0000   00 00 00 18 80 00 …   ........"). The
//     octets of a dump are framed into PDUs by their Total_Length; an
//     Ethernet/IPv4/TCP frame copied whole is cut to its TCP payload.
//   - a log line with the hex somewhere in it ("2025-01-02 03:04:05.678
//     INFO send CMPP_SUBMIT: 000000db00000004…"): the run of hex whose
//     first four octets, read as Total_Length, give its length.

// A dump is the block of offset-prefixed lines being read. PDUs are
// handed on as soon as they are whole, so a long dump is never held in
// memory, except when it does not start with a CMPP header (it may be a
// whole Ethernet frame, cut to its payload at the end): then up to
// maxFrameDump octets are kept.
type dump struct {
	active  bool
	name    string
	fn      func(unit)
	base    int        // offset of octets[0] in the dump: what was handed on before it
	octets  []byte     // octets not handed on yet
	lines   []dumpLine // where the lines start (the last few), for locations
	repeat  []byte     // the octets of the last line, for hexdump's "*"
	starred bool       // a "*" line was seen: the next offset says how much it stands for
	framed  bool       // the dump starts with a plausible CMPP header
	failed  bool       // a unit with an error was handed on: ignore the rest
}

type dumpLine struct {
	off, line int
}

// maxFrameDump bounds a dump that does not start with a CMPP header.
const maxFrameDump = 1 << 20

// dumpOffset reads the offset column of a dump line: 4 to 8 hex digits
// at the start of the line, then ':' (xxd) or at least two spaces
// (hexdump -C, Wireshark), or the end of the line (hexdump's closing
// offset). It returns the offset and the rest of the line after the
// separator (nil for an offset alone), or ok false.
func dumpOffset(line []byte) (off int, rest []byte, ok bool) {
	i := 0
	for i < len(line) && i < 8 && isHexDigit(line[i]) {
		i++
	}
	if i < 4 {
		return 0, nil, false
	}
	n, err := strconv.ParseUint(string(line[:i]), 16, 32)
	if err != nil {
		return 0, nil, false
	}
	switch {
	case i == len(line) || isBlankLine(line[i:]):
		return int(n), nil, true
	case line[i] == ':':
		return int(n), line[i+1:], true
	case i+1 < len(line) && isSpace(line[i]) && isSpace(line[i+1]):
		return int(n), line[i:], true
	}
	return 0, nil, false
}

// add reads line (number no) into the dump if it continues it: its
// offset is where the dump has got to (or past it, after a "*"). It
// reports whether the line was taken.
func (d *dump) add(no int, line []byte) bool {
	if !d.active {
		return false
	}
	if t := trimSpace(line); len(t) == 1 && t[0] == '*' {
		d.starred = true
		return true
	}
	off, rest, ok := dumpOffset(line)
	if !ok {
		return false
	}
	end := d.base + len(d.octets)
	last := d.lines[len(d.lines)-1].off
	switch {
	case off == end:
	case off < end && off > last && off >= d.base:
		// The previous line's ASCII column looked like hex and was read
		// as octets: the offset says where that line really ended.
		d.octets = d.octets[:off-d.base]
		d.repeat = append(d.repeat[:0], d.octets[max(last-d.base, 0):]...)
	case off > end && d.starred && len(d.repeat) > 0 && off-end <= maxFrameDump:
		for end < off {
			n := min(len(d.repeat), off-end)
			d.octets = append(d.octets, d.repeat[:n]...)
			end += n
		}
	default:
		return false
	}
	d.starred = false
	if rest == nil {
		return true // hexdump's closing offset line
	}
	start := len(d.octets)
	d.octets = appendDumpOctets(d.octets, rest)
	d.repeat = append(d.repeat[:0], d.octets[start:]...)
	d.lines = append(d.lines, dumpLine{off: d.base + start, line: no})
	d.handOn(false)
	return true
}

// start begins a dump at line no if the line is the first of one (offset
// 0, with octets after it).
func (d *dump) start(name string, fn func(unit), no int, line []byte) bool {
	off, rest, ok := dumpOffset(line)
	if !ok || off != 0 || rest == nil {
		return false
	}
	octets := appendDumpOctets(nil, rest)
	if len(octets) == 0 {
		return false
	}
	*d = dump{active: true, name: name, fn: fn, octets: octets, lines: []dumpLine{{0, no}}}
	d.repeat = append(d.repeat, octets...)
	return true
}

// lineOf returns the location of the octet at offset off of the dump.
func (d *dump) lineOf(off int) string {
	no := d.lines[0].line
	for _, l := range d.lines {
		if l.off <= off {
			no = l.line
		}
	}
	return d.name + ":" + strconv.Itoa(no)
}

// handOn hands on the whole PDUs at the start of octets; at the end of
// the dump (final), what is left too, or why it is not a PDU.
func (d *dump) handOn(final bool) {
	if d.failed {
		d.octets = d.octets[:0]
		return
	}
	if !d.framed && d.base == 0 {
		if len(d.octets) < 4 {
			if !final {
				return
			}
		} else if tl := binary.BigEndian.Uint32(d.octets); tl >= cmpp.HeaderLen && tl <= cmpp.MaxPacketLen {
			d.framed = true
		}
		if !d.framed {
			if !final && len(d.octets) <= maxFrameDump {
				return // maybe a whole frame: cut it at the end
			}
			if p, ok := tcpPayload(d.octets); ok {
				d.base = len(d.octets) - len(p)
				d.octets = p
			}
			d.framed = true
		}
	}
	i := 0
	for i < len(d.octets) {
		rest := d.octets[i:]
		loc := d.lineOf(d.base + i)
		if len(rest) < cmpp.HeaderLen {
			if final {
				d.fn(unit{loc: loc, err: fmt.Errorf("the dump ends inside a PDU: %d octets after the last whole one", len(rest))})
				d.failed = true
			}
			break
		}
		tl := int(binary.BigEndian.Uint32(rest))
		if tl < cmpp.HeaderLen || tl > cmpp.MaxPacketLen || final && tl > len(rest) {
			d.fn(unit{loc: loc, pdu: rest}) // the decoder names what is wrong
			d.failed = true
			i = len(d.octets)
			break
		}
		if tl > len(rest) {
			break
		}
		d.fn(unit{loc: loc, pdu: rest[:tl]})
		i += tl
	}
	d.base += i
	d.octets = append(d.octets[:0], d.octets[i:]...)
	// Keep the lines still needed for locations: from the last one at or
	// before base.
	k := 0
	for k+1 < len(d.lines) && d.lines[k+1].off <= d.base {
		k++
	}
	d.lines = append(d.lines[:0], d.lines[k:]...)
}

// appendDumpOctets reads the hex column of one dump line: groups of hex
// digits separated by single spaces (a double space after the eighth
// octet, as hexdump -C and some Wireshark versions print), up to the
// ASCII column: a "|" (hexdump -C), a gap of three or more spaces or a
// tab, a double space anywhere else, a group that is not hex, or 16
// octets.
func appendDumpOctets(b, rest []byte) []byte {
	n := 0 // octets on this line
	i := 0
	for i < len(rest) && n < 16 {
		gap := 0
		for i < len(rest) && isSpace(rest[i]) {
			if rest[i] == '\t' {
				gap += 3
			} else {
				gap++
			}
			i++
		}
		if i == len(rest) || rest[i] == '|' {
			break
		}
		if n > 0 && (gap >= 3 || gap == 2 && n != 8) {
			break
		}
		j := i
		for j < len(rest) && !isSpace(rest[j]) {
			j++
		}
		tok := rest[i:j]
		if len(tok)%2 != 0 || !allHex(tok) || n+len(tok)/2 > 16 {
			break
		}
		for k := 0; k < len(tok); k += 2 {
			hi, _ := unhex(tok[k])
			lo, _ := unhex(tok[k+1])
			b = append(b, hi<<4|lo)
		}
		n += len(tok) / 2
		i = j
	}
	return b
}

// flush hands on the PDUs left in a finished dump.
func (d *dump) flush() {
	if !d.active {
		return
	}
	d.handOn(true)
	d.active = false
}

// tcpPayload returns the TCP payload of b when b is a whole Ethernet II
// frame carrying IPv4 and TCP (what Wireshark copies from the packet
// bytes pane) and does not begin with a plausible CMPP header itself.
func tcpPayload(b []byte) ([]byte, bool) {
	if len(b) >= 4 {
		if tl := binary.BigEndian.Uint32(b); tl >= cmpp.HeaderLen && tl <= cmpp.MaxPacketLen {
			return nil, false
		}
	}
	const eth = 14
	if len(b) < eth+20 || b[12] != 0x08 || b[13] != 0x00 || b[eth]>>4 != 4 || b[eth+9] != 6 {
		return nil, false
	}
	ihl := int(b[eth]&0x0f) * 4
	ipLen := int(binary.BigEndian.Uint16(b[eth+2:]))
	if ihl < 20 || ipLen < ihl || eth+ipLen > len(b) {
		return nil, false
	}
	tcp := b[eth+ihl : eth+ipLen]
	if len(tcp) < 20 {
		return nil, false
	}
	doff := int(tcp[12]>>4) * 4
	if doff < 20 || doff > len(tcp) {
		return nil, false
	}
	return tcp[doff:], true
}

// hexRun finds, in a log line that is not all hex, the PDU written in it
// as hex: the longest run of hex groups (split at blanks and at the
// punctuation logs put around values) whose first four octets, read as
// Total_Length, equal its length. Failing that it returns the longest
// run of at least a header's worth of octets, for the decoder to say
// what is wrong with it; and nil when there is no such run.
func hexRun(line []byte) []byte {
	type group struct{ digits []byte }
	var runs [][]group
	var cur []group
	flush := func() {
		if len(cur) > 0 {
			runs = append(runs, cur)
			cur = nil
		}
	}
	for i := 0; i < len(line); {
		if isSep(line[i]) {
			i++
			continue
		}
		j := i
		for j < len(line) && !isSep(line[j]) {
			j++
		}
		tok := line[i:j]
		if len(tok) > 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X') {
			tok = tok[2:]
		}
		if allHex(tok) && len(tok)%2 == 0 && len(tok) > 0 {
			cur = append(cur, group{tok})
		} else {
			flush()
		}
		i = j
	}
	flush()

	var best, fallback []byte
	for _, run := range runs {
		var digits []byte
		starts := make([]int, 0, len(run)+1) // digit offset of each group, and the end
		for _, g := range run {
			starts = append(starts, len(digits))
			digits = append(digits, g.digits...)
		}
		starts = append(starts, len(digits))
		if len(digits) >= 2*cmpp.HeaderLen && len(digits) > 2*len(fallback) {
			fallback = decodeHexDigits(digits)
		}
		for s := 0; s < len(run); s++ {
			from := starts[s]
			if len(digits)-from < 2*cmpp.HeaderLen {
				break
			}
			tl := decodeHexDigits(digits[from : from+8])
			n := int(binary.BigEndian.Uint32(tl))
			if n < cmpp.HeaderLen || n > cmpp.MaxPacketLen || n <= len(best) {
				continue
			}
			// a group must end exactly Total_Length octets further on
			if _, found := slices.BinarySearch(starts[s+1:], from+2*n); found {
				best = decodeHexDigits(digits[from : from+2*n])
			}
		}
	}
	if best != nil {
		return best
	}
	return fallback
}

func decodeHexDigits(d []byte) []byte {
	out := make([]byte, len(d)/2)
	for i := range out {
		hi, _ := unhex(d[2*i])
		lo, _ := unhex(d[2*i+1])
		out[i] = hi<<4 | lo
	}
	return out
}

// isSep reports whether c separates values in a log line.
func isSep(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\v', '\f', '=', ':', ',', ';', '[', ']', '(', ')', '{', '}', '<', '>', '|', '"', '\'':
		return true
	}
	return false
}

// looksBinary reports whether the start of an input is binary rather
// than text (a raw CMPP stream starts with 0x00: Total_Length is below
// 4096), and the first offending octet.
func looksBinary(b []byte) (int, bool) {
	for i, c := range b {
		if c < 0x20 && !isSpace(c) && c != '\n' && c != '\r' || c == 0x7f {
			return i, true
		}
	}
	return 0, false
}

func isHexDigit(c byte) bool { _, ok := unhex(c); return ok }

func allHex(b []byte) bool {
	for _, c := range b {
		if !isHexDigit(c) {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (isSpace(b[0]) || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (isSpace(b[len(b)-1]) || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func isBlankLine(b []byte) bool { return len(trimSpace(b)) == 0 }
