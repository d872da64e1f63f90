package cmpp

import (
	"bufio"
	"bytes"
	"os"
	"testing"

	"github.com/go-cmpp/cmpp/internal/bufpool"
)

// TestZeroAllocs asserts that decoding and encoding allocate nothing in
// steady state, for every fixture: Decoder.Decode, DecodeBody into a
// reused value, and Append into a buffer with enough capacity.
func TestZeroAllocs(t *testing.T) {
	testZeroAllocs(t, Version30, loadFixtures(t))
	testZeroAllocs(t, Version20, loadFixtures20(t))
	if n := testing.AllocsPerRun(100, func() { bufpool.Put(bufpool.Get()) }); n != 0 {
		t.Errorf("bufpool Get+Put: %.1f allocs", n)
	}
	var w bytes.Buffer
	w.Grow(MaxPacketLen)
	p := &Submit{DestTerminalIDs: [][]byte{[]byte("13800138000")}, MsgContent: make([]byte, 140)}
	if n := testing.AllocsPerRun(100, func() { w.Reset(); _ = WritePacket(&w, 1, p) }); n != 0 {
		t.Errorf("WritePacket: %.1f allocs", n)
	}
}

// testZeroAllocs checks the allocations of decoding and encoding the
// fixtures of version v.
func testZeroAllocs(t *testing.T, v Version, fixtures []fixture) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			d := Decoder{Version: v}
			var err error
			if n := testing.AllocsPerRun(100, func() { _, _, err = d.Decode(fx.pdu) }); n != 0 || err != nil {
				t.Errorf("Decoder.Decode: %.1f allocs, %v", n, err)
			}
			h, p, _ := d.Decode(fx.pdu)
			body := fx.pdu[HeaderLen:]
			if n := testing.AllocsPerRun(100, func() { err = decodeBodyAs(v, p, body) }); n != 0 || err != nil {
				t.Errorf("DecodeBody: %.1f allocs, %v", n, err)
			}
			// The allocating convenience: the Packet, and the outer slice of a
			// repeated field.
			if n := testing.AllocsPerRun(100, func() { _, _, err = v.Decode(fx.pdu) }); n > 2 || err != nil {
				t.Errorf("Decode: %.1f allocs, %v", n, err)
			}
			buf := make([]byte, 0, MaxPacketLen)
			if n := testing.AllocsPerRun(100, func() { _, err = v.Append(buf[:0], h.SequenceID, p) }); n != 0 || err != nil {
				t.Errorf("Append: %.1f allocs, %v", n, err)
			}
		})
	}
}

// benchFixtures names the fixtures the benchmarks of DESIGN.md §8 use.
var benchFixtures = []struct{ name, file string }{
	{"Connect", "connect"},
	{"Submit", "submit_ucs2_70"}, // 1 destination, 70 UCS2 characters
	{"Submit99", "submit_99dest"},
	{"DeliverReport", "deliver_report71"},
	{"DeliverMO", "deliver_mo"},
	{"ActiveTest", "active_test"},
	{"Fwd", "fwd_mt"},
	{"GetMORouteResp", "get_mo_route_resp"},
}

// benchFixtures20 are the CMPP 2.0 rows (testdata/packets20), decoded and
// encoded with Version20.
var benchFixtures20 = []struct{ name, file string }{
	{"Submit20", "submit"}, // 1 destination
	{"DeliverReport20", "deliver_report"},
	{"DeliverMO20", "deliver_mo"},
}

// benchRow is one benchmark row: a fixture and the version to run it as.
type benchRow struct {
	name string
	v    Version
	pdu  []byte
}

func benchRows(b *testing.B) []benchRow {
	var rows []benchRow
	for _, bf := range benchFixtures {
		rows = append(rows, benchRow{bf.name, Version30, benchPDU(b, "testdata/packets/"+bf.file)})
	}
	for _, bf := range benchFixtures20 {
		rows = append(rows, benchRow{bf.name, Version20, benchPDU(b, "testdata/packets20/"+bf.file)})
	}
	return rows
}

func benchPDU(b *testing.B, file string) []byte {
	data, err := os.ReadFile(file + ".hex")
	if err != nil {
		b.Fatal(err)
	}
	pdus, err := parseHexLines(string(data))
	if err != nil || len(pdus) != 1 {
		b.Fatal(file, err)
	}
	return pdus[0]
}

func BenchmarkDecode(b *testing.B) {
	for _, bf := range benchRows(b) {
		pdu := bf.pdu
		b.Run(bf.name, func(b *testing.B) {
			d := Decoder{Version: bf.v}
			b.ReportAllocs()
			b.SetBytes(int64(len(pdu)))
			for b.Loop() {
				if _, _, err := d.Decode(pdu); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAppend(b *testing.B) {
	for _, bf := range benchRows(b) {
		pdu := bf.pdu
		h, p, err := bf.v.Decode(pdu)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bf.name, func(b *testing.B) {
			buf := make([]byte, 0, MaxPacketLen)
			b.ReportAllocs()
			b.SetBytes(int64(len(pdu)))
			for b.Loop() {
				var err error
				if buf, err = bf.v.Append(buf[:0], h.SequenceID, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCopy copies the same octets as each decode, so that a decode
// can be read as a multiple of a memmove measured in the same run.
func BenchmarkCopy(b *testing.B) {
	for _, bf := range benchRows(b) {
		pdu := bf.pdu
		b.Run(bf.name, func(b *testing.B) {
			dst := make([]byte, len(pdu))
			b.ReportAllocs()
			b.SetBytes(int64(len(pdu)))
			for b.Loop() {
				copy(dst, pdu)
			}
		})
	}
}

// BenchmarkSplitPacket frames a stream of every fixture back to back.
func BenchmarkSplitPacket(b *testing.B) {
	var stream []byte
	for _, fx := range loadFixtures(b) {
		stream = append(stream, fx.pdu...)
	}
	r := bytes.NewReader(stream)
	buf := make([]byte, 64*1024)
	b.ReportAllocs()
	b.SetBytes(int64(len(stream)))
	for b.Loop() {
		r.Reset(stream)
		sc := bufio.NewScanner(r)
		sc.Buffer(buf, len(buf))
		sc.Split(SplitPacket)
		for sc.Scan() {
		}
		if sc.Err() != nil {
			b.Fatal(sc.Err())
		}
	}
}
