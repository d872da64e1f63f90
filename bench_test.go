package cmpp

import (
	"bufio"
	"bytes"
	"os"
	"testing"

	"github.com/go-cmpp/cmpp/internal/bufpool"
)

// TestZeroAllocs asserts that decoding and encoding allocate nothing in
// steady state, for every fixture and every benchmark workload:
// Decoder.Decode, DecodeBody into a reused value, Append into a buffer with
// enough capacity, and the status-report views.
func TestZeroAllocs(t *testing.T) {
	var rows []workload
	for _, fx := range loadFixtures(t) {
		rows = append(rows, workload{fx.name, Version30, fx.pdu})
	}
	for _, fx := range loadFixtures20(t) {
		rows = append(rows, workload{"v20/" + fx.name, Version20, fx.pdu})
	}
	for _, w := range benchWorkloads(t) {
		rows = append(rows, workload{"workload/" + w.name, w.v, w.pdu})
	}
	for _, w := range rows {
		t.Run(w.name, func(t *testing.T) { testZeroAllocs(t, w.v, w.pdu) })
	}
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

// testZeroAllocs checks the allocations of decoding and encoding pdu as
// version v, and of reading its status report.
func testZeroAllocs(t *testing.T, v Version, pdu []byte) {
	d := Decoder{Version: v}
	var err error
	if n := testing.AllocsPerRun(100, func() { _, _, err = d.Decode(pdu) }); n != 0 || err != nil {
		t.Errorf("Decoder.Decode: %.1f allocs, %v", n, err)
	}
	h, p, _ := d.Decode(pdu)
	body := pdu[HeaderLen:]
	if n := testing.AllocsPerRun(100, func() { err = decodeBodyAs(v, p, body) }); n != 0 || err != nil {
		t.Errorf("DecodeBody: %.1f allocs, %v", n, err)
	}
	// The allocating convenience: the Packet, and the outer slice of a
	// repeated field.
	if n := testing.AllocsPerRun(100, func() { _, _, err = v.Decode(pdu) }); n > 2 || err != nil {
		t.Errorf("Decode: %.1f allocs, %v", n, err)
	}
	buf := make([]byte, 0, MaxPacketLen)
	if n := testing.AllocsPerRun(100, func() { _, err = v.Append(buf[:0], h.SequenceID, p) }); n != 0 || err != nil {
		t.Errorf("Append: %.1f allocs, %v", n, err)
	}
	var report func() error
	switch p := p.(type) {
	case *Deliver:
		if p.RegisteredDelivery == 1 {
			report = func() error { _, err := p.Report(); return err }
		}
	case *Fwd:
		switch p.MsgFwdType {
		case FwdMTReport:
			report = func() error { _, err := p.Report(); return err }
		case FwdMOReport:
			report = func() error { _, err := p.MOReport(); return err }
		}
	}
	if report != nil {
		if n := testing.AllocsPerRun(100, func() { err = report() }); n != 0 || err != nil {
			t.Errorf("Report: %.1f allocs, %v", n, err)
		}
	}
}

// benchFixtures names the fixtures the benchmarks of DESIGN.md §8 use. They
// are hand-built and mostly filled to the width of each field.
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

// The padded workloads are what real traffic looks like: most octet
// strings are shorter than their field (an 11-digit MSISDN in 32 octets, a
// 5-letter Service_Id in 10, no LinkID, no Fee_terminal_Id, no times), so
// most of the body is 0x00 padding. They are built with Append: they are
// inputs to measure with, not fixtures to check the encoder against (the
// padded encodings are checked by the golden fixtures, which pad the same
// way).
var (
	padUCS2 = bytes.Repeat([]byte{0x4e, 0x2d}, 70) // 140 octets, 70 UCS2 characters

	padSubmit = func(dests int) *Submit {
		p := &Submit{
			PkTotal: 1, PkNumber: 1, RegisteredDelivery: 1, MsgLevel: 1,
			ServiceID: []byte("MNEWS"), FeeUserType: 2, MsgFmt: FmtUCS2,
			MsgSrc: []byte("901234"), FeeType: []byte("02"), FeeCode: []byte("10"),
			SrcID: []byte("1065712345"), MsgContent: padUCS2,
		}
		for i := range dests {
			p.DestTerminalIDs = append(p.DestTerminalIDs, []byte("138"+itoa(10000000+i)))
		}
		return p
	}
	padReport = &Report{
		MsgID: 0x110c414003e90001, Stat: []byte("DELIVRD"), SubmitTime: []byte("2501020304"),
		DoneTime: []byte("2501020306"), DestTerminalID: []byte("13800138000"), SMSCSequence: 7,
	}
	padDeliver = &Deliver{
		MsgID: 0x110c62c003e92a7d, DestID: []byte("1065712345"), ServiceID: []byte("MNEWS"),
		SrcTerminalID: []byte("13800138000"), RegisteredDelivery: 1,
		MsgContent: must(padReport.AppendBinary(nil)),
	}
	padFwd = &Fwd{
		SourceID: []byte("001001"), DestinationID: []byte("079101"), NodesCount: 1,
		MsgID: 0x110c4a0003e90a0b, PkTotal: 1, PkNumber: 1, RegisteredDelivery: 1,
		ServiceID: []byte("MNEWS"), FeeUserType: 2, MsgFmt: FmtUCS2, MsgSrc: []byte("901234"),
		FeeType: []byte("02"), FeeCode: []byte("10"), SrcID: []byte("1065712345"),
		DestIDs: [][]byte{[]byte("13907910001")}, MsgContent: padUCS2,
	}
)

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// A workload is one benchmark row: a PDU and the version to run it as.
type workload struct {
	name string
	v    Version
	pdu  []byte
}

// benchWorkloads is every PDU the benchmarks measure: the fixtures of
// benchFixtures, then the padded workloads, SUBMIT with 1, 10, 50 and 99
// destinations among them (the per-destination cost).
func benchWorkloads(tb testing.TB) []workload {
	var out []workload
	for _, bf := range benchFixtures {
		out = append(out, workload{bf.name, Version30, benchPDU(tb, "testdata/packets/"+bf.file)})
	}
	for _, bf := range benchFixtures20 {
		out = append(out, workload{bf.name, Version20, benchPDU(tb, "testdata/packets20/"+bf.file)})
	}
	for _, w := range []struct {
		name string
		p    Packet
	}{
		{"SubmitPad", padSubmit(1)},
		{"SubmitPad10", padSubmit(10)},
		{"SubmitPad50", padSubmit(50)},
		{"SubmitPad99", padSubmit(99)},
		{"DeliverReportPad", padDeliver},
		{"FwdPad", padFwd},
	} {
		pdu, err := Append(nil, 1, w.p)
		if err != nil {
			tb.Fatal(w.name, err)
		}
		out = append(out, workload{w.name, Version30, pdu})
	}
	return out
}

func benchPDU(tb testing.TB, file string) []byte {
	data, err := os.ReadFile(file + ".hex")
	if err != nil {
		tb.Fatal(err)
	}
	pdus, err := parseHexLines(string(data))
	if err != nil || len(pdus) != 1 {
		tb.Fatal(file, err)
	}
	return pdus[0]
}

// BenchmarkCopy copies the same octets as each decode, so that a decode
// can be read as a multiple of a memmove measured in the same run. It comes
// first so that `benchstat -col .name` compares the other columns with it.
func BenchmarkCopy(b *testing.B) {
	for _, w := range benchWorkloads(b) {
		b.Run(w.name, func(b *testing.B) {
			dst := make([]byte, len(w.pdu))
			b.ReportAllocs()
			b.SetBytes(int64(len(w.pdu)))
			for b.Loop() {
				copy(dst, w.pdu)
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, w := range benchWorkloads(b) {
		b.Run(w.name, func(b *testing.B) {
			d := Decoder{Version: w.v}
			b.ReportAllocs()
			b.SetBytes(int64(len(w.pdu)))
			for b.Loop() {
				if _, _, err := d.Decode(w.pdu); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAppend(b *testing.B) {
	for _, w := range benchWorkloads(b) {
		h, p, err := w.v.Decode(w.pdu)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(w.name, func(b *testing.B) {
			buf := make([]byte, 0, MaxPacketLen)
			b.ReportAllocs()
			b.SetBytes(int64(len(w.pdu)))
			for b.Loop() {
				var err error
				if buf, err = w.v.Append(buf[:0], h.SequenceID, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReport reads the status report of a decoded DELIVER; its row
// compares with BenchmarkCopy of the whole DELIVER.
func BenchmarkReport(b *testing.B) {
	for _, w := range benchWorkloads(b) {
		_, p, err := w.v.Decode(w.pdu)
		if err != nil {
			b.Fatal(err)
		}
		dp, ok := p.(*Deliver)
		if !ok || dp.RegisteredDelivery != 1 {
			continue
		}
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(w.pdu)))
			for b.Loop() {
				if _, err := dp.Report(); err != nil {
					b.Fatal(err)
				}
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
