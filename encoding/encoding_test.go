package encoding_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

// Known answers worked out by hand from the Unicode and GB tables, never
// produced by the codecs under test.
var knownAnswers = []struct {
	name  string
	codec cmppenc.Codec
	text  string
	wire  string // hex
}{
	{"ASCII/hello", cmppenc.ASCII, "Hello, CMPP!", "48656c6c6f2c20434d505021"},
	{"ASCII/controls", cmppenc.ASCII, "a\x00\r\n\x7f", "61000d0a7f"},
	{"ASCII/empty", cmppenc.ASCII, "", ""},
	{"Binary/any octets", cmppenc.Binary, "\x00\xff\x80", "00ff80"},
	{"UCS2/nihao", cmppenc.UCS2, "你好", "4f60597d"},
	{"UCS2/ascii", cmppenc.UCS2, "Hi", "00480069"},
	{"UCS2/latin and euro", cmppenc.UCS2, "é€", "00e920ac"},
	{"UCS2/emoji U+1F600 surrogate pair", cmppenc.UCS2, "😀", "d83dde00"},
	{"UCS2/mixed with pair", cmppenc.UCS2, "a😀b", "0061d83dde000062"},
	{"UCS2/U+FFFD is a character", cmppenc.UCS2, "\uFFFD", "fffd"},
	{"UCS2/BOM is a character", cmppenc.UCS2, "\uFEFFa", "feff0061"},
	{"UCS2/U+10FFFF", cmppenc.UCS2, "\U0010FFFF", "dbffdfff"},
	{"GB/nihao", cmppenc.GB, "你好", "c4e3bac3"},
	{"GB/zhongwen and ascii", cmppenc.GB, "中文ok", "d6d0cec46f6b"},
	{"GBK/nihao", cmppenc.GBK, "你好", "c4e3bac3"},
	{"GBK/euro is 0x80 (cp936)", cmppenc.GBK, "€", "80"},
	{"GB18030/nihao", cmppenc.GB18030, "你好", "c4e3bac3"},
	{"GB18030/emoji four octets", cmppenc.GB18030, "😀", "9439fc36"},
	{"GB18030/U+0080 four octets", cmppenc.GB18030, "\u0080", "81308130"},
	{"GB18030/euro two octets", cmppenc.GB18030, "€", "a2e3"},
	{"GB18030/U+FFFD is a character", cmppenc.GB18030, "\uFFFD", "8431a437"},
}

func TestKnownAnswers(t *testing.T) {
	for _, tc := range knownAnswers {
		t.Run(tc.name, func(t *testing.T) {
			want := unhex(t, tc.wire)
			got, err := tc.codec.AppendEncode(nil, []byte(tc.text))
			require.NoError(t, err, "AppendEncode(%q)", tc.text)
			assert.Equal(t, tc.wire, hex.EncodeToString(got), "AppendEncode(%q)", tc.text)
			text, err := tc.codec.AppendDecode(nil, want)
			require.NoError(t, err, "AppendDecode(%x)", want)
			assert.Equal(t, tc.text, string(text), "AppendDecode(%x)", want)
		})
	}
}

// Decoding only: sequences each codec reads that its encoder would write
// differently (or not at all).
func TestDecodeOnly(t *testing.T) {
	tests := []struct {
		name  string
		codec cmppenc.Codec
		wire  string
		text  string
	}{
		{"GB reads a four-octet GB18030 sequence", cmppenc.GB, "9439fc36", "😀"},
		{"GB reads four-octet U+0080", cmppenc.GB, "81308130", "\u0080"},
		{"GB reads 0x80 as euro", cmppenc.GB, "80", "€"},
		{"GB reads GB18030 euro", cmppenc.GB, "a2e3", "€"},
		{"GB reads GB2312 text", cmppenc.GB, "c4e3bac3a3a1", "你好！"},
		{"GB reads U+FFFD's own sequence", cmppenc.GB, "618431a43762", "a\uFFFDb"},
		{"GB18030 reads 0x80 as euro", cmppenc.GB18030, "80", "€"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.codec.AppendDecode(nil, unhex(t, tc.wire))
			require.NoError(t, err)
			assert.Equal(t, tc.text, string(got))
		})
	}
}

// wantError checks err is an *Error with the given fields, and that it
// matches its sentinel and cmpp.ErrInvalid under errors.Is.
func wantError(t *testing.T, err error, sentinel error, off int, r rune) {
	t.Helper()
	var e *cmppenc.Error
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, sentinel)
	assert.ErrorIs(t, err, cmpp.ErrInvalid)
	assert.Equal(t, off, e.Offset, "Offset of %v", err)
	assert.Equal(t, r, e.Rune, "Rune of %v", err)
	if !strings.HasPrefix(err.Error(), "cmppenc: ") {
		t.Errorf("error %q lacks the cmppenc: prefix", err)
	}
}

// The archive/tar counter-example (STYLE §A.4 toASCII drops characters)
// and every library that writes '?' or U+FFFD: an unencodable character or
// undecodable octet is an error with its offset, and dst is unchanged.
func TestNoSilentReplacement_TarToASCII(t *testing.T) {
	enc := []struct {
		name     string
		codec    cmppenc.Codec
		text     string
		sentinel error
		off      int
		r        rune
	}{
		{"ASCII é", cmppenc.ASCII, "héllo", cmppenc.ErrUnencodable, 1, 'é'},
		{"ASCII 你", cmppenc.ASCII, "ok你", cmppenc.ErrUnencodable, 2, '你'},
		{"ASCII invalid UTF-8", cmppenc.ASCII, "a\xffb", cmppenc.ErrInvalidUTF8, 1, cmppenc.NoRune},
		{"UCS2 invalid UTF-8", cmppenc.UCS2, "你\xe4\xbd", cmppenc.ErrInvalidUTF8, 3, cmppenc.NoRune},
		{"UCS2 UTF-8-encoded surrogate", cmppenc.UCS2, "a\xed\xa0\x80", cmppenc.ErrInvalidUTF8, 1, cmppenc.NoRune},
		{"GB emoji not in GBK", cmppenc.GB, "你好😀", cmppenc.ErrUnencodable, 6, '😀'},
		{"GBK emoji", cmppenc.GBK, "a😀", cmppenc.ErrUnencodable, 1, '😀'},
		{"GBK U+FFFD is not in GBK", cmppenc.GBK, "a\uFFFD", cmppenc.ErrUnencodable, 1, '\uFFFD'},
		{"GB invalid UTF-8 not replaced", cmppenc.GB, "中\x80", cmppenc.ErrInvalidUTF8, 3, cmppenc.NoRune},
		{"GB18030 invalid UTF-8 not replaced", cmppenc.GB18030, "\xc0\xaf", cmppenc.ErrInvalidUTF8, 0, cmppenc.NoRune},
	}
	for _, tc := range enc {
		t.Run("encode/"+tc.name, func(t *testing.T) {
			dst := []byte("keep")
			got, err := tc.codec.AppendEncode(dst, []byte(tc.text))
			wantError(t, err, tc.sentinel, tc.off, tc.r)
			if string(got) != "keep" {
				t.Errorf("dst changed to %q on error", got)
			}
		})
	}
	dec := []struct {
		name     string
		codec    cmppenc.Codec
		wire     string
		sentinel error
		off      int
		r        rune
	}{
		{"ASCII 0x80", cmppenc.ASCII, "41428043", cmppenc.ErrMalformed, 2, cmppenc.NoRune},
		{"UCS2 lone high surrogate", cmppenc.UCS2, "d83d0041", cmppenc.ErrLoneSurrogate, 0, 0xd83d},
		{"UCS2 lone low surrogate", cmppenc.UCS2, "0041de00", cmppenc.ErrLoneSurrogate, 2, 0xde00},
		{"UCS2 high surrogate at the end", cmppenc.UCS2, "0041d83d", cmppenc.ErrLoneSurrogate, 2, 0xd83d},
		{"UCS2 two high surrogates", cmppenc.UCS2, "d83dd83dde00", cmppenc.ErrLoneSurrogate, 0, 0xd83d},
		{"GB bad trail octet", cmppenc.GB, "6181206263", cmppenc.ErrMalformed, 1, cmppenc.NoRune},
		{"GB 0xFF", cmppenc.GB, "c4e3ff", cmppenc.ErrMalformed, 2, cmppenc.NoRune},
		{"GB lead octet at the end", cmppenc.GB, "c4e3bac3c4", cmppenc.ErrMalformed, 4, cmppenc.NoRune},
		{"GB broken four-octet sequence", cmppenc.GB, "41943920", cmppenc.ErrMalformed, 1, cmppenc.NoRune},
		{"GB four-octet beyond Unicode", cmppenc.GB, "fe39fe39", cmppenc.ErrMalformed, 0, cmppenc.NoRune},
		{"GB after a genuine U+FFFD", cmppenc.GB, "8431a437ff", cmppenc.ErrMalformed, 4, cmppenc.NoRune},
		{"GBK rejects four-octet GB18030", cmppenc.GBK, "c4e39439fc36", cmppenc.ErrMalformed, 2, cmppenc.NoRune},
		{"GBK rejects U+FFFD's GB18030 sequence", cmppenc.GBK, "8431a437", cmppenc.ErrMalformed, 0, cmppenc.NoRune},
	}
	for _, tc := range dec {
		t.Run("decode/"+tc.name, func(t *testing.T) {
			dst := []byte("keep")
			got, err := tc.codec.AppendDecode(dst, unhex(t, tc.wire))
			wantError(t, err, tc.sentinel, tc.off, tc.r)
			if string(got) != "keep" {
				t.Errorf("dst changed to %q on error", got)
			}
		})
	}
}

// cmpp-rust panics in its UCS-2 converter on odd-length content
// (ANCHORS §4, Rust/Java/C): here it is an error at the dangling octet.
func TestUCS2OddLengthIsErrorNotPanic_CmppRust(t *testing.T) {
	for _, wire := range []string{"00", "004100", "4f60597d00"} {
		b := unhex(t, wire)
		_, err := cmppenc.UCS2.AppendDecode(nil, b)
		wantError(t, err, cmppenc.ErrOddLength, len(b)-1, cmppenc.NoRune)
	}
}

// Every two-octet GBK code that x/text decodes to U+FFFD must be reported
// as malformed: no GBK code stands for U+FFFD itself, so a U+FFFD from
// the decoder always means "undefined", which the GB codecs turn into an
// error rather than pass on.
func TestGBUndefinedCodesAreErrors(t *testing.T) {
	if _, err := cmppenc.GBK.AppendEncode(nil, []byte("\uFFFD")); err == nil {
		t.Fatal("GBK encodes U+FFFD; the malformed-sequence check would need another rule")
	}
	var defined, undefined int
	for c0 := 0x81; c0 <= 0xfe; c0++ {
		for c1 := 0x40; c1 <= 0xfe; c1++ {
			if c1 == 0x7f {
				continue
			}
			b := []byte{byte(c0), byte(c1)}
			out, err := cmppenc.GB.AppendDecode(nil, b)
			switch {
			case err != nil:
				undefined++
			case strings.ContainsRune(string(out), '\uFFFD'):
				t.Fatalf("%x decoded to %q without error", b, out)
			default:
				defined++
			}
		}
	}
	if defined < 21000 { // GBK defines 21886 characters plus user-defined areas
		t.Errorf("only %d two-octet codes decoded (%d undefined)", defined, undefined)
	}
}

func TestForFmt(t *testing.T) {
	tests := []struct {
		f    cmpp.MsgFmt
		want cmppenc.Codec
	}{
		{cmpp.FmtASCII, cmppenc.ASCII},
		{cmpp.FmtSIM, cmppenc.BinarySIM},
		{cmpp.FmtBinary, cmppenc.Binary},
		{cmpp.FmtUCS2, cmppenc.UCS2},
		{cmpp.FmtGB, cmppenc.GB},
	}
	for _, tc := range tests {
		c, ok := cmppenc.ForFmt(tc.f)
		if !ok || c != tc.want || c.Fmt() != tc.f {
			t.Errorf("ForFmt(%v) = %v, %v, want %v with Fmt %v", tc.f, c, ok, tc.want, tc.f)
		}
	}
	// Every other value: false and a pass-through codec keeping the
	// value, never nil (the README's snippet must not panic on what a
	// peer sends).
	content := []byte{0x4f, 0x60, 0x00, 0xff}
	for f := range cmpp.MsgFmt(255) {
		c, ok := cmppenc.ForFmt(f)
		if f == cmpp.FmtASCII || f == cmpp.FmtSIM || f == cmpp.FmtBinary || f == cmpp.FmtUCS2 || f == cmpp.FmtGB {
			continue
		}
		if ok || c == nil {
			t.Fatalf("ForFmt(%d) = %v, %v, want a pass-through codec and false", f, c, ok)
		}
		dec, err := c.AppendDecode([]byte("x"), content)
		enc, err2 := c.AppendEncode(nil, content)
		if c.Fmt() != f || err != nil || err2 != nil || string(dec) != "x"+string(content) || string(enc) != string(content) {
			t.Errorf("ForFmt(%d): Fmt %v, decode %x %v, encode %x %v", f, c.Fmt(), dec, err, enc, err2)
		}
	}
	for _, c := range []cmppenc.Codec{cmppenc.GBK, cmppenc.GB18030} {
		if c.Fmt() != cmpp.FmtGB {
			t.Errorf("%v.Fmt() = %v, want GB", c, c.Fmt())
		}
	}
}

func TestStringHelpers(t *testing.T) {
	b, err := cmppenc.EncodeString(cmppenc.UCS2, "你好")
	if err != nil || hex.EncodeToString(b) != "4f60597d" {
		t.Errorf("EncodeString = %x, %v", b, err)
	}
	s, err := cmppenc.DecodeString(cmppenc.GB, unhex(t, "c4e3bac3"))
	if err != nil || s != "你好" {
		t.Errorf("DecodeString = %q, %v", s, err)
	}
	if s, err := cmppenc.DecodeString(cmppenc.ASCII, []byte{0x80}); err == nil || s != "" {
		t.Errorf("DecodeString(0x80) = %q, %v, want an error", s, err)
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := cmppenc.GBK.AppendEncode(nil, []byte("a😀"))
	if want := "cmppenc: GBK encode U+1F600 at offset 1: character not representable"; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	_, err = cmppenc.UCS2.AppendDecode(nil, []byte{0xdc, 0x00})
	if want := "cmppenc: UCS2 decode U+DC00 at offset 0: lone surrogate"; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	_, err = cmppenc.ASCII.AppendDecode(nil, []byte{'a', 0xc4})
	if want := "cmppenc: ASCII decode at offset 1: malformed input"; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// Append semantics: the prefix of dst is kept and never modified, and a
// dst without spare capacity is grown.
func TestAppendKeepsPrefix(t *testing.T) {
	for _, tc := range knownAnswers {
		prefix := []byte("pre:")
		dst := prefix[:len(prefix):len(prefix)]
		got, err := tc.codec.AppendEncode(dst, []byte(tc.text))
		if err != nil || !bytes.HasPrefix(got, []byte("pre:")) || hex.EncodeToString(got[4:]) != tc.wire {
			t.Errorf("%s: AppendEncode with prefix = %q, %v", tc.name, got, err)
		}
		got, err = tc.codec.AppendDecode(dst, unhex(t, tc.wire))
		if err != nil || string(got) != "pre:"+tc.text {
			t.Errorf("%s: AppendDecode with prefix = %q, %v", tc.name, got, err)
		}
		if string(prefix) != "pre:" {
			t.Fatalf("%s: prefix modified to %q", tc.name, prefix)
		}
	}
}

// A long GB text through a small dst exercises the growth path.
func TestGBGrowth(t *testing.T) {
	text := strings.Repeat("中文€😀abc", 200)
	for _, c := range []cmppenc.Codec{cmppenc.GB18030, cmppenc.UCS2} {
		wire, err := c.AppendEncode(make([]byte, 0, 3), []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		back, err := c.AppendDecode(make([]byte, 0, 3), wire)
		if err != nil || string(back) != text {
			t.Errorf("%v: round trip of %d octets failed: %v", c, len(text), err)
		}
	}
}

// Found by FuzzGB and FuzzGBK (testdata/fuzz/FuzzGB/12f41e559714da20,
// FuzzGBK/b9dae7f4e84eb85b): with an unencodable character before invalid
// UTF-8, the GB codecs reported the invalid UTF-8 further on, because they
// checked the whole input before encoding any of it. The error must name
// the first fault.
//
//	GB:  "😀\xff"  → U+1F600 at offset 0, not invalid UTF-8 at 4
//	GBK: "䶭\xe6"  → U+4DAD at offset 0, not invalid UTF-8 at 3
func TestCrashGBReportsFirstFault(t *testing.T) {
	_, err := cmppenc.GB.AppendEncode(nil, []byte("😀\xff"))
	wantError(t, err, cmppenc.ErrUnencodable, 0, '😀')
	_, err = cmppenc.GBK.AppendEncode(nil, []byte("䶭\xe6"))
	wantError(t, err, cmppenc.ErrUnencodable, 0, '䶭')
	_, err = cmppenc.GBK.AppendEncode(nil, []byte("你\xe6😀"))
	wantError(t, err, cmppenc.ErrInvalidUTF8, 3, cmppenc.NoRune)
}

// Found by FuzzGB (testdata/fuzz/FuzzGB/ba915fabe38a3ef4) and FuzzGB18030
// (…/FuzzGB18030/7b40c249a6c2ff3d: A3 3E 87 30): x/text's GB18030
// decoder takes A9 3E B8 30 for a four-octet character (U+61586),
// though GB18030 allows only 0x30–0x39 as its second octet, so the
// content decoded while CutLen (rightly) counted A9 3E as a two-octet
// character and cut the sequence in half. The GB codecs now reject such a
// sequence as malformed, at its first octet.
//
//	F3 41 A9 3E B8 30 → malformed at offset 2, not "驛\U00061586"
func TestCrashGBLooseFourOctetSequence(t *testing.T) {
	for _, c := range []cmppenc.Codec{cmppenc.GB, cmppenc.GB18030, cmppenc.GBK} {
		_, err := c.AppendDecode(nil, unhex(t, "f341a93eb830"))
		wantError(t, err, cmppenc.ErrMalformed, 2, cmppenc.NoRune)
	}
	// The same octets after a trail octet are not a four-octet sequence.
	got, err := cmppenc.GB.AppendDecode(nil, unhex(t, "c4e33e30"))
	if err != nil || string(got) != "你>0" {
		t.Errorf("AppendDecode(c4e3 3e 30) = %q, %v", got, err)
	}
	// Strict four-octet sequences still decode.
	for w, want := range map[string]string{"81308130": "\u0080", "90308130": "\U00010000", "e3329a35": "\U0010FFFF"} {
		if got, err := cmppenc.GB.AppendDecode(nil, unhex(t, w)); err != nil || string(got) != want {
			t.Errorf("AppendDecode(%s) = %q, %v, want %q", w, got, err, want)
		}
	}
}

// Found by FuzzGB18030 (testdata/fuzz/FuzzGB18030/3c852051668abfec):
// x/text encodes the Private Use Area character U+E668 as 83 39 BE 37,
// which decodes to U+F67C: the text would arrive changed. GB18030 puts
// U+E000–U+E765 in its two-octet user-defined areas, which x/text neither
// writes nor reads, so the GB18030 codec refuses these characters.
//
//	"\ue668" → ErrUnencodable U+E668 at offset 0, not 83 39 BE 37
func TestCrashGB18030PrivateUseArea(t *testing.T) {
	_, err := cmppenc.GB18030.AppendEncode(nil, []byte("ok\ue668"))
	wantError(t, err, cmppenc.ErrUnencodable, 2, '\ue668')
	_, err = cmppenc.GB18030.AppendEncode(nil, []byte("\ue000\xff"))
	wantError(t, err, cmppenc.ErrUnencodable, 0, '\ue000')
	// Private Use Area characters GB18030 maps reversibly still encode.
	for _, r := range []rune{'\ue7c8', '\ue865', '\uf8ff'} {
		w, err := cmppenc.GB18030.AppendEncode(nil, []byte(string(r)))
		back, err2 := cmppenc.GB18030.AppendDecode(nil, w)
		if err != nil || err2 != nil || string(back) != string(r) {
			t.Errorf("%U: %x, %v, %q, %v", r, w, err, back, err2)
		}
	}
}

// Every character that a GB codec encodes decodes back to itself: the
// guard against x/text table changes (the Private Use Area fault above
// was found this way), over all of Unicode.
func TestGBEveryRuneRoundTrips(t *testing.T) {
	if testing.Short() {
		t.Skip("1.1 million characters per codec")
	}
	for _, c := range []cmppenc.Codec{cmppenc.GB, cmppenc.GBK, cmppenc.GB18030} {
		var buf, w, back []byte
		encodable := 0
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if 0xd800 <= r && r < 0xe000 {
				continue
			}
			buf = utf8.AppendRune(buf[:0], r)
			var err error
			if w, err = c.AppendEncode(w[:0], buf); err != nil {
				continue
			}
			encodable++
			if back, err = c.AppendDecode(back[:0], w); err != nil || !bytes.Equal(back, buf) {
				t.Fatalf("%v: %U encodes to %x, which decodes to %q, %v", c.Fmt(), r, w, back, err)
			}
		}
		if encodable < 21000 {
			t.Errorf("only %d characters encode", encodable)
		}
	}
}

// Every four-octet sequence x/text's GB18030 decoder could take for a
// character (second octet 0x30–0x3F, fourth 0x30–0x39) decodes, without a
// panic, to exactly one character, or is reported malformed; one whose
// second octet is not a digit never decodes; and the GB18030 encoder
// takes every character decoded (or refuses it, never fails otherwise).
func TestGBEveryFourOctetSequence(t *testing.T) {
	if testing.Short() {
		t.Skip("2.5 million sequences")
	}
	var out, re []byte
	b := make([]byte, 4)
	var decoded int
	for c0 := 0x81; c0 <= 0xfe; c0++ {
		for c1 := 0x30; c1 <= 0x3f; c1++ {
			for c2 := 0x81; c2 <= 0xfe; c2++ {
				for c3 := 0x30; c3 <= 0x39; c3++ {
					b[0], b[1], b[2], b[3] = byte(c0), byte(c1), byte(c2), byte(c3)
					var err error
					out, err = cmppenc.GB.AppendDecode(out[:0], b)
					if err != nil {
						continue
					}
					decoded++
					if c1 > 0x39 || !utf8.Valid(out) || utf8.RuneCount(out) != 1 {
						t.Fatalf("%x decoded to %q", b, out)
					}
					if re, err = cmppenc.GB18030.AppendEncode(re[:0], out); err != nil && !errors.Is(err, cmppenc.ErrUnencodable) {
						t.Fatalf("%x → %q → %v", b, out, err)
					}
				}
			}
		}
	}
	if decoded < 1_000_000 { // 39420 BMP + 1048576 supplementary pointers, less those in GBK
		t.Errorf("only %d four-octet sequences decoded", decoded)
	}
}
