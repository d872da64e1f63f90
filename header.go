package cmpp

import (
	"bytes"
	"encoding/binary"
	"io"
	"slices"
)

// Header is the 12-octet message header (§8.2, spec reference §3).
type Header struct {
	TotalLength uint32    // Total_Length: octets in the whole PDU, header included
	CommandID   CommandID // Command_Id
	SequenceID  uint32    // Sequence_Id: a response repeats its request's value
}

// ParseHeader decodes the header at the start of b. It rejects a
// Total_Length below HeaderLen or above MaxPacketLen as soon as the first
// four octets are there (the Header it returns then still holds the fields
// b has, for reporting); it does not compare Total_Length with len(b), so
// it can be used on the first 12 octets of a stream.
func ParseHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < 4 {
		return h, &DecodeError{Field: "Total_Length", Offset: 0, Err: ErrTruncated}
	}
	// Every field that is there is read, so that the caller can report
	// which PDU failed, even when Total_Length is refused.
	h.TotalLength = binary.BigEndian.Uint32(b)
	if len(b) >= 8 {
		h.CommandID = CommandID(binary.BigEndian.Uint32(b[4:]))
	}
	if len(b) >= HeaderLen {
		h.SequenceID = binary.BigEndian.Uint32(b[8:])
	}
	if err := checkTotalLength(h.TotalLength, h.CommandID); err != nil {
		return h, err
	}
	switch {
	case len(b) < 8:
		return h, &DecodeError{Field: "Command_Id", Offset: 4, Err: ErrTruncated}
	case len(b) < HeaderLen:
		return h, &DecodeError{Command: h.CommandID, Field: "Sequence_Id", Offset: 8, Err: ErrTruncated}
	}
	return h, nil
}

func checkTotalLength(n uint32, cmd CommandID) error {
	if n < HeaderLen || n > MaxPacketLen {
		return &DecodeError{Command: cmd, Field: "Total_Length", Offset: 0,
			Err: detail(ErrTotalLength, "Total_Length "+itoa(int(n))+" outside ["+itoa(HeaderLen)+", "+itoa(MaxPacketLen)+"]")}
	}
	return nil
}

// SplitPacket is a bufio.SplitFunc that yields one whole PDU per token. A
// Total_Length outside [HeaderLen, MaxPacketLen] stops the scan with a
// *DecodeError before any more input is buffered; a stream that ends inside
// a PDU stops it with io.ErrUnexpectedEOF. Give the bufio.Scanner a buffer
// of at least MaxPacketLen (the default 64 KiB is enough).
func SplitPacket(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if len(data) >= 4 {
		n := binary.BigEndian.Uint32(data)
		var cmd CommandID
		if len(data) >= 8 {
			cmd = CommandID(binary.BigEndian.Uint32(data[4:]))
		}
		if err := checkTotalLength(n, cmd); err != nil {
			return 0, nil, err
		}
		if len(data) >= int(n) {
			return int(n), data[:n:n], nil
		}
	}
	if atEOF && len(data) > 0 {
		return 0, nil, io.ErrUnexpectedEOF
	}
	return 0, nil, nil
}

// ReadPacket reads one PDU from r into buf (reusing its capacity, growing
// it only when it is smaller than the PDU) and returns it. Total_Length is
// checked before the body is read or any memory is allocated. It returns
// io.EOF only when r ends before the first octet, and io.ErrUnexpectedEOF
// when it ends inside a PDU. The result is ready for Decode. It sets no
// deadline: a peer that stops sending blocks it until the connection's
// read deadline, which the caller sets.
func ReadPacket(r io.Reader, buf []byte) ([]byte, error) {
	if cap(buf) < HeaderLen {
		buf = make([]byte, HeaderLen, MaxPacketLen)
	}
	buf = buf[:HeaderLen]
	got, err := io.ReadFull(r, buf)
	if got >= 4 { // a bad Total_Length is reported even if the header is cut short
		var cmd CommandID
		if got >= 8 {
			cmd = CommandID(binary.BigEndian.Uint32(buf[4:]))
		}
		if err := checkTotalLength(binary.BigEndian.Uint32(buf), cmd); err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(buf)
	if cap(buf) < int(n) {
		nb := make([]byte, n)
		copy(nb, buf)
		buf = nb
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf[HeaderLen:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return buf, nil
}

// WritePacket encodes the PDU for p with Sequence_Id seq into a pooled
// buffer and writes it to w with a single Write call (none when p does
// not encode), so writers that share w under a lock never interleave
// PDUs. It sets no deadline: set one on the connection. It writes CMPP
// 3.0; [Version.WritePacket] writes another version.
func WritePacket(w io.Writer, seq uint32, p Packet) error {
	return Version30.WritePacket(w, seq, p)
}

// ---- a decode cursor and an encode writer ----

// reader is a bounds-checked cursor over a body with a sticky first error:
// the field lists whose widths depend on the version (the SUBMIT, DELIVER
// and response bodies of issue 9, which are also the general path that
// gives the errors of SUBMIT and DELIVER) read field after field in spec
// order and check the error once, in finish. Every method returns a zero
// value once an error is set. The other PDUs read constant offsets
// (field.go).
type reader struct {
	b   []byte
	off int
	cmd CommandID
	err error
}

func newReader(cmd CommandID, body []byte) reader { return reader{b: body, cmd: cmd} }

// fail records the first error and empties the cursor, so that every
// later read fails its bounds check without a separate error test.
func (r *reader) fail(field string, err error) {
	if r.err == nil {
		r.err = &DecodeError{Command: r.cmd, Field: field, Offset: HeaderLen + r.off, Err: err}
	}
	r.b, r.off = nil, 0
}

// take returns the next n octets (capacity-limited, so appending to them
// never writes into the input), or nil after an error.
func (r *reader) take(field string, n int) []byte {
	if n > len(r.b)-r.off {
		r.fail(field, ErrTruncated)
		return nil
	}
	s := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return s
}

func (r *reader) u8(field string) uint8 {
	if r.off >= len(r.b) {
		r.fail(field, ErrTruncated)
		return 0
	}
	v := r.b[r.off]
	r.off++
	return v
}

func (r *reader) u32(field string) uint32 {
	if 4 > len(r.b)-r.off {
		r.fail(field, ErrTruncated)
		return 0
	}
	v := binary.BigEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v
}

func (r *reader) u64(field string) uint64 {
	if 8 > len(r.b)-r.off {
		r.fail(field, ErrTruncated)
		return 0
	}
	v := binary.BigEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v
}

// octets reads a fixed-width, left-aligned Octet String: the value ends at
// the first 0x00, which the spec's padding "also ends the string" with
// (spec reference §1), so octets a careless peer leaves after it
// ("13800138000\x00XYZ") are not part of the value. An empty value is nil.
func (r *reader) octets(field string, n int) []byte {
	s := r.take(field, n)
	switch {
	case len(s) > 16:
		return strLong(s)
	case len(s) >= 8:
		return str16(s)
	case len(s) >= 4:
		return strShort(s)
	}
	return str(s)
}

// reserve reads a Reserve or Reserved field: undefined octets rather than
// a string, so only trailing 0x00 octets are dropped and nothing is lost.
func (r *reader) reserve(field string, n int) []byte {
	return trimNUL(r.take(field, n))
}

// raw reads n octets as they are (nil when n is 0): Msg_Content, and the
// right-aligned FWD gateway codes.
func (r *reader) raw(field string, n int) []byte {
	s := r.take(field, n)
	if len(s) == 0 {
		return nil
	}
	return s
}

// repeated reads n fixed-width Octet Strings (each cut like octets) and
// appends them to dst, whose capacity a Decoder reuses.
func (r *reader) repeated(field string, n, width int, dst [][]byte) [][]byte {
	if cap(dst) < n && n*width <= len(r.b)-r.off {
		dst = make([][]byte, 0, n) // one allocation, and none once a Decoder has seen n
	}
	for range n {
		s := r.take(field, width)
		if s == nil {
			break
		}
		dst = append(dst, str(s))
	}
	return dst
}

// array16 reads a 16-octet Octet String kept whole (the authenticators).
func (r *reader) array16(field string) (a [16]byte) {
	copy(a[:], r.take(field, 16))
	return a
}

// finish returns the first error, or ErrTrailingBytes if octets are left.
func (r *reader) finish() error {
	if r.off != len(r.b) && r.err == nil {
		r.trailing()
	}
	return r.err
}

func (r *reader) trailing() {
	n, unit := len(r.b)-r.off, " octets"
	if n == 1 {
		unit = " octet"
	}
	r.err = &DecodeError{Command: r.cmd, Offset: HeaderLen + r.off,
		Err: detail(ErrTrailingBytes, itoa(n)+unit+" after the last field")}
}

// writer fills a body field by field in spec order, with a sticky first
// error. newWriter extends b by the body's exact length (bodyLen) and
// zeroes that region once, so padding costs nothing and a field is one
// copy; AppendBody methods end with w.result(b), which returns b itself on
// error. A field that cannot be written still advances the cursor by its
// width, so later fields stay in bounds.
type writer struct {
	b   []byte
	off int
	cmd CommandID
	err error
}

func newWriter(cmd CommandID, b []byte, size int) writer {
	off := len(b)
	b = slices.Grow(b, size)[:off+size]
	clear(b[off:])
	return writer{b: b, off: off, cmd: cmd}
}

func (w *writer) u8(v uint8) {
	w.b[w.off] = v
	w.off++
}

func (w *writer) u32(v uint32) {
	binary.BigEndian.PutUint32(w.b[w.off:], v)
	w.off += 4
}

func (w *writer) u64(v uint64) {
	binary.BigEndian.PutUint64(w.b[w.off:], v)
	w.off += 8
}

func (w *writer) fail(field string, err error) {
	if w.err == nil {
		w.err = &EncodeError{Command: w.cmd, Field: field, Err: err}
	}
}

func (w *writer) tooLong(field string, got, width int) {
	w.fail(field, detail(ErrFieldTooLong, itoa(got)+" octets, field holds "+itoa(width)))
}

// octets writes v left-aligned in an n-octet field padded with 0x00. A
// longer value is an ErrFieldTooLong error, never truncated; a value
// holding a 0x00 is an ErrInvalid error, because the 0x00 would end the
// string for every reader (see reader.octets).
func (w *writer) octets(field string, v []byte, n int) {
	if len(v) > n || bytes.IndexByte(v, 0) >= 0 {
		w.badOctets(field, v, n)
	} else {
		copy(w.b[w.off:], v)
	}
	w.off += n
}

// badOctets records why octets refused v: the error path, kept out of
// octets, which runs for every string field.
func (w *writer) badOctets(field string, v []byte, n int) {
	if len(v) > n {
		w.tooLong(field, len(v), n)
		return
	}
	w.fail(field, detail(ErrInvalid, "0x00 at octet "+itoa(bytes.IndexByte(v, 0))+" of the value would end the string"))
}

// reserve writes a Reserve or Reserved field as given, left-aligned and
// padded with 0x00; only a value longer than the field is refused.
func (w *writer) reserve(field string, v []byte, n int) {
	if len(v) > n {
		w.tooLong(field, len(v), n)
	} else {
		copy(w.b[w.off:], v)
	}
	w.off += n
}

// count writes a derived one-octet count or length (DestUsr_tl,
// Msg_Length); n above 255 cannot be written.
func (w *writer) count(field string, n int) {
	if n > 255 {
		w.fail(field, detail(ErrFieldTooLong, itoa(n)+" does not fit one octet"))
	}
	w.u8(uint8(n))
}

// bytes writes v whole (Msg_Content, the authenticators).
func (w *writer) bytes(v []byte) {
	w.off += copy(w.b[w.off:], v)
}

// result returns the extended buffer, or orig (the b AppendBody was
// given) and the first error.
func (w *writer) result(orig []byte) ([]byte, error) {
	if w.err != nil {
		return orig, w.err
	}
	return w.b, nil
}

var zeros [32]byte

// cloneBytes returns a copy of b that owns its memory (nil stays nil).
func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

// cloneAll deep-copies a repeated field into one backing array.
func cloneAll(v [][]byte) [][]byte {
	if v == nil {
		return nil
	}
	n := 0
	for _, s := range v {
		n += len(s)
	}
	buf := make([]byte, 0, n)
	out := make([][]byte, len(v))
	for i, s := range v {
		if s == nil {
			continue
		}
		start := len(buf)
		buf = append(buf, s...)
		out[i] = buf[start:len(buf):len(buf)]
	}
	return out
}
