package concat

import (
	"github.com/go-cmpp/cmpp"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
)

// payloadLen returns the payload octets per segment with the 8-bit
// (wide false) or 16-bit reference.
func payloadLen(wide bool) int { return Ref{Wide: wide}.PayloadLen() }

// next returns the length of the segment payload that starts content: the
// longest prefix of at most per octets that ends on a character boundary.
func next(f cmpp.MsgFmt, content []byte, per int) int {
	if k := cmppenc.CutLen(f, content, per); k > 0 {
		return k
	}
	return min(per, len(content)) // not reached: per ≥ 133 holds any character
}

// Count returns how many segments content of Msg_Fmt f needs: 1 when it
// fits one message (len(content) ≤ f.MaxContentLen(): 159 octets for
// ASCII, 140 otherwise), else the number of segments of at most 134
// payload octets (133 when wide, the 16-bit reference) that [Split] makes,
// never cutting a character. The result may exceed [MaxSegments].
func Count(content []byte, f cmpp.MsgFmt, wide bool) int {
	n, _ := count(content, f, wide)
	return n
}

// count returns the number of segments and the offset in content where
// segment MaxSegments+1 would start (len(content) if there is none).
func count(content []byte, f cmpp.MsgFmt, wide bool) (n, fits int) {
	if len(content) <= f.MaxContentLen() {
		return 1, len(content)
	}
	per := payloadLen(wide)
	fits = -1
	for off := 0; off < len(content); n++ {
		if n == MaxSegments {
			fits = off
		}
		off += next(f, content[off:], per)
	}
	if fits < 0 {
		fits = len(content)
	}
	return n, fits
}

// Split cuts content, already encoded in Msg_Fmt f, into the Msg_Content
// of each segment. Content that fits one message (see [Count]) comes back
// as one segment without a UDH. Longer content becomes segments of at most
// 140 octets, each the concatenation UDH for ref followed by a payload of
// at most 134 (8-bit ref) or 133 (16-bit) octets that ends on a character
// boundary of f ([cmppenc.CutLen]; for ASCII, binary and unknown formats,
// any octet). Content that is not valid in f is cut where its structure
// suggests; validate it with a codec first if that matters.
//
// The segments are newly allocated, in one buffer; content is not
// retained. It fails for an 8-bit ref above 255 ([ErrRef]) and for content
// needing more than 255 segments ([ErrTooManySegments], Offset where the
// 256th would start).
func Split(content []byte, f cmpp.MsgFmt, ref Ref) ([][]byte, error) {
	total, fits := count(content, f, ref.Wide)
	if total == 1 {
		return [][]byte{append([]byte(nil), content...)}, nil
	}
	if err := ref.check(); err != nil {
		return nil, err
	}
	if total > MaxSegments {
		return nil, &Error{Offset: fits, Err: ErrTooManySegments}
	}
	per := ref.PayloadLen()
	buf := make([]byte, 0, len(content)+total*ref.UDHLen())
	segs := make([][]byte, 0, total)
	for off, i := 0, 1; off < len(content); i++ {
		k := next(f, content[off:], per)
		start := len(buf)
		buf, _ = AppendUDH(buf, ref, uint8(total), uint8(i)) // valid: ref checked, 1 ≤ i ≤ total ≤ 255
		buf = append(buf, content[off:off+k]...)
		segs = append(segs, buf[start:len(buf):len(buf)])
		off += k
	}
	return segs, nil
}

// Submits splits content (Msg_Fmt f) as [Split] does and returns one
// ready-to-send CMPP_SUBMIT per segment. Each is a copy of tmpl (nil
// means a zero Submit) with Pk_total, Pk_number, TP_udhi, Msg_Fmt and
// Msg_Content set: TP_udhi 1 and Pk_total the number of segments for a
// long message, TP_udhi 0 and Pk_total = Pk_number = 1 for one that fits.
// The copies share tmpl's other []byte fields and DestTerminalIDs; they
// own their Msg_Content. Msg_Id stays tmpl's (0 from an SP).
func Submits(tmpl *cmpp.Submit, content []byte, f cmpp.MsgFmt, ref Ref) ([]*cmpp.Submit, error) {
	segs, err := Split(content, f, ref)
	if err != nil {
		return nil, err
	}
	var base cmpp.Submit
	if tmpl != nil {
		base = *tmpl
	}
	subs := make([]cmpp.Submit, len(segs))
	out := make([]*cmpp.Submit, len(segs))
	for i, seg := range segs {
		s := &subs[i]
		*s = base
		s.PkTotal = uint8(len(segs))
		s.PkNumber = uint8(i + 1)
		s.TPUDHI = 0
		if len(segs) > 1 {
			s.TPUDHI = 1
		}
		s.MsgFmt = f
		s.MsgContent = seg
		out[i] = s
	}
	return out, nil
}

// Delivers is Submits for the gateway's side of a long mobile-originated
// message: it splits content (Msg_Fmt f) as [Split] does and returns one
// ready-to-send CMPP_DELIVER per segment, each a copy of tmpl (nil means
// a zero Deliver) with TP_udhi, Msg_Fmt and Msg_Content set (TP_udhi 1
// for a long message, 0 for one that fits). A DELIVER has no Pk_total or
// Pk_number: the concatenation element carries them. The copies share
// tmpl's other []byte fields and own their Msg_Content. Leave tmpl's
// Registered_Delivery 0: a status report is never split.
func Delivers(tmpl *cmpp.Deliver, content []byte, f cmpp.MsgFmt, ref Ref) ([]*cmpp.Deliver, error) {
	segs, err := Split(content, f, ref)
	if err != nil {
		return nil, err
	}
	var base cmpp.Deliver
	if tmpl != nil {
		base = *tmpl
	}
	ds := make([]cmpp.Deliver, len(segs))
	out := make([]*cmpp.Deliver, len(segs))
	for i, seg := range segs {
		d := &ds[i]
		*d = base
		d.TPUDHI = 0
		if len(segs) > 1 {
			d.TPUDHI = 1
		}
		d.MsgFmt = f
		d.MsgContent = seg
		out[i] = d
	}
	return out, nil
}

// Plan is the cheapest way to send a text, as [Choose] works it out.
type Plan struct {
	// Codec is cmppenc.ASCII or cmppenc.UCS2; Codec.Fmt() is the Msg_Fmt.
	Codec cmppenc.Codec
	// Content is the text encoded with Codec (newly allocated).
	Content []byte
	// Segments is the number of SUBMITs Content needs, counted the way
	// [Split] cuts it: 1 for a single message.
	Segments int
}

// Choose picks the cheapest Msg_Fmt for text, encodes it and counts its
// segments with the 8-bit reference (wide false) or the 16-bit one. ASCII
// is chosen when every character is ASCII (one octet a character: 159 in
// a single message, 134 or 133 a segment); otherwise UCS2 (70 characters
// in a single message, 67 or 66 a segment, one fewer in a segment where a
// surrogate pair would straddle the cut).
//
// Invalid UTF-8 is an [*cmppenc.Error]. A text needing more than 255
// segments is an [ErrTooManySegments] error, with Plan still filled in.
// Choose allocates the encoded content.
func Choose(text string, wide bool) (Plan, error) {
	c := cmppenc.UCS2
	if isASCII(text) {
		c = cmppenc.ASCII
	}
	content, err := c.AppendEncode(make([]byte, 0, encodedCap(c, text)), []byte(text))
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Codec: c, Content: content}
	var fits int
	p.Segments, fits = count(content, c.Fmt(), wide)
	if p.Segments > MaxSegments {
		return p, &Error{Offset: fits, Err: ErrTooManySegments}
	}
	return p, nil
}

// SubmitText sends text the cheapest way: it chooses ASCII or UCS2 with
// [Choose] and splits with ref as [Submits] does.
func SubmitText(tmpl *cmpp.Submit, text string, ref Ref) ([]*cmpp.Submit, error) {
	p, err := Choose(text, ref.Wide)
	if err != nil {
		return nil, err
	}
	return Submits(tmpl, p.Content, p.Codec.Fmt(), ref)
}

// DeliverText is SubmitText for an MO: it chooses ASCII or UCS2 with
// [Choose] and splits with ref as [Delivers] does.
func DeliverText(tmpl *cmpp.Deliver, text string, ref Ref) ([]*cmpp.Deliver, error) {
	p, err := Choose(text, ref.Wide)
	if err != nil {
		return nil, err
	}
	return Delivers(tmpl, p.Content, p.Codec.Fmt(), ref)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// encodedCap is the exact length of text in c (ASCII or UCS2), so that
// Choose allocates the content once.
func encodedCap(c cmppenc.Codec, text string) int {
	if c == cmppenc.ASCII {
		return len(text)
	}
	n := 0
	for _, r := range text {
		n += 2
		if r >= 0x10000 {
			n += 2
		}
	}
	return n
}
