package main

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/go-cmpp/cmpp"
)

// sample is the built-in session decoded when no FILE is given: copies of
// hand-built fixtures from testdata/packets, with their comments.
//
//go:embed sample.hex
var sample string

type decodeOptions struct {
	json    bool         // one JSON object per PDU per line
	raw     bool         // the input is a binary stream, not hex lines
	version cmpp.Version // the layout until a login says otherwise

	summary bool     // captures: a summary per conversation instead of the PDUs
	ports   []uint16 // captures: CMPP ports besides the well-known ones
}

// decodeRun is the state of one decode command.
type decodeRun struct {
	o      decodeOptions
	out    *bufio.Writer
	stderr io.Writer
	dec    cmpp.Decoder
	follow follower // the version of the input being read
	n      int      // PDUs seen, failed ones included
	failed int
	buf    []byte
}

func runDecode(o decodeOptions, files []string, stdin io.Reader, stdout, stderr io.Writer) int {
	d := &decodeRun{o: o, out: bufio.NewWriter(stdout), stderr: stderr}
	d.dec.KeepUnknown = true
	inputErrors := 0
	if len(files) == 0 {
		fmt.Fprintln(stderr, "cmpp: no FILE given: decoding the built-in sample session (use - for standard input; cmpp help decode)")
		// The sample is hex, whatever -raw says.
		d.follow = newFollower(o.version)
		if err := readHex("sample", strings.NewReader(sample), d.unit); err != nil {
			d.inputError(err)
			inputErrors++
		}
	}
	for _, name := range files {
		r, name, closeIn, err := openInput(name, stdin)
		if err != nil {
			d.inputError(err)
			inputErrors++
			continue
		}
		d.follow = newFollower(o.version) // each input is a stream of its own
		read := readHex
		if o.raw {
			read = readRaw
		}
		if err := d.readInput(name, r, read); err != nil {
			d.inputError(err)
			inputErrors++
		}
		closeIn()
	}
	if err := d.out.Flush(); err != nil {
		fmt.Fprintln(stderr, "cmpp:", err)
		return 1
	}
	if d.failed > 0 || inputErrors > 0 {
		if d.failed > 0 {
			fmt.Fprintf(stderr, "cmpp: %d of %d PDUs did not decode\n", d.failed, d.n)
		}
		return 1
	}
	return 0
}

// unit decodes and prints one PDU, or reports why it cannot.
func (d *decodeRun) unit(u unit) {
	d.n++
	if u.err != nil {
		d.fail(u, u.err)
		return
	}
	v := d.follow.cur
	d.dec.Version = v
	h, p, err := d.dec.Decode(u.pdu)
	if err != nil {
		d.fail(u, err)
		return
	}
	d.follow.see(p)
	if d.o.json {
		d.buf = appendPDUJSON(d.buf[:0], v, h, p)
		d.buf = append(d.buf, '\n')
		d.out.Write(d.buf)
		if bad := afterNUL(u.pdu, v, h, p); len(bad) > 0 {
			d.out.Flush()
			fmt.Fprintf(d.stderr, "cmpp: %s: #%d: warning: %s\n", u.loc, d.n, paddingNote(bad))
		}
		return
	}
	var w textWriter
	d.separate()
	writePDU(&w, d.n, u.pdu, v, h, p)
	d.out.WriteString(w.sb.String())
}

// separate puts a blank line between the blocks of the human form.
func (d *decodeRun) separate() {
	if d.n > 1 {
		d.out.WriteByte('\n')
	}
}

// fail reports a PDU that did not decode: in the human form as a block of
// the output, with -json on standard error, so that standard output stays
// a stream of JSON objects.
func (d *decodeRun) fail(u unit, err error) {
	d.failed++
	if d.o.json {
		d.out.Flush()
		fmt.Fprintf(d.stderr, "cmpp: %s: #%d: %s\n", u.loc, d.n, errText(err))
		return
	}
	var w textWriter
	d.separate()
	writeFailure(&w, d.n, u, err)
	d.out.WriteString(w.sb.String())
}

// inputError reports an input that cannot be read on (a missing file, a
// broken stream).
func (d *decodeRun) inputError(err error) {
	d.out.Flush()
	fmt.Fprintln(d.stderr, "cmpp:", errText(err))
}
