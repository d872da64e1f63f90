package cmpp

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"github.com/go-cmpp/cmpp/internal/layout"
)

// The fast field plumbing. A DecodeBody checks the length of the whole
// body once, up front, then reads every field at its offset through an
// array pointer, (*[N]byte)(body): the offsets are constants (offsets.go,
// rendered from the spec tables of internal/layout), so the compiler drops
// every bounds check. A body of the wrong length goes to bodyError, which
// walks the same spec table field by field to name the field that runs past
// the end, with its offset. AppendBody grows the buffer by the body's
// length, zeroes each fixed run as one constant-size block, and copies
// each non-empty field into place.

// ---- decode ----

// str returns the fixed-width, left-aligned Octet String in s: its octets
// up to the first 0x00, which the spec's padding "also ends the string"
// with (spec reference §1). An empty value is nil; the result keeps the
// capacity of s, the field's width, so appending to it never writes past
// the field.
func str(s []byte) []byte {
	n := nul(s)
	if n == 0 {
		return nil
	}
	return s[:n:len(s)]
}

// strLong is str for a field of 8 octets or more, str16 for one of 8 to
// 16, strShort for one of 4 to 8 and str2 for one of 2: small enough to be
// inlined where str is a call, which matters more than the octets scanned
// (a call makes the caller spill and reload what it holds in registers). strLong tests a
// word at a time in a loop, the last word overlapping its predecessor;
// str16 tests two overlapping words; strShort two overlapping 4-octet
// words. Given a field outside its range a helper panics (too narrow) or
// misses a 0x00 (too wide): every call site reads a constant width, which
// the golden and round-trip tests of its PDU exercise.
func strLong(s []byte) []byte {
	if s[0] == 0 { // empty: most long fields of real traffic are
		return nil
	}
	i, m := -8, uint64(0)
	for m == 0 && i < len(s)-8 {
		i = min(i+8, len(s)-8)
		m = zeroOctets(binary.LittleEndian.Uint64(s[i:]))
	}
	n := i + bits.TrailingZeros64(m)>>3 // len(s) if m is 0: i is len(s)-8
	if n == 0 {
		return nil
	}
	return s[:n:len(s)]
}

// str16 is strLong without the loop, for the fields of 8 to 16 octets: it
// measured a third faster there (Report(), whose times are 10 octets, went
// from 14 to 10 ns), so strLong is left to the fields of 17 and more.
func str16(s []byte) []byte {
	n := bits.TrailingZeros64(zeroOctets(binary.LittleEndian.Uint64(s))) >> 3
	if n == 8 {
		n = len(s) - 8 + bits.TrailingZeros64(zeroOctets(binary.LittleEndian.Uint64(s[len(s)-8:])))>>3
	}
	if n == 0 {
		return nil
	}
	return s[:n:len(s)]
}

func strShort(s []byte) []byte {
	n := firstNUL32(binary.LittleEndian.Uint32(s))
	if n == 4 {
		n = len(s) - 4 + firstNUL32(binary.LittleEndian.Uint32(s[len(s)-4:]))
	}
	if n == 0 {
		return nil
	}
	return s[:n:len(s)]
}

// str2 is str for a field of 2 octets (FeeType): two octet tests, inlined
// where str is a call.
func str2(s []byte) []byte {
	if s[0] == 0 {
		return nil
	}
	if s[1] == 0 {
		return s[:1:len(s)]
	}
	return s[:2:len(s)]
}

// firstNUL32 is the index of the first 0x00 in the 4 octets of w (loaded
// little-endian, so the first octet in memory is the lowest), 4 if none.
func firstNUL32(w uint32) int {
	return bits.TrailingZeros32((w-lowBits&0xFFFFFFFF)&^w&(highBits&0xFFFFFFFF)) >> 3
}

// raw returns s as it is, nil when empty: Msg_Content, and the right-aligned
// FWD gateway codes.
func raw(s []byte) []byte {
	if len(s) == 0 {
		return nil
	}
	return s[:len(s):len(s)]
}

// reserve returns a Reserve or Reserved field: undefined octets rather than
// a string, so only the trailing 0x00 octets are dropped (DESIGN §3).
func reserve(s []byte) []byte { return trimNUL(s[:len(s):len(s)]) }

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// zeroOctets sets the top bit of each octet of w that is 0x00, exactly for
// the lowest such octet (the borrow can only mark octets above it): the
// classic has-a-zero-octet test. Loaded little-endian, the lowest octet of
// w is the first in memory, so bits.TrailingZeros64 gives the first 0x00.
func zeroOctets(w uint64) uint64 { return (w - lowBits) &^ w & highBits }

// nul returns the index of the first 0x00 in s, or len(s) if there is
// none, eight octets at a time: a field at least 8 wide is read as whole
// words, the last one overlapping its predecessor (whose octets are known
// to be non-zero by then), and a narrower one as two overlapping 4-octet
// words. No field is read octet by octet but a 2-octet one, and nul calls
// nothing, so it runs without a stack frame.
func nul(s []byte) int {
	n := len(s)
	if n >= 8 {
		i := 0
		for ; i <= n-8; i += 8 {
			if m := zeroOctets(binary.LittleEndian.Uint64(s[i:])); m != 0 {
				return i + bits.TrailingZeros64(m)>>3
			}
		}
		if i < n {
			if m := zeroOctets(binary.LittleEndian.Uint64(s[n-8:])); m != 0 {
				return n - 8 + bits.TrailingZeros64(m)>>3
			}
		}
		return n
	}
	if n >= 4 {
		if m := zeroOctets(uint64(binary.LittleEndian.Uint32(s)) | 0x01010101<<32); m != 0 {
			return bits.TrailingZeros64(m) >> 3
		}
		if m := zeroOctets(uint64(binary.LittleEndian.Uint32(s[n-4:])) | 0x01010101<<32); m != 0 {
			return n - 4 + bits.TrailingZeros64(m)>>3
		}
		return n
	}
	for i, c := range s {
		if c == 0 {
			return i
		}
	}
	return n
}

// trimNUL drops trailing 0x00 octets, eight at a time where it can; an
// all-zero field gives nil. Only Reserve fields are read this way.
func trimNUL(s []byte) []byte {
	i := len(s)
	if i > 0 && s[i-1] != 0 { // a field filled to its width
		return s
	}
	for i >= 8 {
		if w := binary.BigEndian.Uint64(s[i-8:]); w != 0 {
			return s[:i-bits.TrailingZeros64(w)>>3]
		}
		i -= 8
	}
	for i > 0 && s[i-1] == 0 {
		i--
	}
	if i == 0 {
		return nil
	}
	return s[:i]
}

// strs appends the Octet Strings of a repeated field (each cut like str)
// in s, width octets each (at least 8), to dst, whose capacity a Decoder
// reuses.
func strs(dst [][]byte, s []byte, width int) [][]byte {
	n := len(s) / width
	if cap(dst) < n {
		dst = make([][]byte, n) // one allocation, and none once a Decoder has seen n
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = strLong(s[i*width : (i+1)*width : (i+1)*width])
	}
	return dst
}

// bodyError is the slow path of every DecodeBody: body does not have the
// length its counts call for. It walks the spec table of cmd field by
// field, as a reader consuming the body would, and returns the error for
// the first field that runs past the end (ErrTruncated, at that field's
// PDU offset), or ErrTrailingBytes if octets are left after the last one.
// A count field (DestUsr_tl, Msg_Length) sizes the field it counts.
func bodyError(cmd CommandID, fields []layout.Field, body []byte) error {
	off := 0
	counts := map[string]int{} // GoName of the counted field → its count
	truncated := func(name string) error {
		return &DecodeError{Command: cmd, Field: name, Offset: HeaderLen + off, Err: ErrTruncated}
	}
	for _, f := range fields {
		switch f.Kind {
		case layout.Repeat:
			for range counts[f.GoName] {
				if off+f.Width > len(body) {
					return truncated(f.Name)
				}
				off += f.Width
			}
			continue
		case layout.Content:
			n := counts[f.GoName]
			if off+n > len(body) {
				return truncated(f.Name)
			}
			off += n
			continue
		}
		if off+f.Width > len(body) {
			return truncated(f.Name)
		}
		if f.Kind == layout.Count {
			counts[f.GoName] = int(body[off])
		}
		off += f.Width
	}
	return trailingError(cmd, HeaderLen+off, len(body)-off)
}

// trailingError is the ErrTrailingBytes of n octets left at PDU offset off.
func trailingError(cmd CommandID, off, n int) error {
	unit := " octets"
	if n == 1 {
		unit = " octet"
	}
	return &DecodeError{Command: cmd, Offset: off,
		Err: detail(ErrTrailingBytes, itoa(n)+unit+" after the last field")}
}

// ---- encode ----

// grow extends b by n octets and returns the extended buffer and the new
// octets. They are not zeroed: AppendBody clears each fixed run with a
// constant-size store and copies the variable ones whole.
func grow(b []byte, n int) (out, body []byte) {
	off := len(b)
	out = slices.Grow(b, n)[:off+n]
	return out, out[off:]
}

// encoder collects the first error of an AppendBody, which writes every
// field anyway (a field that cannot be written is left as it is) and
// returns the original buffer if there was one. The fast path only notes
// which field failed, with its value and width; error builds the error.
type encoder struct {
	cmd   CommandID
	field string // the first field that could not be written
	v     []byte // its value
	width int    // its width
	err   error  // or the error itself, for the other failures
}

// failed notes the first field that could not be written (if an error
// came first, error reports that one).
func (e *encoder) failed(field string, v []byte, width int) {
	if e.field == "" {
		e.field, e.v, e.width = field, v, width
	}
}

func (e *encoder) fail(field string, err error) {
	if e.field == "" && e.err == nil {
		e.err = &EncodeError{Command: e.cmd, Field: field, Err: err}
	}
}

// str writes v left-aligned into the zeroed field dst, so the padding is
// 0x00. A value longer than the field is an ErrFieldTooLong error, never
// truncated; a value holding a 0x00 is an ErrInvalid error, because that
// 0x00 would end the string for every reader (DESIGN §3). It copies a
// word at a time, testing each word for a 0x00 as it goes, and calls
// nothing (on failure it only notes the field; error builds the error), so
// it runs without a stack frame.
func (e *encoder) str(field string, dst, v []byte) {
	if len(v) != 0 { // most fields of real traffic are empty: no call for them
		e.put(field, dst, v)
	}
}

// put is str for a non-empty value.
func (e *encoder) put(field string, dst, v []byte) {
	n := len(v)
	if n > len(dst) {
		e.failed(field, v, len(dst))
		return
	}
	if n < 4 {
		for i, c := range v {
			if c == 0 {
				e.failed(field, v, len(dst))
				return
			}
			dst[i] = c
		}
		return
	}
	if n < 8 { // two overlapping 4-octet words
		a, b := binary.LittleEndian.Uint32(v), binary.LittleEndian.Uint32(v[n-4:])
		if firstNUL32(a) != 4 || firstNUL32(b) != 4 {
			e.failed(field, v, len(dst))
			return
		}
		binary.LittleEndian.PutUint32(dst, a)
		binary.LittleEndian.PutUint32(dst[n-4:], b)
		return
	}
	width := len(dst)
	dst = dst[:n]
	i := 0
	for ; i <= n-8; i += 8 {
		w := binary.LittleEndian.Uint64(v[i:])
		if zeroOctets(w) != 0 {
			e.failed(field, v, width)
			return
		}
		binary.LittleEndian.PutUint64(dst[i:], w)
	}
	if i < n {
		w := binary.LittleEndian.Uint64(v[n-8:])
		if zeroOctets(w) != 0 {
			e.failed(field, v, width)
			return
		}
		binary.LittleEndian.PutUint64(dst[n-8:], w)
	}
}

// reserve writes a Reserve or Reserved field as given, left-aligned and
// padded with 0x00; only a value longer than the field is refused.
func (e *encoder) reserve(field string, dst, v []byte) {
	if len(v) > len(dst) {
		e.tooLong(field, len(v), len(dst))
		return
	}
	copy(dst, v)
}

// right writes v right-aligned in dst, padded on the left with ASCII '0'
// (the FWD gateway codes, §8.1); a longer value is an ErrFieldTooLong
// error.
func (e *encoder) right(field string, dst, v []byte) {
	if len(v) > len(dst) {
		e.tooLong(field, len(v), len(dst))
		return
	}
	pad := len(dst) - len(v)
	for i := range pad {
		dst[i] = '0'
	}
	copy(dst[pad:], v)
}

// count returns a derived one-octet count or length (DestUsr_tl,
// Msg_Length); n above 255 cannot be written.
func (e *encoder) count(field string, n int) uint8 {
	if n > 255 {
		e.countTooLarge(field, n)
	}
	return uint8(n)
}

func (e *encoder) countTooLarge(field string, n int) {
	e.fail(field, detail(ErrFieldTooLong, itoa(n)+" does not fit one octet"))
}

func (e *encoder) tooLong(field string, got, width int) {
	e.fail(field, detail(ErrFieldTooLong, itoa(got)+" octets, field holds "+itoa(width)))
}

// result returns out, or orig (the b AppendBody was given) and the first
// error.
func (e *encoder) result(orig, out []byte) ([]byte, error) {
	if e.field == "" && e.err == nil {
		return out, nil
	}
	return orig, e.error()
}

func (e *encoder) error() error {
	if e.err != nil {
		return e.err
	}
	if len(e.v) > e.width {
		return &EncodeError{Command: e.cmd, Field: e.field,
			Err: detail(ErrFieldTooLong, itoa(len(e.v))+" octets, field holds "+itoa(e.width))}
	}
	return &EncodeError{Command: e.cmd, Field: e.field,
		Err: detail(ErrInvalid, "0x00 at octet "+itoa(nul(e.v))+" of the value would end the string")}
}
