package main

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deliverWith returns the deliver_mo fixture (a UCS2 MO with an 8-bit
// concatenation UDH) with its TP_udhi, Msg_Fmt and Msg_Content replaced,
// Msg_Length and Total_Length patched by hand to match (spec reference
// §6.8: TP_udhi at PDU offset 52, Msg_Fmt at 53, Msg_Length at 88,
// Msg_Content from 89, then the 20-octet LinkID).
func deliverWith(t *testing.T, udhi, msgFmt byte, contentHex string) string {
	t.Helper()
	pdu, err := hex.DecodeString(fixtureHex(t, "deliver_mo"))
	require.NoError(t, err)
	content, err := hex.DecodeString(contentHex)
	require.NoError(t, err)
	linkID := pdu[len(pdu)-20:]
	out := append([]byte{}, pdu[:89]...)
	out[52], out[53], out[88] = udhi, msgFmt, byte(len(content))
	out = append(out, content...)
	out = append(out, linkID...)
	binary.BigEndian.PutUint32(out, uint32(len(out)))
	return hex.EncodeToString(out)
}

// TestContent pins how Msg_Content is shown: every kind of UDH, and every
// reason for having no text.
func TestContent(t *testing.T) {
	const text = "67e58be24eca65e565b095fb59346761" // 查询今日新闻头条 in UCS2
	var in strings.Builder
	for _, c := range []struct {
		comment    string
		udhi, mf   byte
		contentHex string
	}{
		{"16-bit reference (IEI 0x08)", 1, 8, "0608041234020167e58be24eca65e565b095fb59346761"},
		{"16-bit reference under IEI 0x00, as some peers send it", 1, 8, "0600041234030267e58be24eca65e565b095fb59346761"},
		{"TP_udhi 0x40, as many gateways send it", 0x40, 8, "0500037e020267e58be24eca65e565b095fb59346761"},
		{"a UDH with port addressing only", 1, 8, "0605040b8423f0" + text},
		{"port addressing before the concatenation element", 1, 8, "0b05040b8423f00003a50301" + text},
		{"a UDH longer than the content", 1, 8, "200003a50301"},
		{"a concatenation element with part 0", 1, 8, "050003a50300" + text},
		{"TP_udhi 0: the same octets are text", 0, 8, "0500037e0201" + text},
		{"binary (Msg_Fmt 4)", 0, 4, "0102030405"},
		{"SIM card write (Msg_Fmt 3)", 0, 3, "0102030405"},
		{"a Msg_Fmt the spec does not define (0x18, a DCS with class bits)", 0, 0x18, text},
		{"octets that are not ASCII under Msg_Fmt 0", 0, 0, "48656c6c6fe4"},
		{"control characters in ASCII", 0, 0, "48690d0a0009"},
		{"an odd number of UCS2 octets", 0, 8, "4f60597d00"},
		{"GB (Msg_Fmt 15)", 0, 15, "c4e3bac3a3accac0bde7"},
		{"empty", 0, 8, ""},
	} {
		in.WriteString("# " + c.comment + "\n" + deliverWith(t, c.udhi, c.mf, c.contentHex) + "\n")
	}
	out, errs, code := cmd(t, in.String(), "decode", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	golden(t, "content.golden", out)
	js, errs, code := cmd(t, in.String(), "decode", "-json", "-")
	if code != 0 {
		t.Fatalf("-json: exit %d, stderr %s", code, errs)
	}
	golden(t, "content.json.golden", js)
	checkJSONLines(t, js)
	// Every one of them round-trips.
	back, _, code := cmd(t, js, "encode")
	var want strings.Builder
	readHex("", strings.NewReader(in.String()), func(u unit) { want.WriteString(hex.EncodeToString(u.pdu) + "\n") })
	assert.Zero(t, code)
	assert.Equal(t, want.String(), back, "decode -json | encode differs")
}

// TestRightAligned: the FWD gateway codes are right-aligned, padded with
// '0' on the left when encoded, so their trailing NULs are data and must
// survive the round trip (as hex), and a short value is padded with '0'.
func TestRightAligned(t *testing.T) {
	pdu, err := hex.DecodeString(fixtureHex(t, "fwd_mt"))
	require.NoError(t, err)
	copy(pdu[12:], "1001\x00\x00")             // Source_Id, PDU offset 12
	copy(pdu[18:], "\x00\x00\x00\x00\x00\x00") // Destination_Id, offset 18
	in := hex.EncodeToString(pdu)
	js, errs, code := cmd(t, in, "decode", "-json", "-")
	if code != 0 || !strings.Contains(js, `"Source_Id":{"hex":"313030310000"},"Destination_Id":{"hex":"000000000000"}`) {
		t.Fatalf("exit %d, stderr %s, json %s", code, errs, js)
	}
	if back, _, code := cmd(t, js, "encode"); code != 0 || back != in+"\n" {
		t.Errorf("round trip: exit %d\n got %s\nwant %s", code, back, in)
	}
	short := strings.Replace(js, `"Source_Id":{"hex":"313030310000"}`, `"Source_Id":"1001"`, 1)
	copy(pdu[12:], "001001")
	if back, _, code := cmd(t, short, "encode"); code != 0 || back != hex.EncodeToString(pdu)+"\n" {
		t.Errorf("Source_Id \"1001\" is not padded to \"001001\": exit %d, %s", code, back)
	}
}

// TestAfterNUL: a string with octets after its 0x00 padding
// ("13800138000\x00XYZ") is not what it seems: the value ends at the
// 0x00 (DESIGN §3) and encode writes the canonical padding. decode warns,
// naming the fields, in both forms; the exit status stays 0.
func TestAfterNUL(t *testing.T) {
	pdu, err := hex.DecodeString(fixtureHex(t, "submit"))
	require.NoError(t, err)
	copy(pdu[141+11:], "\x00XYZ") // Dest_terminal_Id at PDU offset 141: "13800138000", then junk
	copy(pdu[24+5:], "\x00Q")     // Service_Id at 24: "MNEWS", then junk
	in := hex.EncodeToString(pdu)
	out, errs, code := cmd(t, in, "decode", "-")
	assert.Zero(t, code, errs)
	assert.Contains(t, out, "  warning                     octets after the 0x00 that ends Service_Id, Dest_terminal_Id: not part of the value")
	_, errs, code = cmd(t, in, "decode", "-json", "-")
	assert.Zero(t, code)
	assert.Equal(t, "cmpp: stdin:1: #1: warning: octets after the 0x00 that ends Service_Id, Dest_terminal_Id: not part of the value, so encode writes the canonical padding, not these octets\n", errs)

	// In a status report too; Reserve fields and Msg_Content are not
	// strings and are not checked.
	rep, err := hex.DecodeString(fixtureHex(t, "deliver_report71"))
	require.NoError(t, err)
	copy(rep[89+35+11:], "\x00\x01") // Report.Dest_terminal_Id: Msg_Content at 89, the field at 35 in it
	out, _, _ = cmd(t, hex.EncodeToString(rep), "decode", "-")
	assert.Contains(t, out, "octets after the 0x00 that ends Report.Dest_terminal_Id:")
	for _, name := range []string{"submit", "query", "deliver_mo", "fwd_report", "fwd_moreport", "deliver_report60"} {
		out, _, _ := cmd(t, fixtureHex(t, name), "decode", "-")
		assert.NotContains(t, out, "octets after the 0x00", name)
	}
}

// TestTimeText: the time fields are read as the spec writes them.
func TestTimeText(t *testing.T) {
	for _, tc := range []struct{ field, value, want string }{
		{"Done_time", "2501020306", " (2025-01-02 03:06 CST)"},
		{"Submit_time", "2513020306", " (not a YYMMDDHHMM time)"},
		{"CMPP_DELIVER_time", "", ""},
		{"At_Time", "250102040000032+", " (2025-01-02 04:00:00.0 +08:00)"},
		{"Valid_Time", "250102040000504-", " (2025-01-02 04:00:00.5 -01:00)"},
		{"ValId_Time", "000001120000000R", " (relative: YY MM DD hh mm ss after the gateway received it)"},
		{"ValId_Time", "tomorrow", " (not an SMPP time)"},
		{"Service_Id", "2501020306", ""},
	} {
		assert.Equal(t, tc.want, timeText(tc.field, []byte(tc.value)), "%s %q", tc.field, tc.value)
	}
}
