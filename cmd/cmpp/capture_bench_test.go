package main

import (
	"bufio"
	"bytes"
	"io"
	"testing"

	"github.com/go-cmpp/cmpp"
)

// BenchmarkCapture decodes an 8 MB capture of 4 connections carrying
// SUBMITs in segments of about 1500 octets, with the JSON output and
// with -summary; and, for comparison, the same PDUs as a -raw stream
// with the JSON output, which is what the capture costs on top. Its MB/s
// are of capture file in every case, so that the times compare.
func BenchmarkCapture(b *testing.B) {
	var capBuf bytes.Buffer
	streamCapture(b, &capBuf, 4, 2<<20/219, false)
	data := capBuf.Bytes()
	submit := fixture(b, "submit")
	raw := bytes.Repeat(submit, 4*(2<<20/219))
	for _, bc := range []struct {
		name string
		o    decodeOptions
		in   []byte
	}{
		{"json", decodeOptions{json: true}, data},
		{"summary", decodeOptions{summary: true}, data},
		{"raw-json", decodeOptions{json: true, raw: true}, raw},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				d := &decodeRun{o: bc.o, out: bufio.NewWriter(io.Discard), stderr: io.Discard}
				d.dec.KeepUnknown = true
				d.follow = newFollower(cmpp.Version30)
				var err error
				if bc.o.raw {
					err = readRaw("bench", bytes.NewReader(bc.in), d.unit)
				} else {
					err = readCaptureHook(d, "bench", bytes.NewReader(bc.in), nil)
				}
				if err != nil || d.n != 4*(2<<20/219) || d.failed != 0 {
					b.Fatalf("%d PDUs, %d failed: %v", d.n, d.failed, err)
				}
			}
		})
	}
}
