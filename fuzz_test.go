package cmpp

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-cmpp/cmpp/internal/layout"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// malformedCase is one file of testdata/malformed: a PDU broken on purpose
// and what the decoder must make of it (see mkmalformed.py there).
type malformedCase struct {
	name     string
	pdu      []byte
	expect   []string // "ok" or "error FIELD OFFSET SENTINEL"
	validate string   // field Validate must name, or ""
	report   []string // "ok LEN" or "error FIELD OFFSET", or nil
}

func loadMalformed(t testing.TB) []malformedCase {
	t.Helper()
	files, _ := filepath.Glob("testdata/malformed/*.hex")
	if len(files) < 19 {
		t.Fatalf("found %d malformed cases, want at least 19", len(files))
	}
	var out []malformedCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := malformedCase{name: strings.TrimSuffix(filepath.Base(f), ".hex")}
		for line := range strings.SplitSeq(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "# expect: "); ok {
				c.expect = strings.Fields(v)
			} else if v, ok := strings.CutPrefix(line, "# expect-validate: "); ok {
				c.validate = v
			} else if v, ok := strings.CutPrefix(line, "# expect-report: "); ok {
				c.report = strings.Fields(v)
			}
		}
		pdus, err := parseHexLines(string(data))
		if err != nil || len(pdus) != 1 || c.expect == nil {
			t.Fatalf("%s: bad case file (%v)", f, err)
		}
		c.pdu = pdus[0]
		out = append(out, c)
	}
	return out
}

var sentinels = map[string]error{
	"truncated":          ErrTruncated,
	"trailing_bytes":     ErrTrailingBytes,
	"bad_Total_Length":   ErrTotalLength,
	"unknown_Command_Id": ErrUnknownCommand,
}

// TestMalformed runs the malformed corpus: Total_Length 0, 3, 11, 12 for a
// body PDU, MaxPacketLen+1 and 0xFFFFFFFF; Msg_Length past the end;
// DestUsr_tl 0, 100, 255; 60-, 71- and 70-octet reports; a 2.0-layout
// SUBMIT; trailing bytes; unknown Command_Ids. Each file says what it
// expects.
func TestMalformed(t *testing.T) {
	for _, c := range loadMalformed(t) {
		t.Run(c.name, func(t *testing.T) {
			_, p, err := Decode(c.pdu)
			if c.expect[0] == "error" {
				off, _ := strconv.Atoi(c.expect[2])
				field := strings.TrimPrefix(c.expect[1], "-")
				var de *DecodeError
				if !errors.As(err, &de) || de.Field != field || de.Offset != off || !errors.Is(err, sentinels[c.expect[3]]) {
					t.Errorf("err = %v (%#v), want %v", err, de, c.expect)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if c.validate != "" {
				err := p.(interface{ Validate() error }).Validate()
				var ee *EncodeError
				require.ErrorAs(t, err, &ee)
				assert.Equal(t, c.validate, ee.Field)
				assert.Equal(t, OpValidate, ee.Op)
				assert.ErrorIs(t, err, ErrInvalid)
			}
			if c.report != nil {
				r, err := p.(*Deliver).Report()
				if c.report[0] == "ok" {
					if n, _ := strconv.Atoi(c.report[1]); err != nil || r.Len != n {
						t.Errorf("Report = %+v, %v; want a %d-octet report", r, err, n)
					}
				} else {
					off, _ := strconv.Atoi(c.report[2])
					var de *DecodeError
					if !errors.As(err, &de) || de.Field != c.report[1] || de.Offset != off {
						t.Errorf("Report error = %v, want %v", err, c.report)
					}
				}
			}
		})
	}
}

// fuzzVersions are the versions FuzzDecode decodes as, picked by its ver
// argument: 3.0, 2.0, 2.1, and the zero value (3.0).
var fuzzVersions = []Version{Version30, Version20, Version21, 0}

// seedDecode adds every fixture and malformed case, plus minimal PDUs,
// each as the version it is (index into fuzzVersions), and the fixtures of
// the PDUs whose layout differs also as the other version.
func seedDecode(f *testing.F) {
	for _, fx := range loadFixtures(f) {
		f.Add(fx.pdu, uint8(0))
		f.Add(fx.pdu, uint8(1))
	}
	for _, fx := range loadFixtures20(f) {
		f.Add(fx.pdu, uint8(1))
		f.Add(fx.pdu, uint8(2))
		f.Add(fx.pdu, uint8(3))
	}
	for _, c := range loadMalformed(f) {
		f.Add(c.pdu, uint8(0))
	}
	f.Add([]byte{}, uint8(0))
	f.Add(header(12, CmdActiveTest, 0), uint8(1))
}

// FuzzDecode: no input panics, under every version (ver picks one of
// fuzzVersions); Decode and Decoder.Decode agree; whatever decodes
// re-encodes as the same version (with len(AppendBody) == bodyLen()) to
// its canonical form: the input itself when every left-aligned Octet
// String is padded with 0x00 only, otherwise the input with the octets
// after each string's first 0x00 zeroed (DESIGN §3); and the canonical
// form is stable: it decodes and re-encodes to itself. A status report in
// it parses or fails cleanly.
func FuzzDecode(f *testing.F) {
	seedDecode(f)
	var d Decoder
	f.Fuzz(func(t *testing.T, pdu []byte, ver uint8) {
		v := fuzzVersions[int(ver)%len(fuzzVersions)]
		d.Version = v
		h1, p1, err1 := v.Decode(pdu)
		h2, p2, err2 := d.Decode(pdu)
		require.Equal(t, err1 == nil, err2 == nil, "Decode and Decoder.Decode disagree: %v / %v", err1, err2)
		require.Equal(t, h1, h2)
		if err1 != nil {
			require.Equal(t, err1.Error(), err2.Error())
			var de *DecodeError
			require.ErrorAs(t, err1, &de)
			return
		}
		// The reused value (nil and empty slices aside) holds the same fields.
		ss := spansAs(t, v, h1, p1)
		require.Equal(t, dump(ss), dump(spansAs(t, v, h2, p2)), "Decode and Decoder.Decode give different values")

		out, err := v.Append(nil, h1.SequenceID, p1)
		require.NoError(t, err, "a decoded value must re-encode")
		require.Equal(t, canonicalize(pdu, ss), out, "re-encoding is not the canonical form of the input")
		body, _ := appendBodyAs(v, p1, nil)
		require.Len(t, body, bodyLenAs(v, p1))

		_, p3, err := v.Decode(out)
		require.NoError(t, err, "the canonical form must decode")
		again, err := v.Append(nil, h1.SequenceID, p3)
		require.NoError(t, err)
		require.Equal(t, out, again, "the canonical form is not stable")

		switch p := p1.(type) {
		case *Deliver:
			checkReport(t, p.Report)
		case *Fwd:
			checkReport(t, p.Report)
			if _, err := p.MOReport(); err != nil {
				var de *DecodeError
				require.ErrorAs(t, err, &de)
			}
		}
		if val, ok := p1.(interface{ Validate() error }); ok {
			if err := val.Validate(); err != nil {
				var ee *EncodeError
				require.ErrorAs(t, err, &ee)
				require.Equal(t, OpValidate, ee.Op, "a Validate error must say it is one: %v", err)
			}
		}
		if val, ok := p1.(interface{ ValidateVersion(Version) error }); ok {
			if err := val.ValidateVersion(v); err != nil && !errors.As(err, new(*EncodeError)) {
				t.Fatalf("ValidateVersion error is not an *EncodeError: %v", err)
			}
		}
	})
}

// canonicalize returns a copy of pdu with the octets after the first 0x00
// of every left-aligned Octet String (Reserve fields and the right-aligned
// FWD codes excepted) set to 0x00: what the encoder writes for the values
// the decoder reads. ss are the PDU's fields, from spans.
func canonicalize(pdu []byte, ss []span) []byte {
	out := bytes.Clone(pdu)
	for _, s := range ss {
		if s.kind != kOctets && s.kind != kRepeat || s.reserve || strings.Contains(s.name, ".") {
			continue
		}
		field := out[s.off : s.off+s.width]
		if i := bytes.IndexByte(field, 0); i >= 0 {
			clear(field[i:])
		}
	}
	return out
}

func checkReport(t *testing.T, parse func() (Report, error)) {
	r, err := parse()
	if err != nil {
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("Report error is not a *DecodeError: %v", err)
		}
		return
	}
	if r.Len != ReportLen && r.Len != ReportLen20 {
		t.Fatalf("Report.Len = %d", r.Len)
	}
	out, err := r.AppendBinary(nil)
	if err != nil || len(out) != ReportLen {
		t.Fatalf("report re-encodes to %d octets, %v", len(out), err)
	}
}

// FuzzReport: the status report parser on arbitrary content never panics,
// and a report it accepts re-encodes to the 71-octet form of the same
// values (the 60-octet form's number padded to 32 octets); a 71-octet
// report re-encodes to its canonical form (each string's octets after its
// first 0x00 zeroed, DESIGN §3).
func FuzzReport(f *testing.F) {
	f.Add(mustHex(f, report71Hex))
	f.Add(mustHex(f, report60Hex))
	f.Add(make([]byte, 70))
	f.Fuzz(func(t *testing.T, content []byte) {
		d := &Deliver{RegisteredDelivery: 1, MsgContent: content}
		r, err := d.Report()
		if err != nil {
			if len(content) == ReportLen || len(content) == ReportLen20 {
				t.Fatalf("a %d-octet report failed: %v", len(content), err)
			}
			return
		}
		out, err := r.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		d.MsgContent = out
		r2, err := d.Report()
		if err != nil {
			t.Fatal(err)
		}
		r.Len = ReportLen
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("report round trip:\n%+v\n%+v", r, r2)
		}
		if len(content) == ReportLen {
			want, off := bytes.Clone(content), 0
			for _, f := range layout.Report {
				if f.Kind == kOctets {
					field := want[off : off+f.Width]
					if i := bytes.IndexByte(field, 0); i >= 0 {
						clear(field[i:])
					}
				}
				off += f.Width
			}
			require.Equal(t, want, out, "a 71-octet report re-encodes to something else than its canonical form")
		}
	})
}

// FuzzParseHeader: never panics; a Total_Length it accepts is in bounds.
func FuzzParseHeader(f *testing.F) {
	f.Add(header(39, CmdConnect, 1))
	f.Add([]byte{0, 0, 0})
	f.Add(header(0xFFFFFFFF, CmdSubmit, 1))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if err == nil && (h.TotalLength < HeaderLen || h.TotalLength > MaxPacketLen || len(b) < HeaderLen) {
			t.Fatalf("accepted %+v from %d octets", h, len(b))
		}
		if err != nil && !errors.As(err, new(*DecodeError)) {
			t.Fatalf("error is not a *DecodeError: %v", err)
		}
	})
}

// FuzzSplitPacket frames an arbitrary stream with SplitPacket (fed in
// small reads) and with ReadPacket: both yield the same PDUs, each exactly
// its Total_Length, never longer than MaxPacketLen, and stop on the same
// kind of error.
func FuzzSplitPacket(f *testing.F) {
	var all []byte
	for _, fx := range loadFixtures(f) {
		all = append(all, fx.pdu...)
		f.Add(fx.pdu, uint8(7))
	}
	f.Add(all, uint8(1))
	f.Add(append(header(20, CmdActiveTest, 1), 1, 2), uint8(3))
	f.Fuzz(func(t *testing.T, stream []byte, chunk uint8) {
		sc := bufio.NewScanner(&chunkReader{b: stream, n: int(chunk%64) + 1})
		sc.Buffer(make([]byte, 0, MaxPacketLen), MaxPacketLen)
		sc.Split(SplitPacket)
		var split [][]byte
		for sc.Scan() {
			tok := sc.Bytes()
			if len(tok) < HeaderLen || len(tok) > MaxPacketLen || int(binary.BigEndian.Uint32(tok)) != len(tok) {
				t.Fatalf("bad token of %d octets", len(tok))
			}
			split = append(split, bytes.Clone(tok))
		}
		r := bytes.NewReader(stream)
		buf := make([]byte, 0, MaxPacketLen)
		var read [][]byte
		var rerr error
		for {
			pdu, err := ReadPacket(r, buf)
			if err != nil {
				rerr = err
				break
			}
			if cap(pdu) > MaxPacketLen {
				t.Fatalf("ReadPacket grew a buffer to %d", cap(pdu))
			}
			read = append(read, bytes.Clone(pdu))
		}
		if errors.Is(rerr, ErrTotalLength) {
			// ReadPacket stops right after the bad header, reading no body.
			consumed := 0
			for _, p := range read {
				consumed += len(p)
			}
			if left := len(stream) - consumed; r.Len() != left-min(left, HeaderLen) {
				t.Fatalf("ReadPacket read past a bad header: %d of %d octets left", r.Len(), left)
			}
		}
		if len(split) != len(read) {
			t.Fatalf("SplitPacket gave %d PDUs, ReadPacket %d (%v / %v)", len(split), len(read), sc.Err(), rerr)
		}
		for i := range split {
			if !bytes.Equal(split[i], read[i]) {
				t.Fatalf("PDU %d differs", i)
			}
		}
		serr := sc.Err()
		switch {
		case rerr == io.EOF:
			if serr != nil {
				t.Fatalf("clean end, but SplitPacket: %v", serr)
			}
		case rerr == io.ErrUnexpectedEOF:
			if serr != io.ErrUnexpectedEOF {
				t.Fatalf("ReadPacket: unexpected EOF, SplitPacket: %v", serr)
			}
		case errors.Is(rerr, ErrTotalLength):
			if !errors.Is(serr, ErrTotalLength) {
				t.Fatalf("ReadPacket: %v, SplitPacket: %v", rerr, serr)
			}
		default:
			t.Fatalf("ReadPacket: unexpected error %v", rerr)
		}
	})
}

// chunkReader returns at most n octets per Read.
type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[n:]
	return n, nil
}

// ---- structured round trips: random field values → Append → Decode ----

// filler fills a PDU's fields from fuzz data: integers take octets,
// []byte fields take a length octet (up to a little past the field's
// width, so over-long values are tried too) and that many octets.
type filler struct{ b []byte }

func (f *filler) next() byte {
	if len(f.b) == 0 {
		return 0
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c
}

func (f *filler) bytes(max int) []byte {
	n := int(f.next()) % (max + 1)
	n = min(n, len(f.b))
	s := f.b[:n:n]
	f.b = f.b[n:]
	return s
}

// fill sets every field of the PDU value p from the data, using the layout
// table for the widths.
func (f *filler) fill(p Packet) {
	lay := layouts[p.CommandID()]
	width := map[string]int{}
	for _, lf := range lay {
		if lf.Kind != kCount {
			width[lf.GoName] = lf.Width
		}
	}
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		fv, name := v.Field(i), v.Type().Field(i).Name
		if _, ok := width[name]; !ok {
			continue // a field of another version's layout stays zero
		}
		switch fv.Kind() {
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			var u uint64
			for range fv.Type().Size() {
				u = u<<8 | uint64(f.next())
			}
			fv.SetUint(u)
		case reflect.Int32:
			fv.SetInt(int64(int32(uint32(f.next())<<24 | uint32(f.next())<<16 | uint32(f.next())<<8 | uint32(f.next()))))
		case reflect.Array:
			for j := range fv.Len() {
				fv.Index(j).SetUint(uint64(f.next()))
			}
		case reflect.Slice:
			w := width[name]
			if fv.Type().Elem().Kind() == reflect.Slice { // repeated field
				n := int(f.next()) % 4
				if f.next() == 0xFF {
					n = 256 // one past what DestUsr_tl can say
				}
				items := make([][]byte, n)
				for j := range items {
					items[j] = f.bytes(w + 1)
				}
				fv.Set(reflect.ValueOf(items))
				continue
			}
			if w == 0 { // Msg_Content
				w = 260
			}
			fv.SetBytes(f.bytes(w + 2))
		}
	}
}

// expected is what decoding the encoding of p must give: Octet Strings
// as they are (roundTrip has checked they hold no 0x00), Reserve fields
// without their trailing 0x00s, right-aligned FWD codes with their '0'
// padding, and empty values nil.
func expected(p Packet) Packet {
	q := reflect.New(reflect.TypeOf(p).Elem())
	q.Elem().Set(reflect.ValueOf(p).Elem())
	v := q.Elem()
	for _, lf := range layouts[p.CommandID()] {
		fv := v.FieldByName(lf.GoName)
		switch lf.Kind {
		case kOctets:
			if lf.IsReserve() {
				fv.SetBytes(nilIfEmpty(bytes.TrimRight(fv.Bytes(), "\x00")))
			} else {
				fv.SetBytes(nilIfEmpty(fv.Bytes()))
			}
		case kRaw:
			b := append(bytes.Repeat([]byte("0"), lf.Width-fv.Len()), fv.Bytes()...)
			fv.SetBytes(b)
		case kContent:
			if fv.Len() == 0 {
				fv.SetBytes(nil)
			}
		case kRepeat:
			if fv.Len() == 0 {
				fv.Set(reflect.Zero(fv.Type()))
				continue
			}
			items := make([][]byte, fv.Len())
			for i := range items {
				items[i] = nilIfEmpty(fv.Index(i).Bytes())
			}
			fv.Set(reflect.ValueOf(items))
		}
	}
	return q.Interface().(Packet)
}

// unwritable reports the first field of p, in wire order, that cannot be
// encoded (too long, or a left-aligned string holding a 0x00), or "".
func unwritable(p Packet) string {
	v := reflect.ValueOf(p).Elem()
	bad := func(lf layoutField, b []byte) bool {
		return len(b) > lf.Width || !lf.IsReserve() && bytes.IndexByte(b, 0) >= 0
	}
	for _, lf := range layouts[p.CommandID()] {
		fv := v.FieldByName(lf.GoName)
		switch {
		case lf.Kind == kCount && fv.Len() > 255:
			return lf.Name
		case lf.Kind == kRaw && fv.Len() > lf.Width:
			return lf.Name
		case lf.Kind == kOctets && bad(lf, fv.Bytes()):
			return lf.Name
		case lf.Kind == kRepeat:
			for i := range fv.Len() {
				if bad(lf, fv.Index(i).Bytes()) {
					return lf.Name
				}
			}
		}
	}
	if HeaderLen+p.bodyLen() > MaxPacketLen {
		return "Total_Length"
	}
	return ""
}

// nilIfEmpty is how the decoder returns an empty Octet String.
func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

func roundTrip(t *testing.T, p Packet, seq uint32) {
	t.Helper()
	b, err := Append(nil, seq, p)
	want := unwritable(p)
	if err != nil {
		var ee *EncodeError
		if !errors.As(err, &ee) || ee.Field != want || ee.Command != p.CommandID() {
			t.Fatalf("Append: %v, want an *EncodeError for %q", err, want)
		}
		if b != nil {
			t.Fatalf("Append returned %d octets with an error", len(b))
		}
		return
	}
	if want != "" {
		t.Fatalf("Append accepted an unwritable %s", want)
	}
	if len(b) != HeaderLen+p.bodyLen() {
		t.Fatalf("wrote %d octets, bodyLen says %d", len(b), HeaderLen+p.bodyLen())
	}
	h, q, err := Decode(b)
	if err != nil || h.SequenceID != seq || h.CommandID != p.CommandID() {
		t.Fatalf("Decode(Append(p)): %+v, %v", h, err)
	}
	if exp := expected(p); !reflect.DeepEqual(exp, q) {
		t.Fatalf("round trip differs:\nwant %#v\ngot  %#v", exp, q)
	}
}

// fuzzRoundTrip runs the structured round trip over the PDU types ids:
// seq picks the type (ids[seq%len(ids)]) and is the Sequence_Id; the data
// fills its fields. The fixtures of those types are the seeds, each with
// the seq that picks its own type.
func fuzzRoundTrip(f *testing.F, ids ...CommandID) {
	for _, fx := range loadFixtures(f) {
		h, _ := ParseHeader(fx.pdu)
		if i := slices.Index(ids, h.CommandID); i >= 0 {
			f.Add(uint8(i), fx.pdu[HeaderLen:])
		}
	}
	f.Add(uint8(1), bytes.Repeat([]byte{0xFF}, 400))
	f.Add(uint8(2), []byte{})
	f.Fuzz(func(t *testing.T, seq uint8, data []byte) {
		p := NewPacket(ids[int(seq)%len(ids)])
		(&filler{data}).fill(p)
		roundTrip(t, p, uint32(seq))
	})
}

func FuzzSubmitRoundTrip(f *testing.F) { fuzzRoundTrip(f, CmdSubmit) }

// FuzzDeliverRoundTrip also builds a status report from the data and
// checks it survives a DELIVER round trip.
func FuzzDeliverRoundTrip(f *testing.F) {
	for _, fx := range loadFixtures(f) {
		if h, _ := ParseHeader(fx.pdu); h.CommandID == CmdDeliver {
			f.Add(uint8(0), fx.pdu[HeaderLen:])
		}
	}
	f.Fuzz(func(t *testing.T, seq uint8, data []byte) {
		fl := &filler{data}
		p := &Deliver{}
		fl.fill(p)
		roundTrip(t, p, uint32(seq))

		r := Report{MsgID: MsgID(p.MsgID), Stat: fl.bytes(8), SubmitTime: fl.bytes(11), DoneTime: fl.bytes(11),
			DestTerminalID: fl.bytes(33), SMSCSequence: uint32(seq)}
		content, err := r.AppendBinary(nil)
		writable := func(b []byte, width int) bool { return len(b) <= width && bytes.IndexByte(b, 0) < 0 }
		if err != nil {
			if writable(r.Stat, 7) && writable(r.SubmitTime, 10) && writable(r.DoneTime, 10) && writable(r.DestTerminalID, 32) {
				t.Fatalf("AppendBinary refused a report that fits: %v", err)
			}
			require.ErrorAs(t, err, new(*EncodeError))
			return
		}
		p.RegisteredDelivery, p.MsgContent = 1, content
		b, err := Append(nil, uint32(seq), p)
		if err != nil {
			return // an over-long DELIVER field, checked above
		}
		_, q, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := q.(*Deliver).Report()
		want := Report{MsgID: r.MsgID, Stat: nilIfEmpty(r.Stat), SubmitTime: nilIfEmpty(r.SubmitTime), DoneTime: nilIfEmpty(r.DoneTime),
			DestTerminalID: nilIfEmpty(r.DestTerminalID), SMSCSequence: r.SMSCSequence, Len: ReportLen}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("report round trip: %+v, %v; want %+v", got, err, want)
		}
	})
}

func FuzzFwdRoundTrip(f *testing.F) { fuzzRoundTrip(f, CmdFwd, CmdFwdResp) }

func FuzzConnectRoundTrip(f *testing.F) { fuzzRoundTrip(f, CmdConnect, CmdConnectResp) }

// FuzzRouteRoundTrip covers the 16 GNS PDUs.
func FuzzRouteRoundTrip(f *testing.F) {
	fuzzRoundTrip(f,
		CmdMTRoute, CmdMTRouteResp, CmdMORoute, CmdMORouteResp, CmdGetMTRoute, CmdGetMTRouteResp,
		CmdGetMORoute, CmdGetMORouteResp, CmdMTRouteUpdate, CmdMTRouteUpdateResp, CmdMORouteUpdate,
		CmdMORouteUpdateResp, CmdPushMTRouteUpdate, CmdPushMTRouteUpdateResp, CmdPushMORouteUpdate,
		CmdPushMORouteUpdateResp)
}
