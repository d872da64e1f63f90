package cmpp

import (
	"strconv"
	"time"
)

// ChinaStandardTime is UTC+8 without daylight saving time (China has had
// none since 1991): the clock of every CMPP time field. CONNECT's
// Timestamp, the Msg_Id parts and the status report times are written in
// it, whatever the zone of the host. It is a fixed zone, so it needs no
// time zone database.
var ChinaStandardTime = time.FixedZone("CST", cstOffset)

const cstOffset = 8 * 60 * 60 // seconds east of UTC

// ReportTimeLen is the length of Submit_time and Done_time in a status
// report, and of CMPP_DELIVER_time and CMPP_DELIVER_RESP_time in an MO
// report: YYMMDDHHMM (spec reference §5.15).
const ReportTimeLen = 10

// ParseReportTime parses a status report time: Submit_time or Done_time
// of a [Report] (§8.4.5.1, spec reference §6.8.1), or the two times of an
// [MOReport]. The text is YYMMDDHHMM (spec reference §5.15): ten digits,
// the year 20YY, in China Standard Time; there are no seconds. Anything
// else, or a date that does not exist, is an error wrapping ErrInvalid.
func ParseReportTime(b []byte) (time.Time, error) {
	if len(b) != ReportTimeLen {
		return time.Time{}, timeErr("YYMMDDHHMM", b, "want 10 digits")
	}
	var d [5]int
	for i := range d {
		v, ok := digits2(b[2*i:])
		if !ok {
			return time.Time{}, timeErr("YYMMDDHHMM", b, "want 10 digits")
		}
		d[i] = v
	}
	t, why := date(2000+d[0], d[1], d[2], d[3], d[4], 0, 0, ChinaStandardTime)
	if why != "" {
		return time.Time{}, timeErr("YYMMDDHHMM", b, why)
	}
	return t, nil
}

// AppendReportTime appends t as a status report time, YYMMDDHHMM in China
// Standard Time (spec reference §5.15), and returns the extended buffer.
// Seconds are not written (the field has none); the year is written as
// its last two digits, so a year outside 2000–2099 does not read back.
//
//	rep.DoneTime = cmpp.AppendReportTime(nil, time.Now())
func AppendReportTime(b []byte, t time.Time) []byte {
	t = t.In(ChinaStandardTime)
	y, mon, day := t.Date()
	h, m, _ := t.Clock()
	for _, v := range [...]int{y % 100, int(mon), day, h, m} {
		b = append(b, '0'+byte(v/10), '0'+byte(v%10))
	}
	return b
}

// SMPPTimeLen is the length of the text of ValId_Time and At_Time
// (Valid_Time in CMPP_FWD): the SMPP 3.3 time YYMMDDhhmmsstnnp, written in
// a 17-octet field whose last octet is the 0x00 terminator (spec
// reference §5.14).
const SMPPTimeLen = 16

// ParseSMPPTime parses ValId_Time or At_Time (§8.4.3.1, spec reference
// §5.14), the 16-character SMPP 3.3 time YYMMDDhhmmsstnnp:
//
//   - absolute ("260102030405032+"): the year 20YY, tenths of a second t,
//     and the time zone: nn quarter-hours ahead of UTC for '+', behind it
//     for '-'. The result is in that fixed zone ([ChinaStandardTime] for
//     "32+", UTC for "00+").
//   - relative ("000001120000000R"): YY years, MM months, DD days, hh
//     hours, mm minutes and ss seconds after now, the moment the gateway
//     received the message; t and nn carry no meaning and are only
//     checked to be digits.
//
// An empty value (the field was all 0x00: not set) gives the zero Time
// and no error. Anything else that is not one of the two forms is an
// error wrapping ErrInvalid.
func ParseSMPPTime(b []byte, now time.Time) (time.Time, error) {
	const layout = "YYMMDDhhmmsstnnp"
	if len(b) == 0 {
		return time.Time{}, nil
	}
	if len(b) != SMPPTimeLen {
		return time.Time{}, timeErr(layout, b, "want 16 characters")
	}
	var d [7]int // YY MM DD hh mm ss nn
	for i := range 6 {
		v, ok := digits2(b[2*i:])
		if !ok {
			return time.Time{}, timeErr(layout, b, "want digits before the last character")
		}
		d[i] = v
	}
	tenths := int(b[12] - '0')
	nn, ok := digits2(b[13:])
	if b[12] < '0' || b[12] > '9' || !ok {
		return time.Time{}, timeErr(layout, b, "want digits before the last character")
	}
	switch b[15] {
	case 'R':
		return now.AddDate(d[0], d[1], d[2]).Add(time.Duration(d[3])*time.Hour +
			time.Duration(d[4])*time.Minute + time.Duration(d[5])*time.Second), nil
	case '+', '-':
	default:
		return time.Time{}, timeErr(layout, b, "the last character is not '+', '-' or 'R'")
	}
	if nn > 48 {
		return time.Time{}, timeErr(layout, b, "nn "+strconv.Itoa(nn)+" is more than 48 quarter-hours from UTC")
	}
	offset := nn * 15 * 60
	if b[15] == '-' {
		offset = -offset
	}
	var loc *time.Location
	switch offset {
	case cstOffset: // "32+", what gateways in China write
		loc = ChinaStandardTime
	case 0:
		loc = time.UTC
	default:
		loc = time.FixedZone("", offset)
	}
	t, why := date(2000+d[0], d[1], d[2], d[3], d[4], d[5], tenths*100_000_000, loc)
	if why != "" {
		return time.Time{}, timeErr(layout, b, why)
	}
	return t, nil
}

// AppendSMPPTime appends t as an absolute SMPP 3.3 time for ValId_Time or
// At_Time (spec reference §5.14), in China Standard Time: YYMMDDhhmmss,
// the tenth of a second, and "32+" (32 quarter-hours ahead of UTC). The
// encoder adds the 0x00 terminator as the field's padding.
//
//	s.AtTime = cmpp.AppendSMPPTime(nil, sendAt)
func AppendSMPPTime(b []byte, t time.Time) []byte {
	t = t.In(ChinaStandardTime)
	y, mon, day := t.Date()
	h, m, s := t.Clock()
	for _, v := range [...]int{y % 100, int(mon), day, h, m, s} {
		b = append(b, '0'+byte(v/10), '0'+byte(v%10))
	}
	return append(b, '0'+byte(t.Nanosecond()/100_000_000), '3', '2', '+')
}

// AppendSMPPRelative appends d as a relative SMPP 3.3 time for ValId_Time
// (spec reference §5.14): "0000DDhhmmss000R", d from the moment the
// gateway receives the message. d must be whole seconds, at least zero and
// less than 100 days; anything else is an error wrapping ErrInvalid (it is
// never rounded), and b is returned unchanged.
//
//	s.ValidTime, err = cmpp.AppendSMPPRelative(nil, 48*time.Hour)
func AppendSMPPRelative(b []byte, d time.Duration) ([]byte, error) {
	switch {
	case d < 0 || d >= 100*24*time.Hour:
		return b, &timeError{layout: "a relative SMPP time", value: d.String(), why: "not 0 to 99 days"}
	case d%time.Second != 0:
		return b, &timeError{layout: "a relative SMPP time", value: d.String(), why: "not whole seconds"}
	}
	s := int(d / time.Second)
	b = append(b, '0', '0', '0', '0')
	for _, v := range [...]int{s / 86400, s / 3600 % 24, s / 60 % 60, s % 60} {
		b = append(b, '0'+byte(v/10), '0'+byte(v%10))
	}
	return append(b, '0', '0', '0', 'R'), nil
}

// digits2 reads two ASCII digits at the start of b.
func digits2(b []byte) (int, bool) {
	if len(b) < 2 || b[0] < '0' || b[0] > '9' || b[1] < '0' || b[1] > '9' {
		return 0, false
	}
	return int(b[0]-'0')*10 + int(b[1]-'0'), true
}

// date is time.Date for a date that must exist as given: time.Date would
// turn February 30 into March 2. It returns why it does not.
func date(year, mon, day, h, m, s, ns int, loc *time.Location) (time.Time, string) {
	switch {
	case mon < 1 || mon > 12:
		return time.Time{}, "month " + strconv.Itoa(mon) + " is not 1 to 12"
	case h > 23 || m > 59 || s > 59:
		return time.Time{}, "no such time of day"
	}
	t := time.Date(year, time.Month(mon), day, h, m, s, ns, loc)
	if day < 1 || t.Day() != day {
		return time.Time{}, time.Month(mon).String() + " " + strconv.Itoa(year) + " has no day " + strconv.Itoa(day)
	}
	return t, ""
}

// timeError reports a time field that does not parse, or a time that
// cannot be written. It wraps ErrInvalid.
type timeError struct{ layout, value, why string }

func (e *timeError) Error() string {
	return "cmpp: " + e.value + " is not " + e.layout + ": " + e.why
}

func (e *timeError) Unwrap() error { return ErrInvalid }

func timeErr(layout string, b []byte, why string) error {
	return &timeError{layout: layout, value: strconv.Quote(string(b)), why: why}
}
