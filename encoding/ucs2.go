package encoding

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
)

// ucs2Codec is Msg_Fmt 8, hand-rolled over unicode/utf16: no tables, no
// pool, no allocation with a presized dst.
type ucs2Codec struct{}

// Fmt returns FmtUCS2.
func (ucs2Codec) Fmt() cmpp.MsgFmt { return cmpp.FmtUCS2 }

// AppendEncode appends the UTF-16BE form of src: two octets per character
// of the BMP, a surrogate pair (four octets) for any other. A genuine
// U+FFFD in src is encoded like any character; invalid UTF-8 is an
// ErrInvalidUTF8 error. It does not allocate when cap(dst)-len(dst) ≥
// 2·len(src).
func (ucs2Codec) AppendEncode(dst, src []byte) ([]byte, error) {
	orig := dst
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			dst = append(dst, 0, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return orig, &Error{Codec: "UCS2", Offset: i, Rune: NoRune, Err: ErrInvalidUTF8}
		}
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			dst = binary.BigEndian.AppendUint16(dst, uint16(hi))
			dst = binary.BigEndian.AppendUint16(dst, uint16(lo))
		} else {
			dst = binary.BigEndian.AppendUint16(dst, uint16(r))
		}
		i += n
	}
	return dst, nil
}

// AppendDecode appends the UTF-8 form of the UTF-16BE octets src. A
// surrogate pair decodes to one character outside the BMP; a lone
// surrogate is an ErrLoneSurrogate error (Rune is the code unit) and an
// odd length an ErrOddLength error at the last octet. A byte order mark
// (U+FEFF) is not special: it decodes like any character. It does not
// allocate when cap(dst)-len(dst) ≥ len(src)·3/2.
func (ucs2Codec) AppendDecode(dst, src []byte) ([]byte, error) {
	if len(src)%2 != 0 {
		return dst, &Error{Codec: "UCS2", Decode: true, Offset: len(src) - 1, Rune: NoRune, Err: ErrOddLength}
	}
	orig := dst
	for i := 0; i < len(src); i += 2 {
		u := rune(src[i])<<8 | rune(src[i+1])
		switch {
		case u < utf8.RuneSelf:
			dst = append(dst, byte(u))
		case !utf16.IsSurrogate(u):
			dst = utf8.AppendRune(dst, u)
		case u < 0xDC00 && i+3 < len(src):
			lo := rune(src[i+2])<<8 | rune(src[i+3])
			r := utf16.DecodeRune(u, lo)
			if r == utf8.RuneError { // lo is not a low surrogate
				return orig, &Error{Codec: "UCS2", Decode: true, Offset: i, Rune: u, Err: ErrLoneSurrogate}
			}
			dst = utf8.AppendRune(dst, r)
			i += 2
		default: // a high surrogate at the end, or a low one without a high
			return orig, &Error{Codec: "UCS2", Decode: true, Offset: i, Rune: u, Err: ErrLoneSurrogate}
		}
	}
	return dst, nil
}
