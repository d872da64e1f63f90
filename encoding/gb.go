package encoding

import (
	"bytes"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
	xenc "golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// The x/text transformers allocate when made, keep state and are not safe
// for concurrent use, so each charset and direction has a pool of them.
var (
	gbkEncoders     = sync.Pool{New: func() any { return simplifiedchinese.GBK.NewEncoder() }}
	gbkDecoders     = sync.Pool{New: func() any { return simplifiedchinese.GBK.NewDecoder() }}
	gb18030Encoders = sync.Pool{New: func() any { return simplifiedchinese.GB18030.NewEncoder() }}
	gb18030Decoders = sync.Pool{New: func() any { return simplifiedchinese.GB18030.NewDecoder() }}
)

var (
	gbGB      = &gbCodec{name: "GB", enc: &gbkEncoders, dec: &gb18030Decoders, encGrow: 1, gb18030: true}
	gbGBK     = &gbCodec{name: "GBK", enc: &gbkEncoders, dec: &gbkDecoders, encGrow: 1}
	gbGB18030 = &gbCodec{name: "GB18030", enc: &gb18030Encoders, dec: &gb18030Decoders, encGrow: 2, gb18030: true, encGB18030: true}
)

// gb18030FFFD is the one GB18030 sequence that decodes to U+FFFD as a
// character rather than as x/text's mark for a malformed sequence.
var gb18030FFFD = []byte{0x84, 0x31, 0xa4, 0x37}

// utf8FFFD is U+FFFD in UTF-8.
var utf8FFFD = []byte("\uFFFD")

// gbCodec is Msg_Fmt 15 over golang.org/x/text/encoding/simplifiedchinese.
type gbCodec struct {
	name    string
	enc     *sync.Pool // of *xenc.Encoder
	dec     *sync.Pool // of *xenc.Decoder
	encGrow int        // most wire octets per UTF-8 octet: 1 for GBK, 2 for GB18030
	gb18030 bool       // the decoder reads GB18030 (four-octet sequences)
	// encGB18030: the encoder writes GB18030, whose x/text tables map part
	// of the Private Use Area to sequences that decode to other characters.
	encGB18030 bool
}

// Fmt returns FmtGB.
func (c *gbCodec) Fmt() cmpp.MsgFmt { return cmpp.FmtGB }

// AppendEncode appends the GBK (GB, GBK) or GB18030 form of src. A character
// the charset lacks is an ErrUnencodable error with its rune and offset;
// invalid UTF-8 is ErrInvalidUTF8 (x/text would have encoded it as a
// replacement character). The euro sign encodes as 0x80 in GBK (code page
// 936), as x/text does. GB18030 refuses the Private Use Area characters that
// x/text would encode to a sequence that decodes to another character (most
// of U+E000–U+E864). It does not allocate when cap(dst)-len(dst) ≥ len(src)
// for GB and GBK, 2·len(src) for GB18030.
func (c *gbCodec) AppendEncode(dst, src []byte) ([]byte, error) {
	if len(src) == 0 {
		return dst, nil
	}
	// x/text would encode invalid UTF-8 as a replacement character, so
	// only the valid prefix goes to it; the first fault, whichever kind,
	// is the one reported.
	valid, bad := src, invalidUTF8(src)
	if bad >= 0 {
		valid = src[:bad]
	}
	e := c.enc.Get().(*xenc.Encoder)
	out, n, err := appendTransform(e, dst, valid, c.encGrow)
	if err == nil && c.encGB18030 {
		n = c.irreversible(e, valid)
		if n >= 0 {
			err = ErrUnencodable
		}
	}
	c.enc.Put(e)
	if err != nil {
		// x/text stops before the rune it cannot encode.
		r, _ := utf8.DecodeRune(src[n:])
		return dst, &Error{Codec: c.name, Offset: n, Rune: r, Err: ErrUnencodable}
	}
	if bad >= 0 {
		return dst, &Error{Codec: c.name, Offset: bad, Rune: NoRune, Err: ErrInvalidUTF8}
	}
	return out, nil
}

// AppendDecode appends the UTF-8 form of src, read as GB18030 (GB, GB18030)
// or GBK. A sequence the charset does not define is an ErrMalformed error at
// its offset, never a replacement character; so is a four-octet sequence
// whose second octet is not a digit 0x30–0x39, which x/text would accept.
// The GB18030 sequence for U+FFFD itself (84 31 A4 37) decodes normally. The
// octet 0x80 decodes to the euro sign, as in code page 936 and the WHATWG
// decoders. It does not allocate when cap(dst)-len(dst) ≥ len(src)·3/2 and
// src holds no 0x80 octet; 3·len(src) is always enough.
func (c *gbCodec) AppendDecode(dst, src []byte) ([]byte, error) {
	if len(src) == 0 {
		return dst, nil
	}
	d := c.dec.Get().(*xenc.Decoder)
	out, _, err := appendTransform(d, dst, src, 3)
	if err == nil && !bytes.Contains(out[len(dst):], utf8FFFD) && !(c.gb18030 && loose4(src)) {
		c.dec.Put(d)
		return out, nil
	}
	// x/text marks a malformed sequence with U+FFFD, and takes a loose
	// four-octet sequence for a character. Find the first such sequence,
	// one character at a time; a genuine U+FFFD is no error.
	off := c.malformed(d, src)
	c.dec.Put(d)
	if off < 0 && err == nil {
		return out, nil
	}
	if off < 0 {
		off = 0 // the decoder failed without a bad sequence; not seen in x/text
	}
	return dst, &Error{Codec: c.name, Decode: true, Offset: off, Rune: NoRune, Err: ErrMalformed}
}

// malformed returns the offset of the first sequence of src that t decodes
// to U+FFFD other than the GB18030 sequence for U+FFFD, or -1.
func (c *gbCodec) malformed(t transform.Transformer, src []byte) int {
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(src); {
		// A destination of k octets takes exactly one character of k
		// octets: try k = 1 … 4 until one character fits.
		nd, ns := 0, 0
		for k := 1; k <= len(buf) && nd == 0; k++ {
			t.Reset()
			nd, ns, _ = t.Transform(buf[:k], src[i:], true)
		}
		if nd == 0 || ns == 0 {
			return i
		}
		if r, _ := utf8.DecodeRune(buf[:nd]); r == utf8.RuneError &&
			!(c.gb18030 && bytes.Equal(src[i:i+ns], gb18030FFFD)) {
			return i
		}
		if ns == 4 && src[i+1] > '9' { // loose: see loose4
			return i
		}
		i += ns
	}
	return -1
}

// irreversible returns the offset of the first character of the valid
// UTF-8 src that e encodes to a sequence decoding to something else, or
// -1. Only the Private Use Area is affected: x/text's GB18030 tables give
// U+E000–U+E864 (all but a few) four-octet sequences that decode to other
// characters, where GB18030 puts them in the two-octet user-defined
// areas, which x/text does not decode. Such a character is reported
// unencodable rather than sent wrong. The check covers U+E000–U+EFFF
// (UTF-8 lead octet 0xEE), so ordinary text pays one IndexByte;
// TestGBEveryRuneRoundTrips proves the rest of Unicode round-trips.
func (c *gbCodec) irreversible(e transform.Transformer, src []byte) int {
	if bytes.IndexByte(src, 0xee) < 0 {
		return -1
	}
	d := c.dec.Get().(*xenc.Decoder)
	defer c.dec.Put(d)
	var w, u [2 * utf8.UTFMax]byte
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if 0xe000 <= r && r <= 0xefff {
			e.Reset()
			nw, _, err := e.Transform(w[:], src[i:i+n], true)
			d.Reset()
			nu, _, err2 := d.Transform(u[:], w[:nw], true)
			if err != nil || err2 != nil || !bytes.Equal(u[:nu], src[i:i+n]) {
				return i
			}
		}
		i += n
	}
	return -1
}

// loose4 reports whether src, walked character by character, has a
// four-octet sequence whose second octet is 0x3A–0x3F. GB18030 allows only
// the digits 0x30–0x39 there, but x/text's decoder accepts 0x30–0x3F and
// decodes such a sequence to some character, which no encoder writes; the
// GB codecs reject it. Where this walk and x/text disagree on where
// characters start, x/text has met a malformed sequence before and
// written U+FFFD, which sends AppendDecode to the exact check anyway.
func loose4(src []byte) bool {
	for i := 0; i < len(src); {
		if c := src[i]; 0x81 <= c && c <= 0xfe && i+1 < len(src) && 0x3a <= src[i+1] && src[i+1] <= 0x3f {
			return true
		}
		i += gbCharLen(src[i:])
	}
	return false
}

// appendTransform appends t's conversion of all of src to dst, like
// transform.Append, but it uses dst's spare capacity even when len(dst) ==
// 0 and grows by at most grow octets per remaining input octet. It returns
// how much of src was converted and t's error.
func appendTransform(t transform.Transformer, dst, src []byte, grow int) ([]byte, int, error) {
	t.Reset()
	p, ns := len(dst), 0
	for {
		nd, n, err := t.Transform(dst[p:cap(dst)], src[ns:], true)
		p += nd
		ns += n
		if err != transform.ErrShortDst {
			return dst[:p], ns, err
		}
		dst = slices.Grow(dst[:p], grow*(len(src)-ns)+utf8.UTFMax)
	}
}
