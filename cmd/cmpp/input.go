package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/go-cmpp/cmpp"
)

// maxHexLine bounds one line of hex input. The largest PDU is 4096 octets,
// 8192 digits; the rest is room for spaces, 0x prefixes and comments.
const maxHexLine = 1 << 20

// A unit is one PDU read from the input, or why a line could not be read
// as one.
type unit struct {
	loc string // where it came from: "FILE:LINE" or "FILE offset N"
	pdu []byte // valid until the reader's next call of fn
	err error  // an input error (bad hex); pdu is nil
}

// openInput opens the file name, or returns stdin for "-". It returns
// the name to use in messages and a function that closes what it opened.
func openInput(name string, stdin io.Reader) (io.Reader, string, func(), error) {
	if name == "-" {
		return stdin, "stdin", func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, nil, err
	}
	return f, name, func() { f.Close() }, nil
}

// readHex calls fn for every PDU of r written as hex: a line of hex, a
// log line with a PDU's hex in it, or a dump (xxd, hexdump -C,
// Wireshark's "Copy as Hex Dump") of one or more PDUs over several lines
// (see hexlog.go). It returns an error only when it cannot go on (an I/O
// error, a line longer than maxHexLine, binary input).
func readHex(name string, r io.Reader, fn func(unit)) error {
	br := bufio.NewReaderSize(r, 64*1024)
	if head, _ := br.Peek(512); len(head) > 0 {
		if i, bin := looksBinary(head); bin {
			return fmt.Errorf("%s: looks binary (octet 0x%02x at offset %d), not hex: try -raw", name, head[i], i)
		}
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64*1024), maxHexLine)
	line := 0
	var d dump
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if d.add(line, text) {
			continue
		}
		d.flush()
		if d.start(name, fn, line, text) {
			continue
		}
		pdu, err := parseHexLine(text)
		if pdu == nil && err == nil {
			continue
		}
		fn(unit{loc: name + ":" + strconv.Itoa(line), pdu: pdu, err: err})
	}
	d.flush()
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d octets", maxHexLine)
		}
		return fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return nil
}

// parseHexLine reads one line of hex: '#' at the start of the line or
// after a blank starts a comment, whitespace (CR included) is ignored,
// and so is a 0x or 0X at the start of each group of digits
// ("0x000000db 0x00000004 …" and "0x000000db00000004…" both work). A
// line that is not all hex, such as a log line with a timestamp and a
// message before the hex, gives the PDU written in it (hexRun), if any.
// It returns nil, nil for a line with no hex at all.
func parseHexLine(line []byte) ([]byte, error) {
	pdu, err := parseHexDigits(line)
	if err != nil {
		if run := hexRun(line); run != nil {
			return run, nil
		}
	}
	return pdu, err
}

func parseHexDigits(line []byte) ([]byte, error) {
	var out []byte
	var hi byte
	odd, groupStart := false, true
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '#' && groupStart:
			i = len(line)
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f':
			groupStart = true
			continue
		case groupStart && c == '0' && i+1 < len(line) && (line[i+1] == 'x' || line[i+1] == 'X'):
			i++
			groupStart = false
			continue
		}
		groupStart = false
		v, ok := unhex(c)
		if !ok {
			return nil, fmt.Errorf("invalid hex: %s at column %d", quoteByte(c), i+1)
		}
		if odd {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		odd = !odd
	}
	if odd {
		return nil, errors.New("invalid hex: odd number of digits")
	}
	return out, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// quoteByte shows an offending input octet: 'g' for printable ASCII, 0xe4
// otherwise.
func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("octet 0x%02x", c)
}

// readRaw calls fn for every PDU of the binary CMPP stream r, framed by
// cmpp.ReadPacket. A stream that ends inside a PDU, or a Total_Length out
// of range (after which the stream cannot be resynchronised), ends the
// stream with an error.
func readRaw(name string, r io.Reader, fn func(unit)) error {
	br := bufio.NewReader(r)
	var buf []byte
	off := 0
	for {
		pdu, err := cmpp.ReadPacket(br, buf)
		switch {
		case err == io.EOF:
			return nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("%s offset %d: the stream ends inside a PDU", name, off)
		case err != nil:
			var de *cmpp.DecodeError
			if errors.As(err, &de) {
				return fmt.Errorf("%s offset %d: %w (cannot find the next PDU; stopping)", name, off, err)
			}
			return fmt.Errorf("%s offset %d: %w", name, off, err)
		}
		fn(unit{loc: name + " offset " + strconv.Itoa(off), pdu: pdu})
		off += len(pdu)
		buf = pdu
	}
}
