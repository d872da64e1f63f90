package cmpp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// stream returns three PDUs back to back and the PDUs themselves.
func stream(t testing.TB) ([]byte, [][]byte) {
	t.Helper()
	var pdus [][]byte
	for i, p := range []Packet{
		&ActiveTest{},
		&Submit{PkTotal: 1, PkNumber: 1, DestTerminalIDs: [][]byte{[]byte("13800138000")}, MsgContent: []byte("hi")},
		&DeliverResp{MsgID: 5},
	} {
		b, err := Append(nil, uint32(i+1), p)
		if err != nil {
			t.Fatal(err)
		}
		pdus = append(pdus, b)
	}
	return bytes.Join(pdus, nil), pdus
}

func TestSplitPacket(t *testing.T) {
	all, pdus := stream(t)
	for _, name := range []string{"whole", "one byte at a time"} {
		var r io.Reader = bytes.NewReader(all)
		if name != "whole" {
			r = iotest.OneByteReader(r)
		}
		sc := bufio.NewScanner(r)
		sc.Split(SplitPacket)
		var got [][]byte
		for sc.Scan() {
			got = append(got, bytes.Clone(sc.Bytes()))
		}
		if sc.Err() != nil || len(got) != len(pdus) {
			t.Fatalf("%s: %d tokens, %v", name, len(got), sc.Err())
		}
		for i := range got {
			if !bytes.Equal(got[i], pdus[i]) {
				t.Errorf("%s: token %d = %x", name, i, got[i])
			}
		}
	}
}

// A peer that closes inside a PDU gives io.ErrUnexpectedEOF; a length
// outside the bounds stops the scan at once, whatever follows.
func TestSplitPacketErrors(t *testing.T) {
	all, pdus := stream(t)
	boundary := map[int]bool{}
	for i, n := 0, 0; i < len(pdus); i++ {
		n += len(pdus[i])
		boundary[n] = true
	}
	for cut := 1; cut < len(all); cut++ {
		sc := bufio.NewScanner(iotest.OneByteReader(bytes.NewReader(all[:cut])))
		sc.Split(SplitPacket)
		for sc.Scan() {
		}
		if err := sc.Err(); boundary[cut] && err != nil || !boundary[cut] && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d: err = %v", cut, err)
		}
	}
	for _, n := range []uint32{0, 3, 11, MaxPacketLen + 1, 0xFFFFFFFF} {
		sc := bufio.NewScanner(bytes.NewReader(header(n, CmdSubmit, 1)))
		sc.Split(SplitPacket)
		if sc.Scan() || !errors.Is(sc.Err(), ErrTotalLength) {
			t.Errorf("Total_Length %d: err = %v", n, sc.Err())
		}
	}
}

// countingReader reports how many octets were asked for, to show that a
// huge Total_Length is refused before any body is read.
type countingReader struct {
	r    io.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

func TestReadPacket(t *testing.T) {
	all, pdus := stream(t)
	r := iotest.OneByteReader(bytes.NewReader(all))
	buf := make([]byte, 0, MaxPacketLen)
	for i := range pdus {
		got, err := ReadPacket(r, buf)
		if err != nil || !bytes.Equal(got, pdus[i]) {
			t.Fatalf("PDU %d: %x, %v", i, got, err)
		}
		if &got[0] != &buf[:1][0] {
			t.Errorf("PDU %d: ReadPacket did not reuse the buffer", i)
		}
	}
	if _, err := ReadPacket(r, buf); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	// Closed inside the header or the body of the SUBMIT.
	for _, cut := range []int{1, 11, 12, 13, len(pdus[1]) - 1} {
		if _, err := ReadPacket(bytes.NewReader(pdus[1][:cut]), nil); err != io.ErrUnexpectedEOF {
			t.Errorf("cut at %d: %v, want io.ErrUnexpectedEOF", cut, err)
		}
	}
	// A stream claiming 4 GiB, or 3 octets: an error right after the
	// header, nothing more read, nothing allocated but the error.
	for _, n := range []uint32{0xFFFFFFFF, 3} {
		in := append(header(n, CmdSubmit, 1), make([]byte, 100)...)
		br := bytes.NewReader(in)
		cr := &countingReader{r: br}
		var err error
		allocs := testing.AllocsPerRun(10, func() {
			br.Reset(in)
			cr.read = 0
			_, err = ReadPacket(cr, buf)
		})
		if !errors.Is(err, ErrTotalLength) || cr.read != HeaderLen {
			t.Errorf("Total_Length %d: err %v after reading %d octets", n, err, cr.read)
		}
		if allocs > 6 { // the *DecodeError and its message; never a buffer
			t.Errorf("Total_Length %d: %.0f allocations", n, allocs)
		}
	}
}

type countingWriter struct {
	writes int
	bytes.Buffer
}

func (w *countingWriter) Write(p []byte) (int, error) { w.writes++; return w.Buffer.Write(p) }

func TestWritePacket(t *testing.T) {
	_, pdus := stream(t)
	var w countingWriter
	if err := WritePacket(&w, 2, &Submit{PkTotal: 1, PkNumber: 1, DestTerminalIDs: [][]byte{[]byte("13800138000")}, MsgContent: []byte("hi")}); err != nil {
		t.Fatal(err)
	}
	if w.writes != 1 || !bytes.Equal(w.Bytes(), pdus[1]) {
		t.Errorf("%d writes of %x", w.writes, w.Bytes())
	}
	if err := WritePacket(&w, 1, &Submit{ServiceID: make([]byte, 11)}); err == nil || w.writes != 1 {
		t.Errorf("a bad PDU: %v, %d writes", err, w.writes)
	}
}

// Found by FuzzSplitPacket (testdata/fuzz/FuzzSplitPacket/bcbcacbdd25a169e):
// the 4-octet stream "0000" claims Total_Length 0x30303030. SplitPacket
// refused the length while ReadPacket reported io.ErrUnexpectedEOF for the
// short header; both now report the bad Total_Length first.
func TestCrashSplitPacketShortBadHeader(t *testing.T) {
	_, err := ReadPacket(bytes.NewReader([]byte("0000")), nil)
	if !errors.Is(err, ErrTotalLength) {
		t.Errorf("ReadPacket: %v, want ErrTotalLength", err)
	}
	_, _, err = SplitPacket([]byte("0000"), true)
	if !errors.Is(err, ErrTotalLength) {
		t.Errorf("SplitPacket: %v, want ErrTotalLength", err)
	}
}
