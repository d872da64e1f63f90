package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecode feeds any octets to decode, as a binary stream and as a
// line of hex, in both output forms. Nothing may panic; a stream that
// decodes without an error must come back whole from encode -raw (or,
// where decode warned of octets after a string's 0x00 padding, in its
// canonical form, which decodes the same).
func FuzzDecode(f *testing.F) {
	_, pdus := fixtures(f)
	for _, p := range pdus {
		f.Add(p)
	}
	f.Add(append(bytes.Clone(pdus[0]), pdus[1]...))
	f.Add([]byte{0, 0, 0, 16, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		js, warnings, code := cmd(t, string(data), "decode", "-raw", "-json", "-")
		if code == 0 {
			back, errs, code := cmd(t, js, "encode", "-raw")
			if code != 0 || !canonicalOf(back, string(data)) {
				t.Fatalf("decode -raw -json | encode -raw is not the input's canonical form\ninput %x\noutput %x\njson %s\nstderr %s", data, back, js, errs)
			}
			if back != string(data) {
				// Not canonical (octets after a string's first 0x00): decode
				// must have said so, and the canonical form itself must come
				// back unchanged.
				if !strings.Contains(warnings, "octets after the 0x00") {
					t.Fatalf("decode -raw -json | encode -raw is not the input, and decode did not warn\ninput %x\njson %s", data, js)
				}
				js2, _, _ := cmd(t, back, "decode", "-raw", "-json", "-")
				again, errs, code := cmd(t, js2, "encode", "-raw")
				if code != 0 || again != back {
					t.Fatalf("the canonical form is not stable\nfirst  %x\nsecond %x\nstderr %s", back, again, errs)
				}
			}
		}
		cmd(t, string(data), "decode", "-raw", "-")
		hexLine := []byte(strings.TrimSpace(string(data)))
		cmd(t, string(hexLine), "decode", "-")
		cmd(t, string(hexLine), "decode", "-json", "-")
	})
}

// FuzzEncode feeds any text to encode. Nothing may panic; what encodes
// must decode, and decoding it and encoding again must give the same
// octets.
func FuzzEncode(f *testing.F) {
	for _, name := range []string{"sample.json.golden", "fixtures.json.golden"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line != "" {
				f.Add(line)
			}
		}
	}
	f.Add(`{"Command_Id":"CMPP_DELIVER","Registered_Delivery":1,"Report":{"Stat":"DELIVRD"}}`)
	f.Add(`{"Command_Id":"CMPP_SUBMIT","Msg_Fmt":15,"Msg_Content":{"text":"你好"}}`)
	f.Add(`{"Command_Id":"CMPP_0x0000000a","Body":"abc"}`)
	f.Fuzz(func(t *testing.T, in string) {
		hexOut, _, code := cmd(t, in, "encode")
		if code != 0 || hexOut == "" {
			return
		}
		js, errs, code := cmd(t, hexOut, "decode", "-json", "-")
		if code != 0 {
			t.Fatalf("encode wrote PDUs that do not decode\ninput %s\nhex %s\nstderr %s", in, hexOut, errs)
		}
		again, errs, code := cmd(t, js, "encode")
		if code != 0 || again != hexOut {
			t.Fatalf("encode | decode -json | encode is not stable\ninput %s\nfirst %s\nagain %s\nstderr %s", in, hexOut, again, errs)
		}
	})
}

// FuzzHexText feeds any text to decode as hex: lines, log lines and
// dumps (seeded with the samples of testdata/logs). Nothing may panic;
// what decodes must encode back to PDUs that decode to the same JSON.
func FuzzHexText(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "logs", "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no samples in testdata/logs: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, in string) {
		js, _, code := cmd(t, in, "decode", "-json", "-")
		cmd(t, in, "decode", "-")
		if code != 0 || js == "" {
			return
		}
		hexOut, errs, code := cmd(t, js, "encode")
		if code != 0 {
			t.Fatalf("decode -json output does not encode\ninput %q\njson %s\nstderr %s", in, js, errs)
		}
		again, errs, code := cmd(t, hexOut, "decode", "-json", "-")
		if code != 0 || again != js {
			t.Fatalf("decode | encode | decode differs\ninput %q\nfirst %s\nagain %s\nstderr %s", in, js, again, errs)
		}
	})
}

// canonicalOf reports whether out is in, or in with some octets zeroed:
// the only change re-encoding may make is to clear the octets a peer left
// after a string's first 0x00 (DESIGN §3).
func canonicalOf(out, in string) bool {
	if len(out) != len(in) {
		return false
	}
	for i := range len(in) {
		if out[i] != in[i] && out[i] != 0 {
			return false
		}
	}
	return true
}
