package concat_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

func TestParseUDH(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    concat.UDH
	}{
		{"8-bit reference", "050003 2a 03 01 4f60",
			concat.UDH{Len: 6, HasConcat: true, Concat: concat.Concat{Ref: concat.Ref8(0x2a), Total: 3, Number: 1, IEI: 0x00}}},
		{"16-bit reference", "060804 1234 02 02 4f60",
			concat.UDH{Len: 7, HasConcat: true, Concat: concat.Concat{Ref: concat.Ref16(0x1234), Total: 2, Number: 2, IEI: 0x08}}},
		{"last segment of 255", "050003 ff ff ff",
			concat.UDH{Len: 6, HasConcat: true, Concat: concat.Concat{Ref: concat.Ref8(0xff), Total: 255, Number: 255}}},
		{"empty UDH", "00 4142", concat.UDH{Len: 1}},
		{"port addressing only", "06 05 04 0b84 23f0 4142", concat.UDH{Len: 7}},
		{"unknown elements only", "05 70 00 71 01 ff", concat.UDH{Len: 6}},
		{"empty payload", "050003 01 02 02",
			concat.UDH{Len: 6, HasConcat: true, Concat: concat.Concat{Ref: concat.Ref8(1), Total: 2, Number: 2}}},
		{"last concatenation element counts", "0a 000301 0201 000302 0202",
			concat.UDH{Len: 11, HasConcat: true, Concat: concat.Concat{Ref: concat.Ref8(2), Total: 2, Number: 2}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := concat.ParseUDH(unhex(t, tc.content))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// itio-codec-cmpp's UDH parser assumes the first element is the
// concatenation one (ANCHORS §4, Rust/Java/C), so a port-addressing
// element in front is misread as the reference and counts.
func TestParseUDHPortsBeforeConcat_FirstIEAssumedConcat(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    concat.Concat
	}{
		{"16-bit ports then 8-bit concat", "0b 05 04 0b84 23f0 00 03 7f 02 01 cafe",
			concat.Concat{Ref: concat.Ref8(0x7f), Total: 2, Number: 1, IEI: 0x00}},
		{"8-bit ports then 16-bit concat", "0a 04 02 f0 f1 08 04 beef 03 03",
			concat.Concat{Ref: concat.Ref16(0xbeef), Total: 3, Number: 3, IEI: 0x08}},
		{"unknown IE then concat", "09 24 02 aabb 00 03 05 04 02 4f60",
			concat.Concat{Ref: concat.Ref8(5), Total: 4, Number: 2}},
		{"concat then ports", "0b 00 03 05 02 01 05 04 0b84 23f0",
			concat.Concat{Ref: concat.Ref8(5), Total: 2, Number: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := unhex(t, tc.content)
			got, err := concat.ParseUDH(b)
			if err != nil || !got.HasConcat || got.Concat != tc.want || got.Len != int(b[0])+1 {
				t.Errorf("ParseUDH(%s) = %+v, %v, want concat %+v", tc.content, got, err, tc.want)
			}
		})
	}
}

// itio-codec-cmpp writes the 16-bit reference with IEI 0x00 (06 00 04 …,
// spec reference §13 item 3). We write 0x08 and accept the broken form.
func TestParseUDHBroken16BitForm_WrongIEI00(t *testing.T) {
	got, err := concat.ParseUDH(unhex(t, "060004 1234 02 01 4f60"))
	want := concat.Concat{Ref: concat.Ref16(0x1234), Total: 2, Number: 1, IEI: 0x00}
	if err != nil || got.Concat != want || got.Len != 7 {
		t.Errorf("ParseUDH(06 00 04 …) = %+v, %v, want %+v", got, err, want)
	}
	udh, _ := concat.AppendUDH(nil, concat.Ref16(0x1234), 2, 1)
	if hex.EncodeToString(udh) != "06080412340201" {
		t.Errorf("AppendUDH(Ref16) = %x, want 06 08 04 12 34 02 01", udh)
	}
}

// itio-codec-cmpp computes a negative buffer size when UDHL exceeds
// Msg_Length (ANCHORS §4); here every inconsistency is a typed error at
// the offset of the octet at fault.
func TestParseUDHErrors_UDHLongerThanContent(t *testing.T) {
	tests := []struct {
		name    string
		content string
		err     error
		off     int
	}{
		{"empty content", "", concat.ErrUDHLength, 0},
		{"UDHL beyond content", "05 000301", concat.ErrUDHLength, 0},
		{"UDHL 255, content short", "ff 0003010201", concat.ErrUDHLength, 0},
		{"IE without its length octet", "01 00", concat.ErrIEOverrun, 1},
		{"IE overruns the UDH", "04 00 03 01 02 01", concat.ErrIEOverrun, 1},
		{"second IE overruns", "06 70 00 00 03 01 02 01", concat.ErrIEOverrun, 3},
		{"total 0", "050003 01 00 01", concat.ErrConcat, 1},
		{"number 0", "050003 01 02 00", concat.ErrConcat, 1},
		{"number above total", "050003 01 02 03", concat.ErrConcat, 1},
		{"16-bit number above total", "060804 0001 01 02", concat.ErrConcat, 1},
		{"IEI 0x00 with 2 octets", "040002 0102", concat.ErrConcat, 1},
		{"IEI 0x08 with 3 octets", "050803 010201", concat.ErrConcat, 1},
		{"bad concat after ports", "0b 05 04 0b84 23f0 00 03 01 00 01", concat.ErrConcat, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := concat.ParseUDH(unhex(t, tc.content))
			var e *concat.Error
			if !errors.As(err, &e) || !errors.Is(err, tc.err) || e.Offset != tc.off {
				t.Fatalf("ParseUDH(%s) error %v, want %v at offset %d", tc.content, err, tc.err, tc.off)
			}
			if !errors.Is(err, cmpp.ErrInvalid) || !strings.HasPrefix(err.Error(), "concat: at offset ") {
				t.Errorf("error %q: want cmpp.ErrInvalid and the concat: prefix", err)
			}
		})
	}
}

func TestHasUDHI_TPUDHI0x40(t *testing.T) {
	for v, want := range map[uint8]bool{0: false, 1: true, 0x40: true, 0x41: true, 0x02: false, 0x80: false} {
		if got := concat.HasUDHI(v); got != want {
			t.Errorf("HasUDHI(%#x) = %v, want %v", v, got, want)
		}
	}
	payload, h, err := concat.Payload(0x40, unhex(t, "050003 09 02 01 4f60"))
	if err != nil || hex.EncodeToString(payload) != "4f60" || h.Concat.Ref != concat.Ref8(9) {
		t.Errorf("Payload(0x40, …) = %x, %+v, %v", payload, h, err)
	}
	payload, _, err = concat.Payload(0, unhex(t, "050003 09 02 01 4f60"))
	if err != nil || len(payload) != 8 {
		t.Errorf("Payload(0, …) = %x, %v, want the content unchanged", payload, err)
	}
}

func TestAppendUDH(t *testing.T) {
	tests := []struct {
		ref           concat.Ref
		total, number uint8
		want          string
		err           error
	}{
		{concat.Ref8(0x2a), 3, 1, "0500032a0301", nil},
		{concat.Ref8(0), 255, 255, "05000300ffff", nil},
		{concat.Ref16(0xbeef), 2, 2, "060804beef0202", nil},
		{concat.Ref{N: 256}, 2, 1, "", concat.ErrRef},
		{concat.Ref8(1), 0, 0, "", concat.ErrConcat},
		{concat.Ref8(1), 2, 3, "", concat.ErrConcat},
		{concat.Ref8(1), 2, 0, "", concat.ErrConcat},
	}
	for _, tc := range tests {
		got, err := concat.AppendUDH([]byte{}, tc.ref, tc.total, tc.number)
		if hex.EncodeToString(got) != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("AppendUDH(%v, %d, %d) = %x, %v, want %s, %v", tc.ref, tc.total, tc.number, got, err, tc.want, tc.err)
		}
	}
}
