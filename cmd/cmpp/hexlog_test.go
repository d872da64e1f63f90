package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHexFromLogs decodes hex as real tools and logs print it: xxd and
// hexdump -C output (made by the tools from the fixtures' octets), a
// Wireshark "Copy as Hex Dump" of a whole Ethernet/IPv4/TCP frame and of
// the CMPP bytes alone, and log lines with a timestamp and a message
// around the hex. Each must decode to the same PDUs as the plain hex
// lines of testdata/logs/NAME.want.hex (the fixtures' octets).
func TestHexFromLogs(t *testing.T) {
	for _, name := range []string{"xxd", "hexdump", "wireshark", "app"} {
		t.Run(name, func(t *testing.T) {
			sample := filepath.Join("testdata", "logs", name+".txt")
			if name == "app" {
				sample = filepath.Join("testdata", "logs", "app.log")
			}
			want, errs, code := cmd(t, "", "decode", "-json", filepath.Join("testdata", "logs", name+".want.hex"))
			require.Zero(t, code, errs)
			require.NotEmpty(t, want)
			got, errs, code := cmd(t, "", "decode", "-json", sample)
			assert.Zero(t, code, errs)
			assert.Empty(t, errs)
			assert.Equal(t, want, got)
		})
	}
}

// TestHexFromLogsLocations: a PDU of a dump is reported at the line it
// starts on, and a dump that stops inside a PDU says so.
func TestHexFromLogsLocations(t *testing.T) {
	xxd := "# a comment\n" +
		"00000000: 0000 0018 8000 0004 0000 0002 110c 4140  ..............A@\n" +
		"00000010: 03e9 0001 0000 0000 0000 000c 0000 0008  ................\n" +
		"00000020: 8000 0000 0000                           ......\n"
	_, errs, code := cmd(t, xxd, "decode", "-json", "-")
	assert.Equal(t, 1, code)
	assert.Equal(t, "cmpp: stdin:4: #3: the dump ends inside a PDU: 2 octets after the last whole one\n"+
		"cmpp: 1 of 3 PDUs did not decode\n", errs)

	// The second PDU's Total_Length says 0x20: it is handed to the
	// decoder, which names the field.
	bad := strings.Replace(xxd, "0000 000c 0000 0008", "0000 0020 0000 0008", 1)
	_, errs, code = cmd(t, bad, "decode", "-json", "-")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "cmpp: stdin:3: #2: decode CMPP_ACTIVE_TEST: Total_Length at offset 0")
}

// TestBinaryInput: a binary stream given as hex is refused at once with
// the way out, not as a line of hex errors.
func TestBinaryInput(t *testing.T) {
	stream := "\x00\x00\x00\x0c\x00\x00\x00\x08\x00\x00\x00\x01"
	out, errs, code := cmd(t, stream, "decode", "-")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "cmpp: stdin: looks binary (octet 0x00 at offset 0), not hex: try -raw\n", errs)
	out, errs, code = cmd(t, stream, "decode", "-raw", "-json", "-")
	assert.Zero(t, code, errs)
	assert.Equal(t, `{"Total_Length":12,"Command_Id":"CMPP_ACTIVE_TEST","Sequence_Id":1}`+"\n", out)
}

// TestHexRun picks the PDU out of a log line: the run whose Total_Length
// matches, ignoring hex-looking words around it.
func TestHexRun(t *testing.T) {
	const pdu = "0000000c0000000200000009"
	for _, line := range []string{
		"seq 12 ab " + pdu + " 24",
		"cafe: " + pdu,
		"[" + pdu + "] beef",
		"send(0x" + pdu + ")",
		"x=" + strings.ToUpper(pdu) + ";",
	} {
		got, err := parseHexLine([]byte(line))
		if assert.NoError(t, err, line) {
			assert.Equal(t, pdu, hexString(got), line)
		}
	}
	// No run matches its Total_Length: the longest run of a header's
	// worth goes to the decoder, which says what is wrong.
	got, err := parseHexLine([]byte("at 12:00 recv 0000000d0000000200000009"))
	require.NoError(t, err)
	assert.Equal(t, "0000000d0000000200000009", hexString(got))
	// Too short for a header: the hex error stands.
	_, err = parseHexLine([]byte("recv 0000000c"))
	assert.EqualError(t, err, "invalid hex: 'r' at column 1")
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return sb.String()
}

// TestHexInputBounded: a long dump is handed on PDU by PDU, and a long
// log line of hex-looking words is searched in O(n log n), not O(n²).
func TestHexInputBounded(t *testing.T) {
	const n = 3000
	var stream []byte
	for i := range n {
		stream = append(stream, 0, 0, 0, 12, 0, 0, 0, 8, byte(i>>24), byte(i>>16), byte(i>>8), byte(i))
	}
	var xxd strings.Builder
	for off := 0; off < len(stream); off += 16 {
		row := stream[off:min(off+16, len(stream))]
		fmt.Fprintf(&xxd, "%08x: ", off)
		for i := 0; i < len(row); i += 2 {
			fmt.Fprintf(&xxd, "%x ", row[i:min(i+2, len(row))])
		}
		xxd.WriteString(" ................\n")
	}
	out, errs, code := cmd(t, xxd.String(), "decode", "-json", "-")
	require.Zero(t, code, errs)
	assert.Equal(t, n, strings.Count(out, `"Command_Id":"CMPP_ACTIVE_TEST"`))
	assert.Contains(t, out, `"Sequence_Id":2999}`)

	// 200 000 two-digit words that never make a PDU, after a prefix: a
	// quadratic search would not finish within the test's deadline.
	line := "log: " + strings.Repeat("ab ", 200000)
	_, errs, code = cmd(t, line, "decode", "-json", "-")
	assert.Equal(t, 1, code, errs)
}
