package main

import (
	"bufio"
	"bytes"
	"io"
	"testing"
)

// BenchmarkCapture decodes an 8 MB capture of 4 connections carrying
// SUBMITs in segments of about 1500 octets, with the JSON output and
// with -summary. Its MB/s are of capture file.
func BenchmarkCapture(b *testing.B) {
	var capBuf bytes.Buffer
	streamCapture(b, &capBuf, 4, 2<<20/219, false)
	data := capBuf.Bytes()
	for _, bc := range []struct {
		name string
		o    decodeOptions
	}{
		{"json", decodeOptions{json: true}},
		{"summary", decodeOptions{summary: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				d := &decodeRun{o: bc.o, out: bufio.NewWriter(io.Discard), stderr: io.Discard}
				if err := readCaptureHook(d, "bench", bytes.NewReader(data), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
