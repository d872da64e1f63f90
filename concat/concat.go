// Package concat splits long messages into concatenated CMPP segments and
// joins received segments again (spec reference §5.7; 3GPP TS 23.040
// §9.2.3.24.1 and .8).
//
// # Sending
//
// A text too long for one message (more than 159 octets of ASCII, more
// than 140 of anything else) is sent as up to 255 CMPP_SUBMITs, each with
// TP_udhi = 1, Pk_total and Pk_number set, and a User Data Header at the
// start of Msg_Content carrying a concatenation information element:
//
//	8-bit reference:  05 00 03 RR TT SS     6 octets, 134 octets of payload
//	16-bit reference: 06 08 04 RR RR TT SS  7 octets, 133 octets of payload
//
// Every segment, header included, is at most 140 octets ([MaxSegmentLen]),
// for ASCII as for the other formats: a segment with a UDH is 8-bit data on
// the air, and 140 octets is what every gateway accepts. (A gateway that
// re-packs ASCII into the GSM 7-bit alphabet could carry 153 characters;
// this package does not rely on that.) A segment never ends inside a
// character: not inside a UCS2 code unit or surrogate pair, nor inside a
// two- or four-octet GBK/GB18030 sequence ([cmppenc.CutLen]).
//
// [SubmitText] does it all for a text: [Choose] picks ASCII when every
// character is ASCII and UCS2 otherwise, and [Submits] turns the content
// into ready-to-send [cmpp.Submit] values copied from a template. A
// gateway sending a long MO to an SP does the same with [DeliverText] and
// [Delivers], which make CMPP_DELIVERs. The reference number is the
// caller's: take it from a [RefCounter] (one per process or per
// destination) rather than from the clock.
//
// # Receiving
//
// [ParseUDH] reads a UDH with any number of information elements in any
// order; a [Reassembler] joins segments in any order, ignoring
// duplicates, with bounded memory and waiting time: CMPP_DELIVERs (an SP
// receiving a long MO) by (Src_terminal_Id, Dest_Id, reference), and
// CMPP_SUBMITs (a gateway receiving a long MT) by (Msg_src, Src_Id,
// Dest_terminal_Ids, reference). The other elements of the UDH, such as
// port addressing, are kept beside the joined content. Whatever it gives
// up on is handed back, never dropped.
//
// # Errors
//
// Malformed headers and impossible requests are an [*Error] with the
// offset in Msg_Content, wrapping one of the sentinels [ErrUDHLength],
// [ErrIEOverrun], [ErrConcat], [ErrTooManySegments], [ErrRef] or
// [ErrFieldTooLong]; it also matches [cmpp.ErrInvalid] under errors.Is.
// Nothing panics on any input.
package concat

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"sync/atomic"

	"github.com/go-cmpp/cmpp"
)

// Limits of a concatenated message.
const (
	// MaxSegmentLen is the largest Msg_Content of one segment, UDH
	// included.
	MaxSegmentLen = 140
	// MaxSegments is the largest number of segments: Pk_total and the
	// concatenation element's total are one octet.
	MaxSegments = 255
	// UDH8Len and UDH16Len are the lengths of the concatenation UDH with
	// an 8-bit and a 16-bit reference, the UDHL octet included.
	UDH8Len  = 6
	UDH16Len = 7
)

// Information element identifiers this package writes or reads
// (3GPP TS 23.040 §9.2.3.24).
const (
	IEIConcat8  = 0x00 // concatenated short messages, 8-bit reference
	IEIPorts8   = 0x04 // application port addressing, 8-bit ports (skipped)
	IEIPorts16  = 0x05 // application port addressing, 16-bit ports (skipped)
	IEIConcat16 = 0x08 // concatenated short messages, 16-bit reference
)

// Ref is a concatenation reference: the number every segment of one
// message carries, and the width of the element that carries it.
type Ref struct {
	// N is the reference number; at most 255 unless Wide.
	N uint16
	// Wide selects the 16-bit reference (IEI 0x08, a 7-octet UDH)
	// instead of the 8-bit one (IEI 0x00, 6 octets).
	Wide bool
}

// Ref8 returns an 8-bit reference (UDH 05 00 03 RR TT SS).
func Ref8(n uint8) Ref { return Ref{N: uint16(n)} }

// Ref16 returns a 16-bit reference (UDH 06 08 04 RR RR TT SS).
func Ref16(n uint16) Ref { return Ref{N: n, Wide: true} }

// UDHLen returns the length of the concatenation UDH for r: 6 or 7.
func (r Ref) UDHLen() int {
	if r.Wide {
		return UDH16Len
	}
	return UDH8Len
}

// PayloadLen returns how many content octets a segment can carry after
// the UDH for r: 134 or 133.
func (r Ref) PayloadLen() int { return MaxSegmentLen - r.UDHLen() }

func (r Ref) String() string {
	if r.Wide {
		return "ref16:" + strconv.Itoa(int(r.N))
	}
	return "ref8:" + strconv.Itoa(int(r.N))
}

// check returns an error when r cannot be written.
func (r Ref) check() error {
	if !r.Wide && r.N > 0xff {
		return &Error{Offset: -1, Err: ErrRef}
	}
	return nil
}

// AppendUDH appends the concatenation UDH for segment number of total
// with reference r: 05 00 03 RR TT SS, or 06 08 04 RR RR TT SS when
// r.Wide. It refuses (returning dst unchanged) an 8-bit reference above
// 255, a total of 0 and a number outside 1…total.
func AppendUDH(dst []byte, r Ref, total, number uint8) ([]byte, error) {
	if err := r.check(); err != nil {
		return dst, err
	}
	if total == 0 || number == 0 || number > total {
		return dst, &Error{Offset: -1, Err: ErrConcat}
	}
	if r.Wide {
		return append(dst, UDH16Len-1, IEIConcat16, 4, byte(r.N>>8), byte(r.N), total, number), nil
	}
	return append(dst, UDH8Len-1, IEIConcat8, 3, byte(r.N), total, number), nil
}

// RefCounter hands out reference numbers in turn, so that consecutive
// long messages never share one (a clock-based reference such as
// "nanoseconds mod 255" repeats within a burst and never yields 255). It
// is safe for concurrent use. References only need to differ between
// messages to the same handset that are in flight at the same time; one
// counter for a whole process is enough.
//
// The zero value hands out 1, 2, 3, …; [NewRefCounter] starts at a random
// value so that a restarted process does not reuse the references of the
// messages it sent just before.
type RefCounter struct {
	n atomic.Uint32
}

// NewRefCounter returns a RefCounter that starts at a random value.
func NewRefCounter() *RefCounter {
	c := new(RefCounter)
	c.n.Store(rand.Uint32())
	return c
}

// Next8 returns the next 8-bit reference: 0 to 255 in turn.
func (c *RefCounter) Next8() Ref { return Ref8(uint8(c.n.Add(1))) }

// Next16 returns the next 16-bit reference: 0 to 65535 in turn.
func (c *RefCounter) Next16() Ref { return Ref16(uint16(c.n.Add(1))) }

// Sentinel errors. They arrive wrapped in an [*Error].
var (
	// ErrUDHLength: TP_udhi is set but Msg_Content is empty, or the UDH
	// length octet (UDHL) claims more octets than Msg_Content has.
	ErrUDHLength = errors.New("UDH longer than Msg_Content")
	// ErrIEOverrun: an information element runs past the end of the UDH.
	ErrIEOverrun = errors.New("information element overruns the UDH")
	// ErrConcat: a concatenation element with the wrong length, a total
	// of 0, a number of 0 or a number above the total.
	ErrConcat = errors.New("bad concatenation element")
	// ErrTooManySegments: the content needs more than 255 segments.
	ErrTooManySegments = errors.New("more than 255 segments")
	// ErrRef: an 8-bit reference above 255.
	ErrRef = errors.New("8-bit reference above 255")
	// ErrFieldTooLong is [cmpp.ErrFieldTooLong], the same sentinel: a PDU
	// given to a Reassembler that no PDU could carry (a Src_terminal_Id
	// longer than 32 octets, a Msg_Content longer than 255, …). The
	// [*Error] names the field.
	ErrFieldTooLong = cmpp.ErrFieldTooLong
)

// Error reports a malformed UDH or a request that cannot be met.
type Error struct {
	// Offset is the offset in Msg_Content of the octet at fault (the UDHL
	// octet, an element's IEI, …), or -1 when no single octet is.
	Offset int
	// Field is the spec's name of the field at fault, for
	// ErrFieldTooLong; empty otherwise.
	Field string
	// Len and Max are the length of the field and the most it may hold,
	// for ErrFieldTooLong.
	Len, Max int
	// Err is one of the sentinel errors of this package.
	Err error
}

func (e *Error) Error() string {
	switch {
	case e.Field != "":
		return "concat: " + e.Field + ": " + e.Err.Error() + ": " + strconv.Itoa(e.Len) + " octets, field holds " + strconv.Itoa(e.Max)
	case e.Offset < 0:
		return "concat: " + e.Err.Error()
	}
	return "concat: at offset " + strconv.Itoa(e.Offset) + ": " + e.Err.Error()
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is [cmpp.ErrInvalid]: every error of this
// package is an invalid value. The sentinel is matched through Unwrap.
func (e *Error) Is(target error) bool { return target == cmpp.ErrInvalid }
