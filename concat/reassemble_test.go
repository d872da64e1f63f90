package concat_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// mo returns an MO DELIVER from src to dest.
func mo(src, dest string, udhi uint8, f cmpp.MsgFmt, content []byte) *cmpp.Deliver {
	return &cmpp.Deliver{
		MsgID:         0x1234,
		DestID:        []byte(dest),
		ServiceID:     []byte("SVC"),
		TPUDHI:        udhi,
		MsgFmt:        f,
		SrcTerminalID: []byte(src),
		MsgContent:    content,
		LinkID:        []byte("link"),
	}
}

// segments splits content and wraps each segment in a DELIVER.
func segments(t testing.TB, src, dest string, udhi uint8, f cmpp.MsgFmt, content []byte, ref concat.Ref) []*cmpp.Deliver {
	t.Helper()
	segs, err := concat.Split(content, f, ref)
	require.NoError(t, err)
	var ds []*cmpp.Deliver
	for _, s := range segs {
		ds = append(ds, mo(src, dest, udhi, f, s))
	}
	return ds
}

// add adds d and fails on error.
func add(t testing.TB, r *concat.Reassembler, now time.Time, d *cmpp.Deliver) []*concat.Message {
	t.Helper()
	ms, err := r.Add(now, d)
	require.NoError(t, err, "Add")
	return ms
}

func TestReassembleOutOfOrder(t *testing.T) {
	text := strings.Repeat("上行长短信乱序到达测试。", 20) // 240 characters, 4 segments
	content := ucs2(t, text)
	for _, ref := range []concat.Ref{concat.Ref8(0x33), concat.Ref16(0x3344)} {
		for _, udhi := range []uint8{0x01, 0x40} {
			t.Run(fmt.Sprintf("%v/TP_udhi=%#x", ref, udhi), func(t *testing.T) {
				r := concat.NewReassembler(concat.Config{})
				ds := segments(t, "13800138000", "10658", udhi, cmpp.FmtUCS2, content, ref)
				if len(ds) != 4 {
					t.Fatalf("%d segments, want 4", len(ds))
				}
				order := []int{2, 0, 3, 1}
				for i, k := range order {
					ms := add(t, r, t0.Add(time.Duration(i)*time.Second), ds[k])
					if i < len(order)-1 {
						if ms != nil {
							t.Fatalf("segment %d handed back %v early", k+1, ms)
						}
						continue
					}
					if len(ms) != 1 {
						t.Fatalf("last segment handed back %d messages, want 1", len(ms))
					}
					m := ms[0]
					if m.Status != concat.StatusComplete || m.Total != 4 || len(m.Missing) != 0 || m.Ref != ref || !m.First.Equal(t0) {
						t.Errorf("message %+v", m)
					}
					if !bytes.Equal(m.Deliver.MsgContent, content) || m.Deliver.MsgFmt != cmpp.FmtUCS2 || m.Deliver.TPUDHI != 0 {
						t.Errorf("content %x fmt %v udhi %d", m.Deliver.MsgContent, m.Deliver.MsgFmt, m.Deliver.TPUDHI)
					}
					if string(m.Deliver.SrcTerminalID) != "13800138000" || string(m.Deliver.DestID) != "10658" || string(m.Deliver.LinkID) != "link" {
						t.Errorf("header %+v", m.Deliver)
					}
					for i, p := range m.Parts {
						if !bytes.Equal(p, ds[i].MsgContent[ref.UDHLen():]) {
							t.Errorf("part %d = %x", i+1, p)
						}
					}
				}
				if n, b := r.Pending(); n != 0 || b != 0 {
					t.Errorf("Pending() = %d, %d after completion", n, b)
				}
			})
		}
	}
}

// SMSGate's merge threw on a segment index it had already received
// (issue #34, ANCHORS §5): a duplicate is ignored, not an error.
func TestReassembleDuplicateIgnored_MergeThrowsOnDuplicate(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	ds := segments(t, "13900000000", "10658", 1, cmpp.FmtASCII, []byte(strings.Repeat("d", 300)), concat.Ref8(1))
	for i, d := range []*cmpp.Deliver{ds[0], ds[0], ds[2], ds[0], ds[2]} {
		if ms, err := r.Add(t0, d); err != nil || ms != nil {
			t.Fatalf("Add #%d = %v, %v, want nothing", i, ms, err)
		}
	}
	ms := add(t, r, t0, ds[1])
	if len(ms) != 1 || ms[0].Status != concat.StatusComplete || string(ms[0].Deliver.MsgContent) != strings.Repeat("d", 300) {
		t.Fatalf("completion = %+v", ms)
	}
	// A late duplicate of a finished message starts a new one, which then
	// expires: it is handed back, never lost.
	if ms := add(t, r, t0, ds[1]); ms != nil {
		t.Fatalf("late duplicate = %v", ms)
	}
	ms = r.Expire(t0.Add(concat.DefaultTimeout))
	if len(ms) != 1 || ms[0].Status != concat.StatusExpired || !equalInts(ms[0].Missing, []int{1, 3}) {
		t.Errorf("late duplicate expiry = %+v", ms)
	}
}

// Messages are kept apart by source, destination and reference.
func TestReassembleKeys(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	content := []byte(strings.Repeat("k", 200))
	var all [][]*cmpp.Deliver
	for _, src := range []string{"13800000001", "13800000002"} {
		for _, dest := range []string{"10658", "106581"} {
			for _, ref := range []concat.Ref{concat.Ref8(5), concat.Ref8(6), concat.Ref16(5)} {
				all = append(all, segments(t, src, dest, 1, cmpp.FmtASCII, content, ref))
			}
		}
	}
	for _, ds := range all {
		if ms := add(t, r, t0, ds[0]); ms != nil {
			t.Fatalf("first segments mixed up: %v", ms)
		}
	}
	if n, _ := r.Pending(); n != len(all) {
		t.Fatalf("Pending = %d, want %d", n, len(all))
	}
	for _, ds := range all {
		ms := add(t, r, t0, ds[1])
		if len(ms) != 1 || ms[0].Status != concat.StatusComplete || !bytes.Equal(ms[0].Deliver.MsgContent, content) {
			t.Fatalf("completion = %+v", ms)
		}
		if !bytes.Equal(ms[0].Deliver.SrcTerminalID, ds[1].SrcTerminalID) || !bytes.Equal(ms[0].Deliver.DestID, ds[1].DestID) {
			t.Errorf("joined under the wrong key")
		}
	}
}

func TestReassemblePassThrough(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	tests := []struct {
		name    string
		d       *cmpp.Deliver
		content string
		udhi    uint8
	}{
		{"no UDH", mo("1", "2", 0, cmpp.FmtASCII, []byte("hello")), "hello", 0},
		{"ports only, UDH stripped", mo("1", "2", 0x40, cmpp.FmtBinary, unhex(t, "0605040b8423f0cafe")), "\xca\xfe", 0},
		{"total 1", mo("1", "2", 1, cmpp.FmtUCS2, unhex(t, "0500030101010041")), "\x00A", 0},
		{"status report untouched", &cmpp.Deliver{RegisteredDelivery: 1, MsgContent: []byte("0123456789")}, "0123456789", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := add(t, r, t0, tc.d)
			require.Len(t, ms, 1)
			m := ms[0]
			assert.Equal(t, concat.StatusComplete, m.Status)
			assert.Equal(t, 1, m.Total)
			assert.Equal(t, tc.content, string(m.Deliver.MsgContent))
			assert.Equal(t, tc.udhi, m.Deliver.TPUDHI)
			assert.Len(t, m.Parts, 1)
		})
	}
	if n, _ := r.Pending(); n != 0 {
		t.Errorf("Pending = %d", n)
	}
}

func TestReassembleErrors(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	_, err := r.Add(t0, mo("1", "2", 1, cmpp.FmtUCS2, unhex(t, "0900030102")))
	assert.ErrorIs(t, err, concat.ErrUDHLength, "UDHL beyond content")
	_, err = r.Add(t0, mo("1", "2", 1, cmpp.FmtUCS2, nil))
	assert.ErrorIs(t, err, concat.ErrUDHLength, "TP_udhi with empty content")
	_, err = r.Add(t0, mo(strings.Repeat("1", 33), "2", 0, 0, nil))
	assert.EqualError(t, err, "concat: Src_terminal_Id: value too long for field: 33 octets, field holds 32")
	_, err = r.Add(t0, mo("1", strings.Repeat("2", 22), 0, 0, nil))
	assert.EqualError(t, err, "concat: Dest_Id: value too long for field: 22 octets, field holds 21")
	_, err = r.Add(t0, mo("1", "2", 0, 0, make([]byte, 256)))
	assert.EqualError(t, err, "concat: Msg_Content: value too long for field: 256 octets, field holds 255")
	assert.ErrorIs(t, err, cmpp.ErrFieldTooLong)
	n, b := r.Pending()
	assert.Zero(t, n, "errors left state")
	assert.Zero(t, b, "errors left state")
}

// Bounded waiting: an incomplete message is handed back after Timeout,
// by Expire or by the next Add, with its missing segments listed.
func TestReassembleExpire(t *testing.T) {
	r := concat.NewReassembler(concat.Config{Timeout: time.Minute})
	a := segments(t, "a", "d", 1, cmpp.FmtASCII, []byte(strings.Repeat("a", 400)), concat.Ref8(1)) // 3 segments
	b := segments(t, "b", "d", 1, cmpp.FmtASCII, []byte(strings.Repeat("b", 300)), concat.Ref8(1))
	add(t, r, t0, a[1])
	add(t, r, t0.Add(30*time.Second), b[0])
	if ms := r.Expire(t0.Add(time.Minute - time.Nanosecond)); ms != nil {
		t.Fatalf("expired early: %v", ms)
	}
	ms := r.Expire(t0.Add(time.Minute))
	if len(ms) != 1 {
		t.Fatalf("Expire = %d messages, want 1", len(ms))
	}
	m := ms[0]
	if m.Status != concat.StatusExpired || m.Total != 3 || !equalInts(m.Missing, []int{1, 3}) || m.Parts[0] != nil || m.Parts[2] != nil ||
		string(m.Parts[1]) != strings.Repeat("a", 134) || string(m.Deliver.MsgContent) != strings.Repeat("a", 134) {
		t.Errorf("expired message %+v", m)
	}
	// The next Add expires b as well, then completes nothing.
	ms = add(t, r, t0.Add(2*time.Minute), a[0])
	if len(ms) != 1 || ms[0].Status != concat.StatusExpired || string(ms[0].Deliver.SrcTerminalID) != "b" {
		t.Fatalf("Add did not expire b: %+v", ms)
	}
	if n, _ := r.Pending(); n != 1 {
		t.Errorf("Pending = %d, want 1 (a restarted)", n)
	}
	if ms := r.Flush(); len(ms) != 1 || ms[0].Status != concat.StatusFlushed || !equalInts(ms[0].Missing, []int{2, 3}) {
		t.Errorf("Flush = %+v", ms)
	}
	if n, b := r.Pending(); n != 0 || b != 0 {
		t.Errorf("Pending after Flush = %d, %d", n, b)
	}
}

// Bounded memory: the oldest incomplete message is handed back, not
// dropped, when MaxPending or MaxBytes would be exceeded.
func TestReassembleEvict(t *testing.T) {
	r := concat.NewReassembler(concat.Config{MaxPending: 2})
	for i := range 3 {
		ds := segments(t, fmt.Sprint(i), "d", 1, cmpp.FmtASCII, []byte(strings.Repeat("e", 300)), concat.Ref8(1))
		ms := add(t, r, t0.Add(time.Duration(i)*time.Second), ds[0])
		if i < 2 && ms != nil {
			t.Fatalf("evicted too early: %v", ms)
		}
		if i == 2 && (len(ms) != 1 || ms[0].Status != concat.StatusEvicted || string(ms[0].Deliver.SrcTerminalID) != "0" || !equalInts(ms[0].Missing, []int{2, 3})) {
			t.Fatalf("third message evicted %+v, want the first", ms)
		}
	}
	if n, _ := r.Pending(); n != 2 {
		t.Errorf("Pending = %d, want 2", n)
	}

	// MaxBytes: messages announcing 255 segments of 130 octets.
	r = concat.NewReassembler(concat.Config{MaxBytes: 1}) // raised to MinMaxBytes
	payload := bytes.Repeat([]byte{'x'}, 130)
	var evicted int
	for i := range 200 {
		for n := 1; n <= 20; n++ {
			content := append(unhex(t, fmt.Sprintf("050003%02xff%02x", i%256, n)), payload...)
			ms := add(t, r, t0, mo(fmt.Sprint(i), "d", 1, cmpp.FmtASCII, content))
			for _, m := range ms {
				if m.Status != concat.StatusEvicted || m.Total != 255 || len(m.Missing) != 255-20 {
					t.Fatalf("handed back %v with %d missing, want an evicted 20-of-255", m.Status, len(m.Missing))
				}
				evicted++
			}
			if _, b := r.Pending(); b > concat.MinMaxBytes {
				t.Fatalf("Pending bytes %d > %d", b, concat.MinMaxBytes)
			}
		}
	}
	if evicted == 0 {
		t.Error("nothing was evicted")
	}
	pending, _ := r.Pending()
	if pending+evicted != 200 {
		t.Errorf("%d pending + %d evicted, want 200: a message was dropped", pending, evicted)
	}
}

// A reused reference with a different total supersedes the old message,
// which is handed back.
func TestReassembleSuperseded(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	add(t, r, t0, mo("s", "d", 1, cmpp.FmtASCII, unhex(t, "050003090301616161")))
	ms := add(t, r, t0, mo("s", "d", 1, cmpp.FmtASCII, unhex(t, "050003090201626262")))
	if len(ms) != 1 || ms[0].Status != concat.StatusSuperseded || ms[0].Total != 3 || string(ms[0].Deliver.MsgContent) != "aaa" {
		t.Fatalf("superseded = %+v", ms)
	}
	ms = add(t, r, t0, mo("s", "d", 1, cmpp.FmtASCII, unhex(t, "050003090202636363")))
	if len(ms) != 1 || ms[0].Status != concat.StatusComplete || string(ms[0].Deliver.MsgContent) != "bbbccc" {
		t.Fatalf("new message = %+v", ms)
	}
}

// Decoded DELIVER fields alias the connection's read buffer, which is
// reused for the next PDU: the Reassembler must copy what it keeps.
func TestReassembleCopiesSegments(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	var dec cmpp.Decoder
	ds := segments(t, "13800138000", "10658", 1, cmpp.FmtASCII, []byte(strings.Repeat("c", 150)+strings.Repeat("C", 150)), concat.Ref8(2))
	buf := make([]byte, 0, cmpp.MaxPacketLen)
	var got []*concat.Message
	for i, d := range ds {
		var err error
		buf, err = cmpp.Append(buf[:0], uint32(i), d)
		if err != nil {
			t.Fatal(err)
		}
		_, p, err := dec.Decode(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, add(t, r, t0, p.(*cmpp.Deliver))...)
		for j := range buf { // the next read overwrites the buffer
			buf[j] = 0xee
		}
	}
	if len(got) != 1 || string(got[0].Deliver.MsgContent) != strings.Repeat("c", 150)+strings.Repeat("C", 150) ||
		string(got[0].Deliver.SrcTerminalID) != "13800138000" || string(got[0].Deliver.ServiceID) != "SVC" {
		t.Fatalf("message kept aliased memory: %+v", got)
	}
}

// Safe for concurrent use: segments of the same messages arrive on
// several goroutines (connections).
func TestReassembleConcurrent(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	const messages = 50
	var all []*cmpp.Deliver
	for i := range messages {
		all = append(all, segments(t, fmt.Sprint(i), "d", 1, cmpp.FmtASCII, []byte(strings.Repeat(fmt.Sprint(i%10), 500)), concat.Ref8(uint8(i)))...)
	}
	var mu sync.Mutex
	var done []*concat.Message
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(all); i += 4 {
				ms, err := r.Add(t0, all[i])
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				done = append(done, ms...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(done) != messages {
		t.Fatalf("%d messages completed, want %d", len(done), messages)
	}
	for _, m := range done {
		if m.Status != concat.StatusComplete || len(m.Deliver.MsgContent) != 500 {
			t.Errorf("message %+v", m)
		}
	}
}
