package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/go-cmpp/cmpp/encoding"
	"github.com/go-cmpp/cmpp/internal/layout"
)

type encodeOptions struct {
	raw     bool         // write a binary stream, not hex lines
	version cmpp.Version // the layout until a login says otherwise
}

func runEncode(o encodeOptions, files []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := bufio.NewWriter(stdout)
	if len(files) == 0 {
		files = []string{"-"}
	}
	failed := 0
	report := func(where string, err error) {
		out.Flush()
		fmt.Fprintf(stderr, "cmpp: %s%s\n", where, errText(err))
		failed++
	}
	var line []byte
	for _, name := range files {
		r, name, closeIn, err := openInput(name, stdin)
		if err != nil {
			report("", err)
			continue
		}
		follow := newFollower(o.version) // each input is a stream of its own
		err = readJSON(r, func(lineNo int, obj []byte) {
			pdu, err := encodeObject(obj, follow.cur)
			if err != nil {
				report(name+":"+strconv.Itoa(lineNo)+": ", err)
				return
			}
			if _, p, err := follow.cur.Decode(pdu); err == nil {
				follow.see(p) // a login switches the version of what follows
			}
			if o.raw {
				out.Write(pdu)
				return
			}
			line = hex.AppendEncode(line[:0], pdu)
			line = append(line, '\n')
			out.Write(line)
		})
		if err != nil {
			report(name+":", err)
		}
		closeIn()
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(stderr, "cmpp:", err)
		return 1
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// readJSON calls fn with each JSON value of r and the line it starts on.
// Values may span lines; a line whose first non-blank character is '#' is
// a comment. A syntax error ends the input (the stream cannot be
// resynchronised): it is returned as "LINE: error".
func readJSON(r io.Reader, fn func(line int, obj []byte)) error {
	cf := &commentFilter{r: bufio.NewReader(r)}
	dec := json.NewDecoder(cf)
	for {
		var raw json.RawMessage
		from := dec.InputOffset()
		cf.limit = from + maxJSONValue
		err := dec.Decode(&raw)
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, errValueTooLong) {
			return fmt.Errorf("%d: a JSON value longer than %d octets: no PDU has a JSON form that long (stopping)", cf.lineAt(from+1), maxJSONValue)
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("%d: invalid JSON: %v", cf.lineAt(max(se.Offset-1, 0)), err)
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%d: invalid JSON: the input ends inside a value", cf.lineAt(dec.InputOffset()))
			}
			return fmt.Errorf("%d: %v", cf.lineAt(dec.InputOffset()), err)
		}
		start := dec.InputOffset() - int64(len(raw))
		fn(cf.lineAt(start), raw)
	}
}

// maxJSONValue bounds one JSON value read by encode, so that a huge
// object is refused after reading this much of it, not after reading it
// whole. The JSON of the largest PDU (4096 octets, every octet a \u
// escape, pretty-printed) is well below it.
const maxJSONValue = 1 << 20

// errValueTooLong is what commentFilter returns past its limit.
var errValueTooLong = errors.New("JSON value too long")

// commentFilter passes its input through, blanking the lines that are
// comments (keeping their newline, so that line numbers stay right), and
// remembers where each line ends. It gives nothing past the offset
// limit: the JSON decoder then fails with errValueTooLong.
type commentFilter struct {
	limit   int64
	r       *bufio.Reader
	pending []byte
	off     int64
	newline []int64 // offsets of the '\n's passed so far
	midLine bool    // the last piece read did not end a line
	comment bool    // the current line is a comment
	err     error
}

var newlineOnly = []byte{'\n'}

func (c *commentFilter) Read(p []byte) (int, error) {
	if c.off >= c.limit {
		return 0, errValueTooLong
	}
	p = p[:min(int64(len(p)), c.limit-c.off)]
	for len(c.pending) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		line, err := c.r.ReadSlice('\n')
		complete := err == nil
		if errors.Is(err, bufio.ErrBufferFull) {
			err = nil // a long line comes in pieces
		}
		c.err = err
		if !c.midLine {
			t := bytes.TrimLeft(line, " \t\r")
			c.comment = len(t) > 0 && t[0] == '#'
		}
		if c.comment {
			line = nil
			if complete {
				line = newlineOnly
			}
		}
		c.midLine = !complete
		c.pending = line
	}
	n := copy(p, c.pending)
	for i, b := range c.pending[:n] {
		if b == '\n' {
			c.newline = append(c.newline, c.off+int64(i))
		}
	}
	c.pending = c.pending[n:]
	c.off += int64(n)
	return n, nil
}

// lineAt returns the 1-based line of the octet at offset off.
func (c *commentFilter) lineAt(off int64) int {
	return 1 + sort.Search(len(c.newline), func(i int) bool { return c.newline[i] >= off })
}

// encodeObject turns one JSON object into a PDU laid out as version ver.
func encodeObject(data []byte, ver cmpp.Version) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("want a JSON object: %v", err)
	}
	for k, v := range obj {
		if string(v) == "null" {
			delete(obj, k) // null is the same as leaving the field out
		}
	}
	raw, ok := obj["Command_Id"]
	if !ok {
		return nil, &cmpp.EncodeError{Field: "Command_Id", Err: errors.New("missing (give the spec's name, such as \"CMPP_SUBMIT\")")}
	}
	id, err := parseCommandID(raw)
	if err != nil {
		return nil, &cmpp.EncodeError{Field: "Command_Id", Err: err}
	}
	fail := func(field string, err error) error {
		return &cmpp.EncodeError{Command: id, Field: field, Err: err}
	}
	var seq uint32
	if raw, ok := obj["Sequence_Id"]; ok {
		n, err := parseUint(raw, 32)
		if err != nil {
			return nil, fail("Sequence_Id", err)
		}
		seq = uint32(n)
	}

	var p cmpp.Packet
	fields, known := fieldsOf(ver, id)
	allowed := []string{"Total_Length", "Command_Id", "Sequence_Id"}
	if !known {
		allowed = append(allowed, keyBody)
		if err := checkKeys(obj, allowed, id, id.String()); err != nil {
			return nil, err
		}
		r := &cmpp.Raw{Command: id}
		if raw, ok := obj[keyBody]; ok {
			if r.Body, err = parseOctets(raw); err != nil {
				return nil, fail(keyBody, err)
			}
		}
		p = r
	} else {
		if p = cmpp.NewPacket(id); p == nil {
			return nil, fail("Command_Id", errors.New("no Go type for this command (a bug in cmpp)"))
		}
		for _, f := range fields {
			allowed = append(allowed, f.Name)
			if f.Kind == layout.Content {
				allowed = append(allowed, keyUDH, keyReport, keyMOReport)
			}
		}
		if err := checkKeys(obj, allowed, id, id.String()); err != nil {
			return nil, err
		}
		v := reflect.ValueOf(p).Elem()
		for _, f := range fields {
			if err := setField(id, f, v, obj); err != nil {
				return nil, err
			}
		}
		// The derived counts are checked once all the data is in, and so
		// are the views of Msg_Content.
		for _, f := range fields {
			if err := checkCount(id, f, v, obj, fields); err != nil {
				return nil, err
			}
		}
		if err := checkViews(id, p, obj); err != nil {
			return nil, err
		}
	}

	if err := reportAs(ver, p, obj); err != nil {
		return nil, err
	}
	pdu, err := ver.Append(nil, seq, p)
	if err != nil {
		return nil, err
	}
	if raw, ok := obj["Total_Length"]; ok {
		n, err := parseUint(raw, 32)
		if err != nil {
			return nil, fail("Total_Length", err)
		}
		if n != uint64(len(pdu)) {
			return nil, fail("Total_Length", fmt.Errorf("%w: %d, but the PDU is %d octets", cmpp.ErrInvalid, n, len(pdu)))
		}
	}
	return pdu, nil
}

// checkKeys refuses a key that is not a field of the PDU, so that a
// misspelt field name is never silently dropped.
func checkKeys(obj map[string]json.RawMessage, allowed []string, id cmpp.CommandID, what string) error {
	var unknown []string
	for k := range obj {
		if !slices.Contains(allowed, k) && !slices.Contains(captureKeys, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return &cmpp.EncodeError{Command: id, Field: unknown[0],
		Err: fmt.Errorf("not a field of %s (the fields are: %s)", what, strings.Join(allowed, ", "))}
}

// parseCommandID reads a spec name ("CMPP_SUBMIT"), the form an undefined
// id prints as ("CMPP_0x00000003"), or a number, as a JSON number or a
// string.
func parseCommandID(raw json.RawMessage) (cmpp.CommandID, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if id, ok := cmpp.ParseCommandID(s); ok {
			return id, nil
		}
		if n, err := parseUint(raw, 32); err == nil { // "0x80000009", as for every integer
			return cmpp.CommandID(n), nil
		}
		return 0, fmt.Errorf("%w: %q is not a CMPP 3.0 command name (such as \"CMPP_SUBMIT\", or \"CMPP_0x0000000a\" for any other id)", cmpp.ErrInvalid, s)
	}
	n, err := parseUint(raw, 32)
	if err != nil {
		return 0, err
	}
	return cmpp.CommandID(n), nil
}

// parseUint reads an unsigned integer of at most bits bits: a JSON number
// with no fraction or exponent, or a string holding a decimal, 0x hex,
// 0o octal or 0b binary number. It never goes through float64, so a
// 64-bit Msg_Id keeps every bit.
func parseUint(raw json.RawMessage, bits int) (uint64, error) {
	s, base, err := integerText(raw)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseUint(s, base, bits)
	if err != nil {
		return 0, integerError(err, raw, s, bits, "an unsigned integer")
	}
	return n, nil
}

// parseInt reads a signed integer (Last_route_Id) like parseUint.
func parseInt(raw json.RawMessage, bits int) (int64, error) {
	s, base, err := integerText(raw)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, base, bits)
	if err != nil {
		return 0, integerError(err, raw, s, bits, "an integer")
	}
	return n, nil
}

// integerText returns the digits of a JSON integer and the base to parse
// them in: 10 for a JSON number, 0 (any prefix) inside a string.
func integerText(raw json.RawMessage) (string, int, error) {
	s := string(bytes.TrimSpace(raw))
	if !strings.HasPrefix(s, `"`) {
		return s, 10, nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", 0, fmt.Errorf("%w: %v", cmpp.ErrInvalid, err)
	}
	return strings.TrimSpace(s), 0, nil
}

// integerError turns a strconv error into one that says what was wanted.
func integerError(err error, raw json.RawMessage, s string, bits int, want string) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
		return fmt.Errorf("%w: %s does not fit %d octet(s)", cmpp.ErrFieldTooLong, s, bits/8)
	}
	return fmt.Errorf("%w: want %s, got %s", cmpp.ErrInvalid, want, abbrev(string(raw)))
}

// parseOctets reads an octet string: a JSON string (its UTF-8 octets) or
// {"hex": "…"}.
func parseOctets(raw json.RawMessage) ([]byte, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []byte(s), nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		if h, ok := obj["hex"]; ok && len(obj) == 1 {
			return parseHexString(h)
		}
	}
	return nil, fmt.Errorf("%w: want a string or {\"hex\": \"…\"}, got %s", cmpp.ErrInvalid, abbrev(string(raw)))
}

func parseHexString(raw json.RawMessage) ([]byte, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: \"hex\" must be a string", cmpp.ErrInvalid)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: bad \"hex\": %v", cmpp.ErrInvalid, err)
	}
	return b, nil
}

// abbrev shortens a JSON value quoted in an error message.
func abbrev(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// setField sets the Go field of f from obj, if obj has it.
func setField(id cmpp.CommandID, f layout.Field, v reflect.Value, obj map[string]json.RawMessage) error {
	fail := func(err error) error { return &cmpp.EncodeError{Command: id, Field: f.Name, Err: err} }
	fv := v.FieldByName(f.GoName)
	if f.Kind == layout.Content {
		b, err := contentFromJSON(id, v, obj)
		if err != nil {
			return err
		}
		fv.SetBytes(b)
		return nil
	}
	raw, ok := obj[f.Name]
	if !ok || f.Kind == layout.Count {
		return nil
	}
	switch f.Kind {
	case layout.Num, layout.MsgID:
		n, err := parseUint(raw, 8*f.Width)
		if err != nil {
			return fail(err)
		}
		fv.SetUint(n)
	case layout.Int:
		n, err := parseInt(raw, 8*f.Width)
		if err != nil {
			return fail(err)
		}
		fv.SetInt(n)
	case layout.Octets, layout.Raw:
		b, err := parseOctets(raw)
		if err != nil {
			return fail(err)
		}
		fv.SetBytes(b)
	case layout.Auth:
		b, err := parseOctets(raw)
		if err != nil {
			return fail(err)
		}
		if len(b) > fv.Len() {
			return fail(fmt.Errorf("%w: %d octets, field holds %d", cmpp.ErrFieldTooLong, len(b), fv.Len()))
		}
		reflect.Copy(fv, reflect.ValueOf(b))
	case layout.Repeat:
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return fail(fmt.Errorf("%w: want an array of strings or {\"hex\": …}, even for one element", cmpp.ErrInvalid))
		}
		list := make([][]byte, len(elems))
		for i, e := range elems {
			b, err := parseOctets(e)
			if err != nil {
				return fail(fmt.Errorf("element %d: %w", i+1, err))
			}
			list[i] = b
		}
		fv.Set(reflect.ValueOf(list))
	}
	return nil
}

// checkCount checks a derived field (DestUsr_tl, Msg_Length) given in obj
// against the data it counts.
func checkCount(id cmpp.CommandID, f layout.Field, v reflect.Value, obj map[string]json.RawMessage, fields []layout.Field) error {
	raw, ok := obj[f.Name]
	if f.Kind != layout.Count || !ok {
		return nil
	}
	fail := func(err error) error { return &cmpp.EncodeError{Command: id, Field: f.Name, Err: err} }
	n, err := parseUint(raw, 8*f.Width)
	if err != nil {
		return fail(err)
	}
	have := v.FieldByName(f.GoName).Len()
	if n == uint64(have) {
		return nil
	}
	// Name what is counted by its spec name: the field of the same Go field.
	what, unit := f.GoName, "elements"
	for _, g := range fields {
		if g.GoName == f.GoName && g.Kind != layout.Count {
			what = g.Name
			if g.Kind == layout.Content {
				unit = "octets"
			}
		}
	}
	return fail(fmt.Errorf("%w: %d, but %s has %d %s", cmpp.ErrInvalid, n, what, have, unit))
}

// contentFromJSON builds Msg_Content from its "hex", or its "text" encoded
// per Msg_Fmt (after the "UDH"'s "hex" when TP_udhi is set), or, with no
// Msg_Content at all, from a "Report" or "MOReport". v holds the fields
// before Msg_Content, set already. checkViews then checks whatever else
// was given about the content against the octets (views.go).
func contentFromJSON(id cmpp.CommandID, v reflect.Value, obj map[string]json.RawMessage) ([]byte, error) {
	fail := func(err error) error { return &cmpp.EncodeError{Command: id, Field: "Msg_Content", Err: err} }
	raw, ok := obj["Msg_Content"]
	if !ok {
		if r, ok := obj[keyReport]; ok {
			return reportFromJSON(id, keyReport, r, reportFields, new(cmpp.Report))
		}
		if r, ok := obj[keyMOReport]; ok {
			return reportFromJSON(id, keyMOReport, r, moReportFields, new(cmpp.MOReport))
		}
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fail(fmt.Errorf("%w: want {\"hex\": \"…\"} or {\"text\": \"…\"}", cmpp.ErrInvalid))
	}
	for k := range m {
		if k != "hex" && k != "text" {
			return nil, fail(fmt.Errorf("%w: unknown key %q (want \"hex\" or \"text\")", cmpp.ErrInvalid, k))
		}
	}
	if h, ok := m["hex"]; ok {
		b, err := parseHexString(h)
		if err != nil {
			return nil, fail(err)
		}
		return b, nil
	}
	t, ok := m["text"]
	if !ok {
		return nil, nil
	}
	var text string
	if err := json.Unmarshal(t, &text); err != nil {
		return nil, fail(fmt.Errorf("%w: \"text\" must be a string", cmpp.ErrInvalid))
	}
	mf := cmpp.MsgFmt(v.FieldByName("MsgFmt").Uint())
	var udh []byte
	if concat.HasUDHI(uint8(v.FieldByName("TPUDHI").Uint())) {
		var err error
		if udh, err = udhPrefix(obj); err != nil {
			return nil, fail(fmt.Errorf("%w: TP_udhi says the content starts with a User Data Header: give it as \"UDH\": {\"hex\": \"…\"} with the text, or give Msg_Content's \"hex\" (UDH %v)", cmpp.ErrInvalid, err))
		}
	}
	codec, ok := encoding.ForFmt(mf)
	if !ok || mf == cmpp.FmtBinary || mf == cmpp.FmtSIM {
		return nil, fail(fmt.Errorf("%w: Msg_Fmt %d (%v) has no text coding: give \"hex\"", cmpp.ErrInvalid, mf, mf))
	}
	b, err := codec.AppendEncode(udh, []byte(text))
	if err != nil {
		return nil, fail(err)
	}
	return b, nil
}

// reportFromJSON builds a status report (cmpp.Report, always the 71-octet
// form, or cmpp.MOReport) from its JSON object.
func reportFromJSON(id cmpp.CommandID, key string, raw json.RawMessage, fields []layout.Field, r interface {
	AppendBinary([]byte) ([]byte, error)
}) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, &cmpp.EncodeError{Command: id, Field: key, Err: fmt.Errorf("%w: want an object", cmpp.ErrInvalid)}
	}
	var allowed []string
	for _, f := range fields {
		allowed = append(allowed, f.Name)
	}
	if err := checkKeys(obj, allowed, id, key); err != nil {
		var ee *cmpp.EncodeError
		if errors.As(err, &ee) {
			ee.Field = key + "." + ee.Field
		}
		return nil, err
	}
	v := reflect.ValueOf(r).Elem()
	for _, f := range fields {
		if err := setField(id, f, v, obj); err != nil {
			var ee *cmpp.EncodeError
			if errors.As(err, &ee) {
				ee.Field = key + "." + ee.Field
			}
			return nil, err
		}
	}
	b, err := r.AppendBinary(nil)
	if err != nil {
		var ee *cmpp.EncodeError
		if errors.As(err, &ee) {
			return nil, &cmpp.EncodeError{Command: id, Field: key + "." + ee.Field, Err: ee.Err}
		}
		return nil, err
	}
	return b, nil
}
