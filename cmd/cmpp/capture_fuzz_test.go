package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCapture feeds any octets behind a capture's magic number to decode,
// as PDUs and as a summary, in JSON (the human form of a PDU is fuzzed by
// FuzzDecode). Nothing may panic, a capture that does not read
// must be an error naming a frame or the file header, and what is printed
// with -json must be JSON.
func FuzzCapture(f *testing.F) {
	// The smaller test captures (the cost of a run, and of minimising an
	// input, grows with its size): pcapng mid-stream, and pcap with
	// three conversations, one found by its CONNECT.
	for _, name := range []string{"midstream.pcapng", "otherport.pcap"} {
		data, err := os.ReadFile(filepath.Join(captureDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)*2/3])
	}
	f.Add([]byte(magicPcapLE))
	f.Add([]byte(magicPcapNG + "\x1c\x00\x00\x00\x4d\x3c\x2b\x1a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		js, errs, code := cmd(t, string(data), "decode", "-json", "-")
		if captureFormat(data) != "" && code != 0 && !strings.Contains(errs, "frame ") &&
			!strings.Contains(errs, "header does not read") && !strings.Contains(errs, "did not decode") {
			t.Fatalf("exit %d without naming a frame or the header:\n%s", code, errs)
		}
		for _, line := range strings.Split(strings.TrimSuffix(js, "\n"), "\n") {
			if line != "" && !json.Valid([]byte(line)) {
				t.Fatalf("not JSON: %s", line)
			}
		}
		sum, _, _ := cmd(t, string(data), "decode", "-summary", "-json", "-")
		for _, line := range strings.Split(strings.TrimSuffix(sum, "\n"), "\n") {
			if line != "" && !json.Valid([]byte(line)) {
				t.Fatalf("summary not JSON: %s", line)
			}
		}
	})
}
