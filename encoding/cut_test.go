package encoding_test

import (
	"strings"
	"testing"

	"github.com/go-cmpp/cmpp"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
)

// The long-SMS splitters of ANCHORS §4 cut a character in two. CutLen
// backs off to the last whole character: a UCS2 code unit, a surrogate
// pair, a two- or four-octet GB sequence.
func TestCutLenNeverSplitsACharacter_SplitCharacters(t *testing.T) {
	tests := []struct {
		name string
		f    cmpp.MsgFmt
		wire string
		max  int
		want int
	}{
		{"fits", cmpp.FmtUCS2, "4f60597d", 4, 4},
		{"fits with room", cmpp.FmtUCS2, "4f60597d", 140, 4},
		{"UCS2 odd max rounds down", cmpp.FmtUCS2, "4f60597d4f60", 3, 2},
		{"UCS2 even max", cmpp.FmtUCS2, "4f60597d4f60", 4, 4},
		{"UCS2 keeps a surrogate pair whole", cmpp.FmtUCS2, "0061d83dde000062", 4, 2},
		{"UCS2 pair fits exactly", cmpp.FmtUCS2, "0061d83dde000062", 6, 6},
		{"UCS2 odd max before a pair", cmpp.FmtUCS2, "0061d83dde000062", 5, 2},
		{"UCS2 low surrogate at the cut is after its high one", cmpp.FmtUCS2, "d83dde000062", 4, 4},
		{"UCS2 max below one unit", cmpp.FmtUCS2, "4f60", 1, 0},
		{"GB two-octet", cmpp.FmtGB, "c4e3bac3", 3, 2},
		{"GB ASCII then two-octet", cmpp.FmtGB, "61c4e3", 2, 1},
		{"GB trail octet looks like ASCII", cmpp.FmtGB, "8140814061", 3, 2},
		{"GB four-octet whole", cmpp.FmtGB, "619439fc3662", 4, 1},
		{"GB four-octet fits", cmpp.FmtGB, "619439fc3662", 5, 5},
		{"GB 0x80 single", cmpp.FmtGB, "80c4e3", 2, 1},
		{"GB max below one character", cmpp.FmtGB, "c4e3", 1, 0},
		{"ASCII any octet", cmpp.FmtASCII, "6162636465", 3, 3},
		{"binary any octet", cmpp.FmtBinary, "d83dde00", 1, 1},
		{"SIM any octet", cmpp.FmtSIM, "d83dde00", 3, 3},
		{"unknown format octets", 9, "d83dde00", 3, 3},
		{"max 0", cmpp.FmtASCII, "61", 0, 0},
		{"max negative", cmpp.FmtGB, "61", -1, 0},
		{"empty", cmpp.FmtUCS2, "", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cmppenc.CutLen(tc.f, unhex(t, tc.wire), tc.max); got != tc.want {
				t.Errorf("CutLen(%v, %s, %d) = %d, want %d", tc.f, tc.wire, tc.max, got, tc.want)
			}
		})
	}
}

// The 67- and 66-character UCS2 segments of spec reference §5.7: 134 and
// 133 payload octets hold 67 and 66 code units; a pair that straddles the
// cut moves to the next segment.
func TestCutLenSegmentPayloads(t *testing.T) {
	seventy := mustEncode(t, cmppenc.UCS2, []byte(strings.Repeat("字", 70)))
	if n := cmppenc.CutLen(cmpp.FmtUCS2, seventy, 134); n != 134 {
		t.Errorf("134-octet cut = %d, want 134 (67 characters)", n)
	}
	if n := cmppenc.CutLen(cmpp.FmtUCS2, seventy, 133); n != 132 {
		t.Errorf("133-octet cut = %d, want 132 (66 characters)", n)
	}
	// 66 BMP characters then an emoji: units 67 and 68 are the pair.
	withPair := mustEncode(t, cmppenc.UCS2, []byte(strings.Repeat("字", 66)+"😀"+strings.Repeat("字", 3)))
	if n := cmppenc.CutLen(cmpp.FmtUCS2, withPair, 134); n != 132 {
		t.Errorf("cut through a pair = %d, want 132", n)
	}
}
