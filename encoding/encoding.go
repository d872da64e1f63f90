// Package encoding converts text between UTF-8 and the octets of a CMPP
// Msg_Content, one [Codec] per Msg_Fmt (spec reference §5.6):
//
//	Msg_Fmt  Codec                wire form
//	0        ASCII                US-ASCII, octets 0x00–0x7F only
//	3        BinarySIM            the octets as they are (SIM card write)
//	4        Binary               the octets as they are
//	8        UCS2                 UTF-16BE without a BOM; surrogate pairs outside the BMP
//	15       GB                   decodes GB18030, encodes GBK
//	15       GBK, GB18030         one charset both ways, for callers who must choose
//
// [ForFmt] returns the codec for a Msg_Fmt value.
//
// The package is named encoding, like its directory; callers that also use
// the standard library's encoding package import it under another name:
//
//	import cmppenc "github.com/go-cmpp/cmpp/encoding"
//
//	content, err := cmppenc.UCS2.AppendEncode(nil, []byte("你好"))
//	// content is 4f 60 59 7d
//
// # Append style and allocations
//
// AppendEncode and AppendDecode append to dst and return the extended
// slice, like the standard library's AppendEncode methods (encoding/hex,
// encoding/base64). They never modify dst[:len(dst)], and on error they
// return dst unchanged. They do not allocate when dst has spare capacity
// (cap(dst)-len(dst)) for the result, which is at most, for n = len(src):
//
//	codec            AppendEncode  AppendDecode
//	ASCII, Binary    n             n
//	UCS2             2n            3n/2
//	GB, GBK          n             3n/2, or 3n if src holds the octet 0x80
//	GB18030          2n            3n/2, or 3n if src holds the octet 0x80
//
// [EncodeString] and [DecodeString] are conveniences that allocate.
//
// # Errors
//
// Nothing is ever replaced silently: a character the charset cannot
// represent, input that is not valid UTF-8 (encoding) or not valid in the
// charset (decoding) is an [*Error] carrying the byte offset in src and,
// where known, the rune. It wraps one of [ErrInvalidUTF8],
// [ErrUnencodable], [ErrMalformed], [ErrOddLength] or [ErrLoneSurrogate],
// and also matches [cmpp.ErrInvalid] under errors.Is.
//
// # Concurrency
//
// The codecs are safe for concurrent use. The GB codecs keep their
// golang.org/x/text transformers, which are stateful and not safe for
// concurrent use, in a sync.Pool per codec.
//
// Splitting a long text into concatenated segments is the job of package
// concat, which uses [CutLen] from this package to never cut a character.
package encoding

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
)

// A Codec converts between UTF-8 text and the Msg_Content octets of one
// Msg_Fmt. The values of this package ([ASCII], [Binary], [UCS2], [GB],
// [GBK], [GB18030]) are safe for concurrent use.
type Codec interface {
	// Fmt returns the Msg_Fmt to send with content this codec encodes.
	Fmt() cmpp.MsgFmt
	// AppendEncode appends the wire form of the UTF-8 text src to dst.
	// On error it returns dst unchanged and an *Error.
	AppendEncode(dst, src []byte) ([]byte, error)
	// AppendDecode appends the UTF-8 form of the wire octets src to dst.
	// On error it returns dst unchanged and an *Error.
	AppendDecode(dst, src []byte) ([]byte, error)
}

// The codecs, one per Msg_Fmt, and the two strict GB variants. See the
// type of each for its rules and allocation bounds.
var (
	// ASCII is Msg_Fmt 0: octets 0x00–0x7F both ways; any other octet or
	// character is an error.
	ASCII Codec = asciiCodec{}
	// Binary is Msg_Fmt 4 (binary data): the identity both ways. Its
	// "decoded" form is the octets themselves, not necessarily UTF-8. Use
	// [BinarySIM] for Msg_Fmt 3.
	Binary Codec = binaryCodec{cmpp.FmtBinary}
	// BinarySIM is Msg_Fmt 3 (SIM card write): the identity, like Binary.
	BinarySIM Codec = binaryCodec{cmpp.FmtSIM}
	// UCS2 is Msg_Fmt 8: UTF-16 big-endian without a byte order mark.
	// Characters outside the BMP are written as surrogate pairs; a lone
	// surrogate or an odd number of octets is an error on decode.
	UCS2 Codec = ucs2Codec{}
	// GB is Msg_Fmt 15 as gateways use it: it decodes GB18030, a superset
	// of GBK and GB2312, and encodes GBK, which every peer can read. A
	// character outside GBK (an emoji, say) is an error when encoding.
	GB Codec = gbGB
	// GBK is Msg_Fmt 15 restricted to GBK (code page 936) both ways: the
	// four-octet GB18030 sequences are an error on decode.
	GBK Codec = gbGBK
	// GB18030 is Msg_Fmt 15 as full GB18030 both ways: every Unicode
	// character encodes, using four-octet sequences outside GBK.
	GB18030 Codec = gbGB18030
)

// ForFmt returns the codec for a Msg_Fmt value: [ASCII] for 0, [BinarySIM]
// for 3, [Binary] for 4, [UCS2] for 8 and [GB] for 15, and true.
//
// Any other value (which the decoder accepts: a Msg_Fmt is not checked
// until Validate) gives false and a codec that passes the octets through
// unchanged, like Binary, whose Fmt is f: never nil, so that
//
//	c, ok := cmppenc.ForFmt(d.MsgFmt) // !ok: the content is not known to be text
//
// cannot panic whatever a peer sends. Check ok before showing the
// "decoded" octets as text.
func ForFmt(f cmpp.MsgFmt) (Codec, bool) {
	switch f {
	case cmpp.FmtASCII:
		return ASCII, true
	case cmpp.FmtSIM:
		return BinarySIM, true
	case cmpp.FmtBinary:
		return Binary, true
	case cmpp.FmtUCS2:
		return UCS2, true
	case cmpp.FmtGB:
		return GB, true
	}
	return binaryCodec{f}, false
}

// EncodeString returns the wire form of s in c. It allocates the result
// (and a copy of s); use c.AppendEncode with a reused buffer to avoid that.
func EncodeString(c Codec, s string) ([]byte, error) {
	return c.AppendEncode(nil, []byte(s))
}

// DecodeString returns the text of the wire octets b in c. It allocates
// the result; use c.AppendDecode with a reused buffer to avoid that.
func DecodeString(c Codec, b []byte) (string, error) {
	out, err := c.AppendDecode(nil, b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// Sentinel errors. They arrive wrapped in an [*Error], which adds the
// "cmppenc: " prefix, the codec and the offset.
var (
	// ErrInvalidUTF8: the text to encode is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrUnencodable: the text holds a character the charset cannot
	// represent (a non-ASCII character for ASCII, an emoji for GBK).
	ErrUnencodable = errors.New("character not representable")
	// ErrMalformed: the octets to decode are not valid in the charset (an
	// octet ≥ 0x80 for ASCII, a byte sequence GB18030 does not define).
	ErrMalformed = errors.New("malformed input")
	// ErrOddLength: UCS2 content with an odd number of octets.
	ErrOddLength = errors.New("odd number of octets")
	// ErrLoneSurrogate: UCS2 content with a high surrogate not followed by
	// a low one, or a low surrogate not preceded by a high one.
	ErrLoneSurrogate = errors.New("lone surrogate")
)

// NoRune is the Rune of an [Error] when no character is known, for
// example for an octet that starts no valid sequence.
const NoRune rune = -1

// Error reports where a conversion failed.
type Error struct {
	// Codec is the name of the codec: "ASCII", "UCS2", "GB", "GBK" or
	// "GB18030".
	Codec string
	// Decode is true for AppendDecode, false for AppendEncode.
	Decode bool
	// Offset is the offset in src of the first octet of the character or
	// sequence that failed.
	Offset int
	// Rune is the character that failed, where known: the text's rune
	// when encoding, the surrogate code unit for ErrLoneSurrogate. It is
	// NoRune otherwise.
	Rune rune
	// Err is one of the sentinel errors of this package.
	Err error
}

func (e *Error) Error() string {
	s := "cmppenc: " + e.Codec
	if e.Decode {
		s += " decode"
	} else {
		s += " encode"
	}
	if e.Rune != NoRune {
		s += " " + runeName(e.Rune)
	}
	return s + " at offset " + strconv.Itoa(e.Offset) + ": " + e.Err.Error()
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is [cmpp.ErrInvalid], so that a caller can
// treat every text error as an invalid value; the sentinel of this
// package is matched through Unwrap.
func (e *Error) Is(target error) bool { return target == cmpp.ErrInvalid }

// runeName formats r as "U+4F60".
func runeName(r rune) string {
	h := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	if len(h) < 4 {
		h = strings.Repeat("0", 4-len(h)) + h
	}
	return "U+" + h
}

// invalidUTF8 returns the offset of the first invalid UTF-8 sequence in
// src, or -1 if src is valid.
func invalidUTF8(src []byte) int {
	if utf8.Valid(src) {
		return -1
	}
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1 // not reached: utf8.Valid said otherwise
}

// binaryCodec is Msg_Fmt 3 or 4, or a Msg_Fmt the spec does not define
// (from ForFmt): the identity.
type binaryCodec struct{ f cmpp.MsgFmt }

// Fmt returns FmtBinary, FmtSIM or the undefined value it stands for.
func (c binaryCodec) Fmt() cmpp.MsgFmt { return c.f }

// AppendEncode appends src unchanged. It never fails and does not allocate
// when cap(dst)-len(dst) ≥ len(src).
func (binaryCodec) AppendEncode(dst, src []byte) ([]byte, error) { return append(dst, src...), nil }

// AppendDecode appends src unchanged. It never fails and does not allocate
// when cap(dst)-len(dst) ≥ len(src).
func (binaryCodec) AppendDecode(dst, src []byte) ([]byte, error) { return append(dst, src...), nil }
