package session

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
)

func report(id cmpp.MsgID, dest, stat string) *cmpp.Report {
	return &cmpp.Report{MsgID: id, Stat: []byte(stat), DestTerminalID: []byte(dest),
		SubmitTime: []byte("2612020130"), DoneTime: []byte("2612020131")}
}

func twoSegments(dests ...string) []*cmpp.Submit {
	var ds [][]byte
	for _, d := range dests {
		ds = append(ds, []byte(d))
	}
	return []*cmpp.Submit{
		{PkTotal: 2, PkNumber: 1, DestTerminalIDs: ds},
		{PkTotal: 2, PkNumber: 2, DestTerminalIDs: ds},
	}
}

func TestTrackerMatchesSegmentAndRecipient(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tr := NewTracker(TrackerConfig{})
	subs := twoSegments("13800138000", "13900139000")
	require.Empty(t, tr.Track(now, "msg-1", subs[0], &cmpp.SubmitResp{MsgID: 100}))
	require.Empty(t, tr.Track(now, "msg-1", subs[1], &cmpp.SubmitResp{MsgID: 200}))
	w, e := tr.Len()
	require.Equal(t, 4, w)
	require.Zero(t, e)

	// Segment 2 to the second recipient, reported with Msg_Id + 1 and a
	// +86 prefix; segment 1 to the second recipient with the plain Msg_Id.
	r := report(201, "+8613900139000", "DELIVRD")
	d, ok := tr.Report(now, r)
	require.True(t, ok)
	r.Stat[0] = 'X' // the Delivery owns its copy
	require.Equal(t, Delivery{Tag: "msg-1", Segment: 2, Segments: 2, Recipient: "13900139000", Report: *report(201, "+8613900139000", "DELIVRD")}, d)

	d, ok = tr.Report(now, report(100, "8613900139000", "UNDELIV"))
	require.True(t, ok)
	require.Equal(t, 1, d.Segment)
	require.Equal(t, "13900139000", d.Recipient)
	require.False(t, d.Report.Delivered())

	d, ok = tr.Report(now, report(100, "13800138000", "DELIVRD"))
	require.True(t, ok)
	require.Equal(t, 1, d.Segment)
	require.Equal(t, "13800138000", d.Recipient)
	w, _ = tr.Len()
	require.Equal(t, 1, w)

	// A report nobody tracked is kept for a later Track only.
	_, ok = tr.Report(now, report(999, "13800138000", "DELIVRD"))
	require.False(t, ok)
	_, e = tr.Len()
	require.Equal(t, 1, e)

	// A refused submit is not tracked.
	require.Empty(t, tr.Track(now, "x", subs[0], &cmpp.SubmitResp{MsgID: 5, Result: 8}))
	w, _ = tr.Len()
	require.Equal(t, 1, w)
}

// A report that arrives before its SUBMIT_RESP is handed back by Track.
func TestTrackerReportBeforeResponse(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tr := NewTracker(TrackerConfig{EarlyTTL: time.Minute})
	_, ok := tr.Report(now, report(7, "13800138000", "DELIVRD"))
	require.False(t, ok)
	sub := &cmpp.Submit{PkTotal: 1, PkNumber: 1, DestTerminalIDs: [][]byte{[]byte("13800138000")}}
	got := tr.Track(now.Add(time.Second), 42, sub, &cmpp.SubmitResp{MsgID: 7})
	require.Len(t, got, 1)
	require.Equal(t, 42, got[0].Tag)
	require.True(t, got[0].Report.Delivered())
	w, e := tr.Len()
	require.Zero(t, w)
	require.Zero(t, e)

	// An early report older than EarlyTTL is gone.
	tr.Report(now, report(8, "13800138000", "DELIVRD"))
	got = tr.Track(now.Add(2*time.Minute), 43, sub, &cmpp.SubmitResp{MsgID: 8})
	require.Empty(t, got)
}

// Entries expire after TTL (Expire hands them back: no report came), and
// MaxEntries bounds the memory, dropping the oldest.
func TestTrackerBounds(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tr := NewTracker(TrackerConfig{TTL: time.Hour, MaxEntries: 2})
	one := func(n string) *cmpp.Submit {
		return &cmpp.Submit{PkTotal: 1, PkNumber: 1, DestTerminalIDs: [][]byte{[]byte(n)}}
	}
	tr.Track(now, "a", one("13800000001"), &cmpp.SubmitResp{MsgID: 1})
	tr.Track(now.Add(time.Minute), "b", one("13800000002"), &cmpp.SubmitResp{MsgID: 2})
	tr.Track(now.Add(2*time.Minute), "c", one("13800000003"), &cmpp.SubmitResp{MsgID: 3})
	w, _ := tr.Len()
	require.Equal(t, 2, w)
	_, ok := tr.Report(now, report(1, "13800000001", "DELIVRD"))
	require.False(t, ok, "the oldest was dropped for room")

	exp := tr.Expire(now.Add(time.Hour + 90*time.Second))
	require.Len(t, exp, 1)
	require.Equal(t, "b", exp[0].Tag)
	require.Nil(t, exp[0].Report.Stat)
	d, ok := tr.Report(now.Add(time.Hour+90*time.Second), report(3, "13800000003", "DELIVRD"))
	require.True(t, ok)
	require.Equal(t, "c", d.Tag)

	for i := range 10 { // early reports are bounded too
		tr.Report(now, report(cmpp.MsgID(100+i), "13800000009", "DELIVRD"))
	}
	_, e := tr.Len()
	require.LessOrEqual(t, e, 2)
}

// One submit that never gets its report must not make the Tracker keep
// the expiry-queue place of every submit matched after it: memory stays
// bounded by the entries awaiting reports.
func TestTrackerQueueStaysBounded(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tr := NewTracker(TrackerConfig{})
	one := func(n string) *cmpp.Submit {
		return &cmpp.Submit{PkTotal: 1, PkNumber: 1, DestTerminalIDs: [][]byte{[]byte(n)}}
	}
	tr.Track(now, "never reported", one("13800000000"), &cmpp.SubmitResp{MsgID: 1})
	for i := range 10_000 {
		id := cmpp.MsgID(100 + i)
		tr.Track(now, i, one("13900000000"), &cmpp.SubmitResp{MsgID: id})
		d, ok := tr.Report(now, report(id, "13900000000", "DELIVRD"))
		require.True(t, ok)
		require.Equal(t, i, d.Tag)
		// Reports nobody tracked, claimed by a Track at once.
		tr.Report(now, report(id+1_000_000, "13700000000", "DELIVRD"))
		require.Len(t, tr.Track(now, i, one("13700000000"), &cmpp.SubmitResp{MsgID: id + 1_000_000}), 1)
	}
	w, e := tr.Len()
	require.Equal(t, 1, w)
	require.Zero(t, e)
	require.LessOrEqual(t, len(tr.order), 2*1+64)
	require.LessOrEqual(t, len(tr.eorder), 64)
	// The entry left still expires in its turn.
	exp := tr.Expire(now.Add(73 * time.Hour))
	require.Len(t, exp, 1)
	require.Equal(t, "never reported", exp[0].Tag)
}
