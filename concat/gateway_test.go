package concat_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The gateway's side of long messages: it splits an MO into DELIVERs and
// joins the SUBMIT segments of an MT.

func TestDelivers(t *testing.T) {
	tmpl := &cmpp.Deliver{DestID: []byte("10658"), ServiceID: []byte("SVC"), SrcTerminalID: []byte("13800138000"), LinkID: []byte("link")}
	text := strings.Repeat("上行长短信", 30) // 150 characters: 3 UCS2 segments
	ds, err := concat.DeliverText(tmpl, text, concat.Ref8(7))
	require.NoError(t, err)
	require.Len(t, ds, 3)
	content := ucs2(t, text)
	var joined []byte
	for i, d := range ds {
		assert.Equal(t, uint8(1), d.TPUDHI)
		assert.Equal(t, cmpp.FmtUCS2, d.MsgFmt)
		assert.Equal(t, []byte("13800138000"), d.SrcTerminalID)
		assert.LessOrEqual(t, len(d.MsgContent), concat.MaxSegmentLen)
		assert.Equal(t, []byte{5, 0, 3, 7, 3, byte(i + 1)}, d.MsgContent[:6], "segment %d UDH", i+1)
		require.NoError(t, d.Validate())
		joined = append(joined, d.MsgContent[6:]...)
	}
	assert.Equal(t, content, joined)
	assert.Nil(t, tmpl.MsgContent, "tmpl was changed")

	// One that fits: one DELIVER, no UDH.
	ds, err = concat.Delivers(nil, []byte("hello"), cmpp.FmtASCII, concat.Ref8(1))
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, uint8(0), ds[0].TPUDHI)
	assert.Equal(t, []byte("hello"), ds[0].MsgContent)

	// The SP side joins what the gateway split, whatever the order.
	ds, err = concat.DeliverText(tmpl, text, concat.Ref16(0x1234))
	require.NoError(t, err)
	r := concat.NewReassembler(concat.Config{})
	var ms []*concat.Message
	for _, i := range []int{2, 0, 1} {
		got, err := r.Add(t0, ds[i])
		require.NoError(t, err)
		ms = append(ms, got...)
	}
	require.Len(t, ms, 1)
	assert.Equal(t, content, ms[0].Deliver.MsgContent)
	assert.Equal(t, content, ms[0].Content())
}

// submitSegments splits content into SUBMITs from sp/src to dests.
func submitSegments(t *testing.T, sp, src string, dests []string, content []byte, ref concat.Ref) []*cmpp.Submit {
	t.Helper()
	tmpl := &cmpp.Submit{MsgSrc: []byte(sp), SrcID: []byte(src), ServiceID: []byte("MNEWS"), RegisteredDelivery: 1}
	for _, d := range dests {
		tmpl.DestTerminalIDs = append(tmpl.DestTerminalIDs, []byte(d))
	}
	subs, err := concat.Submits(tmpl, content, cmpp.FmtUCS2, ref)
	require.NoError(t, err)
	return subs
}

func TestAddSubmit(t *testing.T) {
	content := ucs2(t, strings.Repeat("下行长短信网关重组", 20)) // 180 characters, 3 segments
	one := submitSegments(t, "901234", "1065712345", []string{"13800138000"}, content, concat.Ref8(9))
	two := submitSegments(t, "901234", "1065712345", []string{"13800138000", "13900139000"}, content, concat.Ref8(9))
	other := submitSegments(t, "905678", "1065712345", []string{"13800138000"}, content, concat.Ref8(9))
	require.Len(t, one, 3)
	r := concat.NewReassembler(concat.Config{})
	// Interleaved: the same reference, source number and first
	// destination, but another destination list or another SP, is
	// another message.
	var done []*concat.Message
	for _, s := range []*cmpp.Submit{one[1], two[0], other[2], one[0], two[2], other[0], two[1], one[2], other[1]} {
		ms, err := r.AddSubmit(t0, s)
		require.NoError(t, err)
		done = append(done, ms...)
	}
	require.Len(t, done, 3)
	for i, want := range []*cmpp.Submit{two[0], one[0], other[0]} {
		m := done[i]
		assert.Equal(t, concat.StatusComplete, m.Status)
		require.NotNil(t, m.Submit)
		assert.Equal(t, content, m.Submit.MsgContent)
		assert.Equal(t, content, m.Content())
		assert.Equal(t, want.DestTerminalIDs, m.Submit.DestTerminalIDs)
		assert.Equal(t, want.MsgSrc, m.Submit.MsgSrc)
		assert.Equal(t, uint8(0), m.Submit.TPUDHI)
		assert.Equal(t, uint8(1), m.Submit.PkTotal)
		assert.Equal(t, uint8(1), m.Submit.PkNumber)
		assert.Equal(t, uint8(1), m.Submit.RegisteredDelivery)
		assert.Equal(t, 3, m.Total)
		assert.Equal(t, cmpp.Deliver{}.MsgContent, m.Deliver.MsgContent)
	}
	n, b := r.Pending()
	assert.Zero(t, n)
	assert.Zero(t, b)

	// A SUBMIT that is not segmented comes back at once.
	ms, err := r.AddSubmit(t0, &cmpp.Submit{MsgFmt: cmpp.FmtASCII, MsgContent: []byte("hi"), DestTerminalIDs: [][]byte{[]byte("1")}})
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.Equal(t, []byte("hi"), ms[0].Submit.MsgContent)

	// Fields no PDU could carry are refused with their name, as
	// cmpp.ErrFieldTooLong.
	_, err = r.AddSubmit(t0, &cmpp.Submit{DestTerminalIDs: [][]byte{bytes.Repeat([]byte{'1'}, 33)}})
	assert.True(t, errors.Is(err, cmpp.ErrFieldTooLong))
	assert.EqualError(t, err, "concat: Dest_terminal_Id: value too long for field: 33 octets, field holds 32")
}

func TestErrFieldTooLongIsCmpp(t *testing.T) {
	assert.Same(t, cmpp.ErrFieldTooLong, concat.ErrFieldTooLong)
	r := concat.NewReassembler(concat.Config{})
	_, err := r.Add(t0, mo(strings.Repeat("1", 33), "2", 0, 0, nil))
	assert.ErrorIs(t, err, cmpp.ErrFieldTooLong)
	assert.ErrorIs(t, err, concat.ErrFieldTooLong)
	assert.EqualError(t, err, "concat: Src_terminal_Id: value too long for field: 33 octets, field holds 32")
}

// The Reassembler keeps the other elements of the UDH (port addressing
// of a WAP push, say) beside the joined content.
func TestReassembleKeepsOtherIEs(t *testing.T) {
	r := concat.NewReassembler(concat.Config{})
	const ports = "0605040b8423f0" // 16-bit ports 2948 ← 9200, as a UDH of its own
	var ms []*concat.Message
	for _, seg := range []string{
		"0b05040b8423f00003a50302" + "6161", // ports, then concatenation: segment 2 first
		"0b0003a5030105040b8423f0" + "6262", // concatenation, then ports
		"0b05040b8423f00003a50303" + "6363",
	} {
		got, err := r.Add(t0, mo("13800138000", "10658", 1, cmpp.FmtBinary, unhex(t, seg)))
		require.NoError(t, err)
		ms = append(ms, got...)
	}
	require.Len(t, ms, 1)
	assert.Equal(t, []byte("bbaacc"), ms[0].Deliver.MsgContent)
	assert.Equal(t, unhex(t, ports), ms[0].UDH)
	assert.Equal(t, uint8(0), ms[0].Deliver.TPUDHI)

	// Not segmented: the ports are kept too.
	ms, err := r.Add(t0, mo("1", "2", 0x40, cmpp.FmtBinary, unhex(t, ports+"cafe")))
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.Equal(t, unhex(t, ports), ms[0].UDH)
	assert.Equal(t, []byte{0xca, 0xfe}, ms[0].Deliver.MsgContent)
	// Only a concatenation element: nothing to keep.
	ms, err = r.Add(t0, mo("1", "2", 1, cmpp.FmtUCS2, unhex(t, "0500030101010041")))
	require.NoError(t, err)
	assert.Nil(t, ms[0].UDH)
}

// A peer announcing 255 segments under many fresh references gets no
// room reserved for the segments it never sends: each costs what it
// sends, in memory charged and in memory allocated.
func TestReassembleSparse(t *testing.T) {
	payload := bytes.Repeat([]byte{'x'}, 130)
	seg := func(ref int) *cmpp.Deliver {
		content := append(unhex(t, fmt.Sprintf("060804%04xff01", ref&0xffff)), payload...)
		return mo("13800138000", "10658", 1, cmpp.FmtASCII, content)
	}
	r := concat.NewReassembler(concat.Config{MaxPending: 1 << 20, MaxBytes: 1 << 30})
	const fresh = 1000
	segs := make([]*cmpp.Deliver, fresh)
	for i := range segs {
		segs[i] = seg(i)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, d := range segs {
		ms, err := r.Add(t0, d)
		require.NoError(t, err)
		require.Empty(t, ms)
	}
	runtime.ReadMemStats(&after)
	perRef := float64(after.TotalAlloc-before.TotalAlloc) / fresh
	t.Logf("%.0f octets allocated per fresh 255-segment reference", perRef)
	assert.Less(t, perRef, 2048.0, "octets allocated per fresh reference, map growth included (a slot per announced segment alone would be 255×24)")
	n, b := r.Pending()
	assert.Equal(t, fresh, n)
	assert.Less(t, b/fresh, 512, "octets charged per fresh reference")

	allocs := testing.AllocsPerRun(100, func() {
		r := concat.NewReassembler(concat.Config{})
		_, _ = r.Add(t0, segs[0])
	})
	assert.LessOrEqual(t, allocs, 12.0, "allocations to start a message (map, partial, copied fields, payload)")
}
