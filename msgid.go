package cmpp

import (
	"strconv"
	"time"
)

// MsgID is the 8-octet Msg_Id (§8.4.3.2, spec reference §5.5). The ISMG
// builds it from the time, its gateway code and a sequence number:
//
//	bits 63–60 month, 59–55 day, 54–50 hour, 49–44 minute, 43–38 second,
//	bits 37–16 gateway code (22 bits), 15–0 sequence number
//
// A receiver should treat it as opaque: store and compare the whole value,
// and use [MsgID.Parts] only for display.
type MsgID uint64

// MsgIDParts are the parts of a Msg_Id.
type MsgIDParts struct {
	Month, Day, Hour, Minute, Second uint8
	Gateway                          uint32 // ISMG_Id as a number ("001001" → 1001), 22 bits
	Sequence                         uint16
}

// Widths and shifts of the Msg_Id parts.
const (
	msgIDMonthShift  = 60
	msgIDDayShift    = 55
	msgIDHourShift   = 50
	msgIDMinuteShift = 44
	msgIDSecondShift = 38
	msgIDGatewayBits = 22
	msgIDGWShift     = 16
)

// NewMsgID packs parts into a Msg_Id. A part outside its range (month
// 1–12, day 1–31, hour 0–23, minute and second 0–59, gateway below 2^22)
// is an ErrInvalid error: it is never allowed to bleed into its neighbour.
func NewMsgID(p MsgIDParts) (MsgID, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	return MsgID(uint64(p.Month)<<msgIDMonthShift |
		uint64(p.Day)<<msgIDDayShift |
		uint64(p.Hour)<<msgIDHourShift |
		uint64(p.Minute)<<msgIDMinuteShift |
		uint64(p.Second)<<msgIDSecondShift |
		uint64(p.Gateway)<<msgIDGWShift |
		uint64(p.Sequence)), nil
}

// NewMsgIDAt packs a Msg_Id the way an ISMG makes one: month, day, hour,
// minute and second from t in China Standard Time (whatever t's own
// location), then the gateway code (ISMG_Id as a number, below 2^22) and
// the sequence number. Only a gateway code that does not fit 22 bits is
// an error.
func NewMsgIDAt(t time.Time, gateway uint32, seq uint16) (MsgID, error) {
	t = t.In(ChinaStandardTime)
	_, mon, day := t.Date()
	h, m, s := t.Clock()
	return NewMsgID(MsgIDParts{
		Month: uint8(mon), Day: uint8(day), Hour: uint8(h), Minute: uint8(m), Second: uint8(s),
		Gateway: gateway, Sequence: seq,
	})
}

// Time returns the moment the parts name, in China Standard Time, in the
// given year (a Msg_Id carries no year: take it from when the id was
// received). Parts outside their ranges, or a day the month does not have
// in that year (February 30), are an ErrInvalid error.
func (p MsgIDParts) Time(year int) (time.Time, error) {
	if err := p.Validate(); err != nil {
		return time.Time{}, err
	}
	t := time.Date(year, time.Month(p.Month), int(p.Day), int(p.Hour), int(p.Minute), int(p.Second), 0, ChinaStandardTime)
	if t.Day() != int(p.Day) {
		return time.Time{}, &EncodeError{Op: OpValidate, Field: "Msg_Id day",
			Err: detail(ErrInvalid, time.Month(p.Month).String()+" "+strconv.Itoa(year)+" has no day "+itoa(int(p.Day)))}
	}
	return t, nil
}

// Validate checks every part against its range.
func (p MsgIDParts) Validate() error {
	bad := func(field, why string) error {
		return &EncodeError{Op: OpValidate, Field: "Msg_Id " + field, Err: detail(ErrInvalid, why)}
	}
	switch {
	case p.Month < 1 || p.Month > 12:
		return bad("month", itoa(int(p.Month))+" is not 1 to 12")
	case p.Day < 1 || p.Day > 31:
		return bad("day", itoa(int(p.Day))+" is not 1 to 31")
	case p.Hour > 23:
		return bad("hour", itoa(int(p.Hour))+" is not 0 to 23")
	case p.Minute > 59:
		return bad("minute", itoa(int(p.Minute))+" is not 0 to 59")
	case p.Second > 59:
		return bad("second", itoa(int(p.Second))+" is not 0 to 59")
	case p.Gateway >= 1<<msgIDGatewayBits:
		return bad("gateway", strconv.FormatUint(uint64(p.Gateway), 10)+" does not fit 22 bits")
	}
	return nil
}

// Parts unpacks id. It never fails: a Msg_Id from the wire may hold any
// bits, and the parts report them as they are (check with Validate).
func (id MsgID) Parts() MsgIDParts {
	return MsgIDParts{
		Month:    uint8(id >> msgIDMonthShift & 0xf),
		Day:      uint8(id >> msgIDDayShift & 0x1f),
		Hour:     uint8(id >> msgIDHourShift & 0x1f),
		Minute:   uint8(id >> msgIDMinuteShift & 0x3f),
		Second:   uint8(id >> msgIDSecondShift & 0x3f),
		Gateway:  uint32(id >> msgIDGWShift & (1<<msgIDGatewayBits - 1)),
		Sequence: uint16(id),
	}
}

// String returns id as 16 lower-case hex digits with a 0x prefix, the
// form Wireshark shows.
func (id MsgID) String() string {
	return "0x" + hex8(uint32(id>>32)) + hex8(uint32(id))
}

// String returns the parts as "MM-DD hh:mm:ss gw=G seq=S".
func (p MsgIDParts) String() string {
	two := func(v uint8) string {
		return string([]byte{'0' + v/10%10, '0' + v%10})
	}
	return two(p.Month) + "-" + two(p.Day) + " " + two(p.Hour) + ":" + two(p.Minute) + ":" + two(p.Second) +
		" gw=" + strconv.FormatUint(uint64(p.Gateway), 10) + " seq=" + strconv.Itoa(int(p.Sequence))
}
