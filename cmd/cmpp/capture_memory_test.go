package main

import (
	"bufio"
	"encoding/binary"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"
)

// streamCapture writes to w a pcap of conns connections on port 7890
// taking turns, each carrying n SUBMITs from the client in segments of
// 1400 octets. When gapped, the second segment of each connection is never
// sent, so that everything after it waits in the reassembly for a gap
// that is never filled. It returns the octets of CMPP payload written.
func streamCapture(t testing.TB, w io.Writer, conns, n int, gapped bool) int {
	bw := bufio.NewWriterSize(w, 1<<16)
	defer bw.Flush()
	hdr := writePcap(binary.LittleEndian, false, layers.LinkTypeEthernet, nil)
	bw.Write(hdr)
	submit := fixture(t, "submit")
	var frames []capFrame
	clock := captureEpoch
	cs := make([]*capConn, conns)
	for i := range cs {
		cs[i] = newConn(t, &frames, &clock, layers.LinkTypeEthernet, "10.2.0.1", "10.2.0.2", uint16(20000+i), 7890, 1, 1)
	}
	payload := 0
	const seg = 1400
	sent := make([]int, conns)
	buf := make([]byte, 0, seg+len(submit))
	for k := 0; k < n; k++ {
		buf = append(buf, submit...)
		if len(buf) < seg && k < n-1 {
			continue
		}
		for i, c := range cs {
			clock = clock.Add(10 * time.Microsecond)
			if sent[i]++; gapped && sent[i] == 2 {
				c.seq[0] += uint32(len(buf)) // the second segment is lost
				continue
			}
			c.send(0, buf)
			payload += len(buf)
		}
		for _, f := range frames {
			var rec [16]byte
			binary.LittleEndian.PutUint32(rec[0:], uint32(f.t.Unix()))
			binary.LittleEndian.PutUint32(rec[4:], uint32(f.t.Nanosecond()/1000))
			binary.LittleEndian.PutUint32(rec[8:], uint32(len(f.data)))
			binary.LittleEndian.PutUint32(rec[12:], uint32(len(f.data)))
			bw.Write(rec[:])
			bw.Write(f.data)
		}
		frames = frames[:0]
		buf = buf[:0]
	}
	return payload
}

// TestCaptureMemoryBounded streams 64 MB of CMPP through a capture in
// which a segment of each connection is lost, so that without bounds the reassembly would
// hold all of it waiting for them, and checks that the live heap stays small
// all along and that the PDUs after the gaps are all decoded.
func TestCaptureMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 64 MB")
	}
	const conns, perConn = 4, 16 << 20 / 219
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		n := streamCapture(t, pw, conns, perConn, true)
		pw.Close()
		done <- n
	}()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, uint64(0)
	d := &decodeRun{o: decodeOptions{summary: true, json: true}, out: bufio.NewWriter(io.Discard), stderr: io.Discard}
	d.dec.KeepUnknown = true
	frames := 0
	sample := func(n int) {
		frames = n
		if n%2000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	err := readCaptureHook(d, "big", pr, sample)
	payload := <-done
	if err != nil {
		t.Fatal(err)
	}
	grown := int64(peak) - int64(base)
	t.Logf("%d frames, %d MB of CMPP, live heap grew by at most %.1f MB", frames, payload>>20, float64(grown)/(1<<20))
	if grown > 24<<20 {
		t.Errorf("live heap grew by %d MB reading a %d MB stream; want under 24 MB", grown>>20, payload>>20)
	}
	// Every PDU but those of each connection's lost segment is decoded.
	if want := payload / 219; d.n < want-conns || d.n > want {
		t.Errorf("decoded %d PDUs of the %d sent after the gaps", d.n, want)
	}
	if d.failed != 0 {
		t.Errorf("%d PDUs did not decode", d.failed)
	}
}

// readCaptureHook reads the capture r like decode does, calling onFrame
// after each frame.
func readCaptureHook(d *decodeRun, name string, r io.Reader, onFrame func(int)) error {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4)
	return d.readCapture(name, captureFormat(head), br, onFrame)
}
