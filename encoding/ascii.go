package encoding

import (
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
)

// asciiCodec is Msg_Fmt 0.
type asciiCodec struct{}

// Fmt returns FmtASCII.
func (asciiCodec) Fmt() cmpp.MsgFmt { return cmpp.FmtASCII }

// AppendEncode appends src, which must consist of ASCII characters only.
// The first non-ASCII character is an ErrUnencodable error with its rune;
// invalid UTF-8 is ErrInvalidUTF8. It does not allocate when
// cap(dst)-len(dst) ≥ len(src).
func (asciiCodec) AppendEncode(dst, src []byte) ([]byte, error) {
	if i := nonASCII(src); i >= 0 {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return dst, &Error{Codec: "ASCII", Offset: i, Rune: NoRune, Err: ErrInvalidUTF8}
		}
		return dst, &Error{Codec: "ASCII", Offset: i, Rune: r, Err: ErrUnencodable}
	}
	return append(dst, src...), nil
}

// AppendDecode appends src, which must hold octets 0x00–0x7F only; the
// first other octet is an ErrMalformed error. It does not allocate when
// cap(dst)-len(dst) ≥ len(src).
func (asciiCodec) AppendDecode(dst, src []byte) ([]byte, error) {
	if i := nonASCII(src); i >= 0 {
		return dst, &Error{Codec: "ASCII", Decode: true, Offset: i, Rune: NoRune, Err: ErrMalformed}
	}
	return append(dst, src...), nil
}

// nonASCII returns the index of the first octet ≥ 0x80 in b, or -1.
func nonASCII(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}
