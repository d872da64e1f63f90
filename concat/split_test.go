package concat_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
	"github.com/stretchr/testify/require"
)

func ucs2(t testing.TB, s string) []byte {
	t.Helper()
	b, err := cmppenc.UCS2.AppendEncode(nil, []byte(s))
	require.NoError(t, err)
	return b
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := cmppenc.GBK.AppendEncode(nil, []byte(s))
	require.NoError(t, err)
	return b
}

// Segment sizes worked out by hand from spec reference §5.7: 140 octets a
// segment, UDH included, never cutting a character.
func TestSplitSizes_SplitCharacters(t *testing.T) {
	zi := strings.Repeat("字", 200)
	tests := []struct {
		name    string
		content []byte
		f       cmpp.MsgFmt
		ref     concat.Ref
		payload []int // payload octets per segment
	}{
		{"ASCII 159 fits one", []byte(strings.Repeat("a", 159)), cmpp.FmtASCII, concat.Ref8(1), []int{159}},
		{"ASCII 160 splits 134+26", []byte(strings.Repeat("a", 160)), cmpp.FmtASCII, concat.Ref8(1), []int{134, 26}},
		{"ASCII 160 16-bit 133+27", []byte(strings.Repeat("a", 160)), cmpp.FmtASCII, concat.Ref16(1), []int{133, 27}},
		{"UCS2 70 characters fit one", ucs2(t, zi[:70*3]), cmpp.FmtUCS2, concat.Ref8(1), []int{140}},
		{"UCS2 71 characters: 67+4", ucs2(t, zi[:71*3]), cmpp.FmtUCS2, concat.Ref8(1), []int{134, 8}},
		{"UCS2 71 characters 16-bit: 66+5", ucs2(t, zi[:71*3]), cmpp.FmtUCS2, concat.Ref16(1), []int{132, 10}},
		{"UCS2 200 characters: 67+67+66", ucs2(t, zi), cmpp.FmtUCS2, concat.Ref8(1), []int{134, 134, 132}},
		{"UCS2 pair straddling the cut moves on", ucs2(t, zi[:66*3]+"😀"+zi[:10*3]), cmpp.FmtUCS2, concat.Ref8(1), []int{132, 24}},
		{"UCS2 pair ending at the cut stays", ucs2(t, zi[:65*3]+"😀"+zi[:10*3]), cmpp.FmtUCS2, concat.Ref8(1), []int{134, 20}},
		{"GBK 70 characters fit one", gbk(t, zi[:70*3]), cmpp.FmtGB, concat.Ref8(1), []int{140}},
		{"GBK odd start: 1+66 characters, then 4", gbk(t, "a"+zi[:70*3]), cmpp.FmtGB, concat.Ref8(1), []int{133, 8}},
		{"GB18030 four-octet sequence kept whole", append(gbk(t, "a"+zi[:66*3]), 0x94, 0x39, 0xfc, 0x36, 0x61, 0x61, 0x61, 0x61), cmpp.FmtGB, concat.Ref8(1), []int{133, 8}},
		{"binary cut anywhere", bytes.Repeat([]byte{0xd8}, 141), cmpp.FmtBinary, concat.Ref8(1), []int{134, 7}},
		{"empty", nil, cmpp.FmtUCS2, concat.Ref8(1), []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			segs, err := concat.Split(tc.content, tc.f, tc.ref)
			if err != nil {
				t.Fatal(err)
			}
			if n := concat.Count(tc.content, tc.f, tc.ref.Wide); n != len(segs) {
				t.Errorf("Count = %d, Split made %d segments", n, len(segs))
			}
			var got []int
			var joined []byte
			for i, s := range segs {
				if len(s) > concat.MaxSegmentLen && len(segs) > 1 || len(s) > tc.f.MaxContentLen() {
					t.Errorf("segment %d is %d octets", i+1, len(s))
				}
				if len(segs) == 1 {
					got = append(got, len(s))
					joined = append(joined, s...)
					continue
				}
				h, err := concat.ParseUDH(s)
				want := concat.Concat{Ref: tc.ref, Total: uint8(len(segs)), Number: uint8(i + 1), IEI: 0x00}
				if tc.ref.Wide {
					want.IEI = 0x08
				}
				if err != nil || h.Concat != want || h.Len != tc.ref.UDHLen() {
					t.Fatalf("segment %d UDH %+v, %v, want %+v", i+1, h, err, want)
				}
				got = append(got, len(s)-h.Len)
				joined = append(joined, s[h.Len:]...)
			}
			if !equalInts(got, tc.payload) {
				t.Errorf("payloads %v, want %v", got, tc.payload)
			}
			if !bytes.Equal(joined, tc.content) {
				t.Errorf("joined payloads differ from the content")
			}
			if c, ok := cmppenc.ForFmt(tc.f); ok && tc.f != cmpp.FmtBinary {
				for i, s := range segs {
					p := s
					if len(segs) > 1 {
						p = s[tc.ref.UDHLen():]
					}
					if _, err := c.AppendDecode(nil, p); err != nil {
						t.Errorf("segment %d does not decode alone (a character was cut): %v", i+1, err)
					}
				}
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Known answer built by hand: 160 ASCII 'a' with reference 0x2a.
func TestSplitKnownAnswer(t *testing.T) {
	segs, err := concat.Split([]byte(strings.Repeat("a", 160)), cmpp.FmtASCII, concat.Ref8(0x2a))
	if err != nil || len(segs) != 2 {
		t.Fatalf("Split = %d segments, %v", len(segs), err)
	}
	want1 := "0500032a0201" + strings.Repeat("61", 134)
	want2 := "0500032a0202" + strings.Repeat("61", 26)
	if hex.EncodeToString(segs[0]) != want1 || hex.EncodeToString(segs[1]) != want2 {
		t.Errorf("segments\n%x\n%x\nwant\n%s\n%s", segs[0], segs[1], want1, want2)
	}
}

func TestSplitErrors(t *testing.T) {
	max := []byte(strings.Repeat("a", 134*255))
	if segs, err := concat.Split(max, cmpp.FmtASCII, concat.Ref8(1)); err != nil || len(segs) != 255 {
		t.Errorf("Split of 255×134 octets = %d segments, %v", len(segs), err)
	}
	_, err := concat.Split(append(max, 'b'), cmpp.FmtASCII, concat.Ref8(1))
	var e *concat.Error
	if !errors.As(err, &e) || !errors.Is(err, concat.ErrTooManySegments) || e.Offset != 134*255 {
		t.Errorf("Split of 255×134+1 octets: %v, want ErrTooManySegments at %d", err, 134*255)
	}
	if n := concat.Count(append(max, 'b'), cmpp.FmtASCII, false); n != 256 {
		t.Errorf("Count = %d, want 256", n)
	}
	if _, err := concat.Split(max, cmpp.FmtASCII, concat.Ref{N: 300}); !errors.Is(err, concat.ErrRef) {
		t.Errorf("Split with 8-bit ref 300: %v, want ErrRef", err)
	}
	if segs, err := concat.Split([]byte("short"), cmpp.FmtASCII, concat.Ref{N: 300}); err != nil || len(segs) != 1 {
		t.Errorf("Split of a single message needs no ref: %d, %v", len(segs), err)
	}
}

func TestSubmits(t *testing.T) {
	tmpl := &cmpp.Submit{
		RegisteredDelivery: 1,
		ServiceID:          []byte("HELP"),
		FeeUserType:        2,
		MsgSrc:             []byte("901234"),
		FeeType:            []byte("01"),
		FeeCode:            []byte("000000"),
		SrcID:              []byte("1065801234"),
		DestTerminalIDs:    [][]byte{[]byte("13800138000")},
		TPUDHI:             1, // overwritten
		PkTotal:            9, // overwritten
	}
	text := strings.Repeat("长短信拆分测试，", 20) // 160 characters
	subs, err := concat.Submits(tmpl, ucs2(t, text), cmpp.FmtUCS2, concat.Ref8(7))
	if err != nil || len(subs) != 3 {
		t.Fatalf("Submits = %d, %v, want 3", len(subs), err)
	}
	var joined []byte
	for i, s := range subs {
		if s.PkTotal != 3 || s.PkNumber != uint8(i+1) || s.TPUDHI != 1 || s.MsgFmt != cmpp.FmtUCS2 {
			t.Errorf("segment %d: Pk %d/%d TP_udhi %d Msg_Fmt %v", i+1, s.PkNumber, s.PkTotal, s.TPUDHI, s.MsgFmt)
		}
		if string(s.ServiceID) != "HELP" || string(s.SrcID) != "1065801234" || s.RegisteredDelivery != 1 {
			t.Errorf("segment %d lost template fields: %+v", i+1, s)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("segment %d: Validate: %v", i+1, err)
		}
		if _, err := cmpp.Append(nil, uint32(i+1), s); err != nil {
			t.Errorf("segment %d: Append: %v", i+1, err)
		}
		joined = append(joined, s.MsgContent[6:]...)
	}
	if !bytes.Equal(joined, ucs2(t, text)) {
		t.Error("segments do not join to the content")
	}
	if tmpl.TPUDHI != 1 || tmpl.PkTotal != 9 || tmpl.MsgContent != nil {
		t.Error("Submits modified the template")
	}

	one, err := concat.Submits(tmpl, ucs2(t, "你好"), cmpp.FmtUCS2, concat.Ref8(8))
	if err != nil || len(one) != 1 {
		t.Fatalf("Submits(short) = %d, %v", len(one), err)
	}
	if s := one[0]; s.PkTotal != 1 || s.PkNumber != 1 || s.TPUDHI != 0 || hex.EncodeToString(s.MsgContent) != "4f60597d" {
		t.Errorf("single: Pk %d/%d TP_udhi %d content %x, want 1/1, 0, 4f60597d", s.PkNumber, s.PkTotal, s.TPUDHI, s.MsgContent)
	}
	if s, err := concat.Submits(nil, []byte("hi"), cmpp.FmtASCII, concat.Ref8(1)); err != nil || string(s[0].MsgContent) != "hi" {
		t.Errorf("Submits(nil template) = %v, %v", s, err)
	}
}

func TestChoose(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wide     bool
		codec    cmppenc.Codec
		octets   int
		segments int
	}{
		{"empty", "", false, cmppenc.ASCII, 0, 1},
		{"ASCII 159 single", strings.Repeat("x", 159), false, cmppenc.ASCII, 159, 1},
		{"ASCII 160 two", strings.Repeat("x", 160), false, cmppenc.ASCII, 160, 2},
		{"ASCII 268 two", strings.Repeat("x", 268), false, cmppenc.ASCII, 268, 2},
		{"ASCII 268 wide three", strings.Repeat("x", 268), true, cmppenc.ASCII, 268, 3},
		{"one Chinese character makes UCS2", strings.Repeat("x", 69) + "你", false, cmppenc.UCS2, 140, 1},
		{"UCS2 71 two", strings.Repeat("你", 71), false, cmppenc.UCS2, 142, 2},
		{"UCS2 134 characters two", strings.Repeat("你", 134), false, cmppenc.UCS2, 268, 2},
		{"UCS2 134 characters wide three", strings.Repeat("你", 134), true, cmppenc.UCS2, 268, 3},
		{"emoji at the cut costs a segment", strings.Repeat("你", 66) + "😀" + strings.Repeat("你", 66), false, cmppenc.UCS2, 268, 3},
		{"emoji counts as two units", "😀", false, cmppenc.UCS2, 4, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := concat.Choose(tc.text, tc.wide)
			if err != nil || p.Codec != tc.codec || len(p.Content) != tc.octets || p.Segments != tc.segments {
				t.Fatalf("Choose = {%v, %d octets, %d segments}, %v; want {%v, %d, %d}",
					p.Codec.Fmt(), len(p.Content), p.Segments, err, tc.codec.Fmt(), tc.octets, tc.segments)
			}
			ref := concat.Ref8(1)
			if tc.wide {
				ref = concat.Ref16(1)
			}
			subs, err := concat.SubmitText(nil, tc.text, ref)
			if err != nil || len(subs) != p.Segments {
				t.Errorf("SubmitText made %d segments, %v; Choose counted %d", len(subs), err, p.Segments)
			}
		})
	}
	if _, err := concat.Choose("ok\xff", false); !errors.Is(err, cmppenc.ErrInvalidUTF8) {
		t.Errorf("Choose(invalid UTF-8): %v, want ErrInvalidUTF8", err)
	}
	p, err := concat.Choose(strings.Repeat("你", 67*255+1), false)
	if !errors.Is(err, concat.ErrTooManySegments) || p.Segments != 256 {
		t.Errorf("Choose(too long) = %d segments, %v", p.Segments, err)
	}
}

// itio-codec-cmpp takes the reference as nanoseconds mod 255 (ANCHORS §4):
// two messages in the same instant share it, and 255 never occurs. A
// RefCounter hands out every value in turn, also under concurrency.
func TestRefCounterNotNanosMod255(t *testing.T) {
	var c concat.RefCounter
	seen := map[uint16]bool{}
	for range 256 {
		r := c.Next8()
		if r.Wide || seen[r.N] {
			t.Fatalf("Next8 = %v repeated within 256 calls", r)
		}
		seen[r.N] = true
	}
	if !seen[255] || !seen[0] {
		t.Error("Next8 never gave 0 or 255")
	}
	c2 := concat.NewRefCounter()
	var mu sync.Mutex
	got := map[uint16]bool{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				r := c2.Next16()
				mu.Lock()
				if got[r.N] {
					t.Errorf("Next16 repeated %v", r)
				}
				got[r.N] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

func TestRefLengths(t *testing.T) {
	if r := concat.Ref8(1); r.UDHLen() != 6 || r.PayloadLen() != 134 || r.String() != "ref8:1" {
		t.Errorf("Ref8: %d, %d, %s", r.UDHLen(), r.PayloadLen(), r)
	}
	if r := concat.Ref16(513); r.UDHLen() != 7 || r.PayloadLen() != 133 || r.String() != "ref16:513" {
		t.Errorf("Ref16: %d, %d, %s", r.UDHLen(), r.PayloadLen(), r)
	}
}
