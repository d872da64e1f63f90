package encoding_test

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
)

// seeds are texts and wire octets every codec fuzz target starts from.
var seeds = []struct {
	text string
	wire []byte
}{
	{"", nil},
	{"Hello, CMPP!", []byte("Hello")},
	{"你好，世界", []byte{0x4f, 0x60, 0x59, 0x7d}},
	{"a😀b€é\uFFFD\uFEFF", []byte{0xd8, 0x3d, 0xde, 0x00}},
	{"中文\x80", []byte{0xc4, 0xe3, 0xba, 0xc3, 0x94, 0x39, 0xfc, 0x36}},
	{"\xed\xa0\x80", []byte{0x84, 0x31, 0xa4, 0x37, 0x80, 0xff}},
	{"\U0010FFFF\u0080", []byte{0xdc, 0x00, 0x00}},
}

// fuzzCodec checks, for any text and any wire octets:
//   - encoding: success means decode(encode(text)) == text; failure is
//     an *Error whose Offset is in range and whose prefix text[:Offset]
//     encodes (the error names the first bad character);
//   - decoding: never a panic; success gives valid UTF-8 (except Binary),
//     and when that text encodes, it decodes back to itself; with exact
//     (bijective) codecs it re-encodes to the same octets; failure is an
//     *Error whose prefix decodes;
//   - CutLen never exceeds its bounds and never cuts a character of
//     content that decodes.
//   - outputs stay within the sizes the package doc promises (encMul·n
//     when encoding n octets, n·3/2 when decoding, plus 2 per 0x80 octet
//     for GB), so a dst presized to them never allocates.
func fuzzCodec(f *testing.F, c cmppenc.Codec, exact bool, encMul int, decMul3Halves bool) {
	for _, s := range seeds {
		f.Add(s.text, s.wire)
	}
	f.Fuzz(func(t *testing.T, text string, wire []byte) {
		enc, err := c.AppendEncode(nil, []byte(text))
		if err == nil && len(enc) > encMul*len(text) {
			t.Fatalf("encode(%q) = %d octets, more than %d×%d", text, len(enc), encMul, len(text))
		}
		if err == nil {
			dec, err := c.AppendDecode(nil, enc)
			if err != nil || string(dec) != text {
				t.Fatalf("decode(encode(%q)) = %q, %v (wire %x)", text, dec, err, enc)
			}
		} else {
			off := errOffset(t, err, len(text))
			if _, err := c.AppendEncode(nil, []byte(text[:off])); err != nil {
				t.Fatalf("encode(%q) failed at %d, but its prefix fails too: %v", text, off, err)
			}
		}

		dec, err := c.AppendDecode(nil, wire)
		if err != nil {
			off := errOffset(t, err, len(wire))
			if !errors.Is(err, cmppenc.ErrOddLength) {
				if _, err := c.AppendDecode(nil, wire[:off]); err != nil {
					t.Fatalf("decode(%x) failed at %d, but its prefix fails too: %v", wire, off, err)
				}
			}
			return
		}
		bound := len(wire)
		if decMul3Halves {
			bound = len(wire) * 3 / 2
		}
		if c.Fmt() == cmpp.FmtGB {
			bound += 2 * bytes.Count(wire, []byte{0x80}) // the euro sign: 1 → 3 octets
		}
		if len(dec) > bound {
			t.Fatalf("decode(%x) = %d octets, more than the bound %d", wire, len(dec), bound)
		}
		if c != cmppenc.Binary && !utf8.Valid(dec) {
			t.Fatalf("decode(%x) = %q, not UTF-8", wire, dec)
		}
		re, err := c.AppendEncode(nil, dec)
		if exact && (err != nil || !bytes.Equal(re, wire)) {
			t.Fatalf("encode(decode(%x)) = %x, %v", wire, re, err)
		}
		if err == nil {
			back, err := c.AppendDecode(nil, re)
			if err != nil || !bytes.Equal(back, dec) {
				t.Fatalf("decode(encode(%q)) = %q, %v", dec, back, err)
			}
		}
		for _, max := range []int{1, 2, 3, 4, 5, 7, 132, 133, 134, len(wire) / 2} {
			n := cmppenc.CutLen(c.Fmt(), wire, max)
			if n > max && n != len(wire) || n > len(wire) || n < 0 || len(wire) > max && n < max-3 {
				t.Fatalf("CutLen(%v, %x, %d) = %d", c.Fmt(), wire, max, n)
			}
			if _, err := c.AppendDecode(nil, wire[:n]); err != nil {
				t.Fatalf("CutLen(%v, %x, %d) = %d cuts a character: %v", c.Fmt(), wire, max, n, err)
			}
		}
	})
}

// errOffset checks err is an *Error with an offset inside the input.
func errOffset(t *testing.T, err error, n int) int {
	t.Helper()
	var e *cmppenc.Error
	if !errors.As(err, &e) || e.Offset < 0 || e.Offset >= n {
		t.Fatalf("error %v (%T): want *Error with an offset in [0, %d)", err, err, n)
	}
	return e.Offset
}

func FuzzASCII(f *testing.F)   { fuzzCodec(f, cmppenc.ASCII, true, 1, false) }
func FuzzBinary(f *testing.F)  { fuzzCodec(f, cmppenc.Binary, true, 1, false) }
func FuzzUCS2(f *testing.F)    { fuzzCodec(f, cmppenc.UCS2, true, 2, true) }
func FuzzGB(f *testing.F)      { fuzzCodec(f, cmppenc.GB, false, 1, true) }
func FuzzGBK(f *testing.F)     { fuzzCodec(f, cmppenc.GBK, false, 1, true) }
func FuzzGB18030(f *testing.F) { fuzzCodec(f, cmppenc.GB18030, false, 2, true) }
