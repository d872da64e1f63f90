package cmpp

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A host outside China: New York, or a fixed UTC-5 where the machine has
// no zone database.
func newYork() *time.Location {
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		return ny
	}
	return time.FixedZone("EST", -5*3600)
}

// NewConnect on a host in another zone sends China Standard Time, so its
// CONNECT is the one a host in Beijing sends at the same instant.
func TestNewConnectChinaStandardTime(t *testing.T) {
	instant := time.Date(2026, 1, 2, 3, 4, 5, 0, ChinaStandardTime)
	want := NewConnect("901234", "secret", instant)
	require.Equal(t, uint32(102030405), want.Timestamp)
	for _, loc := range []*time.Location{time.UTC, newYork(), time.FixedZone("", 13*3600)} {
		got := NewConnect("901234", "secret", instant.In(loc))
		assert.Equal(t, want, got, "now in %v", loc)
	}

	// A host whose local zone is not China's: time.Now() is in time.Local.
	saved := time.Local
	time.Local = newYork()
	defer func() { time.Local = saved }()
	now := time.Now()
	require.Equal(t, time.Local, now.Location())
	c := NewConnect("901234", "secret", now)
	cst := now.In(ChinaStandardTime)
	_, mon, day := cst.Date()
	h, m, s := cst.Clock()
	assert.Equal(t, uint32(int(mon)*100000000+day*1000000+h*10000+m*100+s), c.Timestamp)
	assert.True(t, c.Verify("secret"))
}

func TestReportTime(t *testing.T) {
	got, err := ParseReportTime([]byte("2601020304"))
	require.NoError(t, err)
	assert.True(t, got.Equal(time.Date(2026, 1, 2, 3, 4, 0, 0, ChinaStandardTime)), "%v", got)
	assert.Equal(t, ChinaStandardTime, got.Location())

	// Written in China Standard Time whatever the zone; seconds dropped.
	at := time.Date(2025, 12, 31, 16, 59, 59, 0, time.UTC) // 2026-01-01 00:59:59 CST
	assert.Equal(t, "2601010059", string(AppendReportTime(nil, at)))
	assert.Equal(t, "x2601010059", string(AppendReportTime([]byte("x"), at.In(newYork()))))
	back, err := ParseReportTime(AppendReportTime(nil, at))
	require.NoError(t, err)
	assert.True(t, back.Equal(at.Truncate(time.Minute)))

	for _, bad := range []string{"", "260102030", "26010203045", "26x1020304", "2613020304", "2602300304",
		"2601000304", "2601022400", "2601020360", "26-1020304"} {
		_, err := ParseReportTime([]byte(bad))
		assert.ErrorIs(t, err, ErrInvalid, "%q", bad)
	}
	_, err = ParseReportTime([]byte("2602300304"))
	assert.EqualError(t, err, `cmpp: "2602300304" is not YYMMDDHHMM: February 2026 has no day 30`)
	_, err = ParseReportTime([]byte("2402290304")) // a leap year
	assert.NoError(t, err)
}

func TestSMPPTime(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, ChinaStandardTime)

	// Absolute, China (+32 quarter-hours), tenths of a second.
	got, err := ParseSMPPTime([]byte("260102030405732+"), now)
	require.NoError(t, err)
	assert.True(t, got.Equal(time.Date(2026, 1, 2, 3, 4, 5, 700_000_000, ChinaStandardTime)), "%v", got)
	_, off := got.Zone()
	assert.Equal(t, 8*3600, off)
	// Behind UTC.
	got, err = ParseSMPPTime([]byte("260101140405020-"), now)
	require.NoError(t, err)
	assert.True(t, got.Equal(time.Date(2026, 1, 1, 19, 4, 5, 0, time.UTC)), "%v", got)
	// Relative: the spec reference's example, 2 years 6 months 10 days
	// 23:34:29 from now.
	got, err = ParseSMPPTime([]byte("020610233429000R"), now)
	require.NoError(t, err)
	assert.True(t, got.Equal(time.Date(2028, 7, 13, 2, 38, 34, 0, ChinaStandardTime)), "%v", got)
	// Not set.
	got, err = ParseSMPPTime(nil, now)
	require.NoError(t, err)
	assert.True(t, got.IsZero())

	for _, bad := range []string{"26010203040503+", "260102030405032+\x00", "260102030405032*", "2601020304050x2+",
		"261302030405032+", "260231030405032+", "260102030405049+", "2601020304a5032R", "260102250405032+"} {
		_, err := ParseSMPPTime([]byte(bad), now)
		assert.ErrorIs(t, err, ErrInvalid, "%q", bad)
	}

	// Written in China Standard Time, 16 characters; the field's 17th
	// octet is the encoder's 0x00 padding.
	at := time.Date(2026, 1, 1, 19, 4, 5, 250_000_000, time.UTC)
	b := AppendSMPPTime(nil, at)
	assert.Equal(t, "260102030405232+", string(b))
	back, err := ParseSMPPTime(b, now)
	require.NoError(t, err)
	assert.True(t, back.Equal(at.Truncate(100*time.Millisecond)))
	pdu, err := Append(nil, 1, &Submit{AtTime: b})
	require.NoError(t, err)
	assert.Equal(t, append([]byte("260102030405232+"), 0), pdu[12+90:12+90+17], "At_Time")

	rel, err := AppendSMPPRelative(nil, 48*time.Hour+90*time.Second)
	require.NoError(t, err)
	assert.Equal(t, "000002000130000R", string(rel))
	back, err = ParseSMPPTime(rel, now)
	require.NoError(t, err)
	assert.Equal(t, 48*time.Hour+90*time.Second, back.Sub(now))
	rel, err = AppendSMPPRelative(nil, 99*24*time.Hour+23*time.Hour+59*time.Minute+59*time.Second)
	require.NoError(t, err)
	assert.Equal(t, "000099235959000R", string(rel))
	for _, bad := range []time.Duration{-time.Second, 100 * 24 * time.Hour, 1500 * time.Millisecond} {
		out, err := AppendSMPPRelative([]byte("keep"), bad)
		assert.ErrorIs(t, err, ErrInvalid, "%v", bad)
		assert.Equal(t, "keep", string(out))
	}
}

// The time helpers allocate nothing with a presized buffer, nor does
// parsing a China or UTC time.
func TestTimesZeroAllocs(t *testing.T) {
	buf := make([]byte, 0, 32)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, f := range map[string]func(){
		"AppendReportTime":   func() { buf = AppendReportTime(buf[:0], at) },
		"AppendSMPPTime":     func() { buf = AppendSMPPTime(buf[:0], at) },
		"AppendSMPPRelative": func() { buf, _ = AppendSMPPRelative(buf[:0], time.Hour) },
		"ParseReportTime":    func() { _, _ = ParseReportTime([]byte("2601020304")) },
		"ParseSMPPTime CST":  func() { _, _ = ParseSMPPTime([]byte("260102030405032+"), at) },
		"ParseSMPPTime UTC":  func() { _, _ = ParseSMPPTime([]byte("260102030405000+"), at) },
		"NewMsgIDAt":         func() { _, _ = NewMsgIDAt(at, 1001, 1) },
	} {
		assert.Zero(t, testing.AllocsPerRun(100, f), name)
	}
	got, err := ParseSMPPTime([]byte("260102030405032+"), at)
	require.NoError(t, err)
	assert.Equal(t, ChinaStandardTime, got.Location())
}

func TestMsgIDAt(t *testing.T) {
	// Spec reference §5.5: 01-02 03:04:05, gateway 1001, sequence 1,
	// here from a UTC clock.
	id, err := NewMsgIDAt(time.Date(2026, 1, 1, 19, 4, 5, 0, time.UTC), 1001, 1)
	require.NoError(t, err)
	assert.Equal(t, MsgID(0x110C414003E90001), id)
	_, err = NewMsgIDAt(time.Now(), 1<<22, 1)
	assert.ErrorIs(t, err, ErrInvalid)

	at, err := id.Parts().Time(2026)
	require.NoError(t, err)
	assert.True(t, at.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, ChinaStandardTime)))
	_, err = MsgIDParts{Month: 2, Day: 29, Gateway: 1}.Time(2026)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = MsgIDParts{Month: 2, Day: 29, Gateway: 1}.Time(2028)
	assert.NoError(t, err)
	_, err = MsgID(0).Parts().Time(2026) // month 0
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestStatText(t *testing.T) {
	for stat, want := range map[string]string{
		"DELIVRD": "delivered", "EXPIRED": "validity period expired", "DELETED": "deleted",
		"UNDELIV": "undeliverable", "ACCEPTD": "accepted, not final", "UNKNOWN": "unknown state",
		"REJECTD": "rejected", "MA:0001": "no response from the SMSC", "MB:0054": "error response from the SMSC",
		"MC:xxxx": "no status report from the SMSC", "CA:1234": "no response from the SCP",
		"CB:1234": "error response from the SCP", "DA:0000": "no response from the DSMP",
		"DB:0000": "error response from the DSMP", "SA:0001": "no response from the SP",
		"SB:0001": "error response from the SP", "IA:0001": "no response from the next-hop ISMG",
		"IB:0001": "error response from the next-hop ISMG", "IC:0001": "no status report from the next-hop ISMG",
		// Not Stat values of the spec.
		"": "", "DELIVR": "", "DELIVRD ": "", "delivrd": "", "MA:01": "", "MAX0001": "", "ZZ:0001": "", "2601020304": "",
	} {
		assert.Equal(t, want, StatText([]byte(stat)), "%q", stat)
		assert.Equal(t, want != "" && stat != "ACCEPTD", StatFinal([]byte(stat)), "%q final", stat)
	}
	r := Report{Stat: []byte(StatDelivered)}
	assert.True(t, r.Delivered())
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = StatText(r.Stat) }))
}

// FuzzTimes: the time parsers never panic, fail only with ErrInvalid, and
// what they accept survives a round trip through the writers.
func FuzzTimes(f *testing.F) {
	f.Add([]byte("2601020304"))
	f.Add([]byte("260102030405732+"))
	f.Add([]byte("020610233429000R"))
	f.Add([]byte("991231235959948-"))
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, ChinaStandardTime)
	f.Fuzz(func(t *testing.T, b []byte) {
		if rt, err := ParseReportTime(b); err != nil {
			require.ErrorIs(t, err, ErrInvalid)
		} else {
			require.Equal(t, string(b), string(AppendReportTime(nil, rt)))
		}
		st, err := ParseSMPPTime(b, now)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalid)
			return
		}
		if len(b) == 0 || b[15] == 'R' {
			return
		}
		back, err := ParseSMPPTime(AppendSMPPTime(nil, st), now)
		require.NoError(t, err)
		if y := st.In(ChinaStandardTime).Year(); y >= 2000 && y < 2100 {
			require.True(t, back.Equal(st), "%s: %v, then %v", b, st, back)
		}
	})
}
