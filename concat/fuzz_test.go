package concat_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
)

// FuzzParseUDH: no panic; a parsed UDH lies inside the content and its
// concatenation element is consistent and survives AppendUDH; an error is
// an *Error at an offset inside the content.
func FuzzParseUDH(f *testing.F) {
	for _, s := range []string{
		"0500032a0301", "0608041234 0202", "0b050400 0023f0000302 01", "060004123402 01",
		"", "05", "ff00", "0400030102", "050003010201", "0a000301 0201000302 0202",
	} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		h, err := concat.ParseUDH(content)
		if err != nil {
			var e *concat.Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset > max(len(content)-1, 0) {
				t.Fatalf("ParseUDH(%x) error %v, want *Error inside the content", content, err)
			}
			return
		}
		if h.Len != int(content[0])+1 || h.Len > len(content) {
			t.Fatalf("ParseUDH(%x).Len = %d", content, h.Len)
		}
		if !h.HasConcat {
			return
		}
		c := h.Concat
		if c.Total == 0 || c.Number == 0 || c.Number > c.Total || !c.Ref.Wide && c.Ref.N > 255 {
			t.Fatalf("ParseUDH(%x) = %+v", content, c)
		}
		udh, err := concat.AppendUDH(nil, c.Ref, c.Total, c.Number)
		if err != nil {
			t.Fatal(err)
		}
		back, err := concat.ParseUDH(udh)
		c.IEI = concat.IEIConcat8
		if c.Ref.Wide {
			c.IEI = concat.IEIConcat16
		}
		if err != nil || back.Concat != c || back.Len != len(udh) {
			t.Fatalf("AppendUDH(%+v) = %x, parsed back as %+v, %v", c, udh, back, err)
		}
	})
}

// FuzzSplit: Count agrees with Split; segments are at most 140 octets (or
// the single-message limit), carry consecutive UDHs, join back to the
// content, and never cut a character of content that decodes.
func FuzzSplit(f *testing.F) {
	f.Add(bytes.Repeat([]byte{0x4f, 0x60}, 100), uint8(8), false, uint16(7))
	f.Add(bytes.Repeat([]byte{0xd8, 0x3d, 0xde, 0x00, 0x00, 0x41}, 50), uint8(8), true, uint16(700))
	f.Add(bytes.Repeat([]byte{0xc4, 0xe3, 0x61, 0x94, 0x39, 0xfc, 0x36}, 40), uint8(15), false, uint16(1))
	f.Add(bytes.Repeat([]byte("a"), 400), uint8(0), true, uint16(65535))
	f.Add([]byte{1, 2, 3}, uint8(4), false, uint16(300))
	f.Fuzz(func(t *testing.T, content []byte, fb uint8, wide bool, n uint16) {
		fm := cmpp.MsgFmt(fb)
		ref := concat.Ref{N: n, Wide: wide}
		segs, err := concat.Split(content, fm, ref)
		count := concat.Count(content, fm, wide)
		switch {
		case errors.Is(err, concat.ErrTooManySegments):
			if count <= concat.MaxSegments {
				t.Fatalf("ErrTooManySegments with Count %d", count)
			}
			return
		case errors.Is(err, concat.ErrRef):
			if wide || n <= 255 || count == 1 {
				t.Fatalf("ErrRef for %v, Count %d", ref, count)
			}
			return
		case err != nil:
			t.Fatalf("Split: %v", err)
		}
		if count != len(segs) {
			t.Fatalf("Count %d, Split made %d", count, len(segs))
		}
		codec, known := cmppenc.ForFmt(fm)
		decodes := known && fm != cmpp.FmtBinary && fm != cmpp.FmtSIM
		if decodes {
			_, err := codec.AppendDecode(nil, content)
			decodes = err == nil
		}
		var joined []byte
		for i, s := range segs {
			p := s
			if len(segs) > 1 {
				h, err := concat.ParseUDH(s)
				if err != nil || h.Concat.Ref != ref || int(h.Concat.Total) != len(segs) || int(h.Concat.Number) != i+1 || len(s) > concat.MaxSegmentLen {
					t.Fatalf("segment %d: %x, %+v, %v", i+1, s, h, err)
				}
				p = s[h.Len:]
				if len(p) == 0 {
					t.Fatalf("segment %d is empty", i+1)
				}
			} else if len(s) > fm.MaxContentLen() {
				t.Fatalf("single segment of %d octets", len(s))
			}
			if decodes {
				if _, err := codec.AppendDecode(nil, p); err != nil {
					t.Fatalf("segment %d cuts a character: %v", i+1, err)
				}
			}
			joined = append(joined, p...)
		}
		if !bytes.Equal(joined, content) {
			t.Fatalf("joined segments differ from the content")
		}
	})
}

// modelKey identifies a message in the fuzz model.
type modelKey struct {
	src, dest string
	ref       concat.Ref
	submit    bool // SUBMIT segments, given to AddSubmit
}

// FuzzReassembler drives a Reassembler with segments decoded from the
// fuzz input, DELIVERs (Add) and SUBMITs (AddSubmit) mixed, and checks it
// against a model: no panic; never more than
// MaxPending messages or MaxBytes octets; every stored segment is handed
// back exactly once (complete, expired, evicted, superseded or flushed)
// with the right parts and missing list; duplicates hand nothing back.
func FuzzReassembler(f *testing.F) {
	f.Add([]byte{0, 0, 0, 3, 1, 10, 0, 0, 0, 0, 3, 2, 10, 0, 0, 0, 0, 3, 3, 10, 0})
	f.Add([]byte{1, 2, 3, 2, 1, 0, 200, 1, 2, 3, 2, 1, 0, 0, 1, 2, 3, 3, 1, 5, 0, 0xc0, 0, 0, 255, 7, 100, 1})
	f.Add(bytes.Repeat([]byte{9, 1, 0x85, 255, 3, 249, 0}, 60))
	f.Add([]byte{0, 0, 0x80, 2, 1, 10, 0, 0, 0, 0, 2, 1, 10, 0, 0, 0, 0x80, 2, 2, 10, 0, 0, 0, 0, 2, 2, 10, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		const maxPending = 8
		r := concat.NewReassembler(concat.Config{MaxPending: maxPending, MaxBytes: concat.MinMaxBytes, Timeout: time.Minute})
		model := map[modelKey]map[int]uint16{} // number → segment id
		totals := map[modelKey]int{}
		now := t0
		var id uint16
		check := func(ms []*concat.Message, self uint16) (selfSeen bool) {
			for _, m := range ms {
				k := modelKey{string(m.Deliver.SrcTerminalID), string(m.Deliver.DestID), m.Ref, false}
				if m.Submit != nil {
					k = modelKey{string(m.Submit.SrcID), string(m.Submit.DestTerminalIDs[0]), m.Ref, true}
				}
				parts, ok := model[k]
				if !ok {
					t.Fatalf("handed back %+v, which the model does not hold", m)
				}
				if m.Total != totals[k] || len(m.Parts) != m.Total {
					t.Fatalf("total %d, model %d", m.Total, totals[k])
				}
				missing := 0
				for i, p := range m.Parts {
					want, present := parts[i+1]
					if !present {
						if p != nil {
							t.Fatalf("part %d present, model says missing", i+1)
						}
						missing++
						continue
					}
					if len(p) < 2 || binary.BigEndian.Uint16(p) != want {
						t.Fatalf("part %d = %x, want id %d", i+1, p, want)
					}
					if want == self {
						selfSeen = true
					}
				}
				if len(m.Missing) != missing || (m.Status == concat.StatusComplete) != (missing == 0) {
					t.Fatalf("status %v with %d missing (%v)", m.Status, missing, m.Missing)
				}
				delete(model, k)
				delete(totals, k)
			}
			return selfSeen
		}
		for len(in) >= 7 {
			op := in[:7]
			in = in[7:]
			now = now.Add(time.Duration(op[6]) * time.Second)
			if op[0]&0x80 != 0 {
				check(r.Expire(now), 0)
				continue
			}
			id++
			src, dest := fmt.Sprint(op[0]&3), fmt.Sprint(op[1]&1)
			ref := concat.Ref{N: uint16(op[2] & 3), Wide: op[1]&2 != 0}
			total, number := op[3], op[4]
			if total > 4 && op[3] < 250 {
				total = total%4 + 1
			}
			payload := make([]byte, 2+int(op[5])%247) // with a 7-octet UDH, at most 255
			binary.BigEndian.PutUint16(payload, id)
			udh := []byte{5, 0, 3, byte(ref.N), total, number}
			if ref.Wide {
				udh = []byte{6, 8, 4, byte(ref.N >> 8), byte(ref.N), total, number}
			}
			udhi := []uint8{1, 0x40}[op[1]>>7]
			content := append(udh, payload...)
			submit := op[2]&0x80 != 0 // a SUBMIT segment (a gateway joining a long MT)
			var ms []*concat.Message
			var err error
			if submit {
				ms, err = r.AddSubmit(now, &cmpp.Submit{SrcID: []byte(src), DestTerminalIDs: [][]byte{[]byte(dest)}, TPUDHI: udhi, MsgFmt: cmpp.FmtBinary, MsgContent: content})
			} else {
				ms, err = r.Add(now, mo(src, dest, udhi, cmpp.FmtBinary, content))
			}
			if total == 0 || number == 0 || number > total {
				if err == nil {
					t.Fatalf("bad concat element accepted")
				}
				continue
			}
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			k := modelKey{src, dest, ref, submit}
			if total == 1 {
				if len(ms) == 0 || ms[len(ms)-1].Total != 1 {
					t.Fatalf("single segment not passed through")
				}
				check(ms[:len(ms)-1], 0)
				continue
			}
			// The message d completes, if any, comes last; the others go
			// first and may remove an old message under k.
			var done *concat.Message
			if len(ms) > 0 && ms[len(ms)-1].Status == concat.StatusComplete {
				done, ms = ms[len(ms)-1], ms[:len(ms)-1]
			}
			if check(ms, id) {
				t.Fatalf("segment %d handed back in a message that was not completed by it", id)
			}
			if parts, ok := model[k]; ok && totals[k] == int(total) {
				if _, dup := parts[int(number)]; dup {
					if done != nil {
						t.Fatalf("a duplicate completed a message")
					}
					continue
				}
			}
			if model[k] == nil {
				model[k] = map[int]uint16{}
				totals[k] = int(total)
			}
			model[k][int(number)] = id
			if done != nil {
				if !check([]*concat.Message{done}, id) {
					t.Fatalf("completed message lacks the segment that completed it")
				}
			} else if len(model[k]) == int(total) {
				t.Fatalf("message complete in the model but not handed back")
			}
			if n, b := r.Pending(); n != len(model) || n > maxPending || b > concat.MinMaxBytes {
				t.Fatalf("Pending = %d, %d; model %d", n, b, len(model))
			}
		}
		check(r.Flush(), 0)
		if len(model) != 0 {
			t.Fatalf("%d messages never handed back", len(model))
		}
	})
}
