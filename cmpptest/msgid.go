package cmpptest

import (
	"sync"
	"time"

	"github.com/go-cmpp/cmpp"
)

// msgIDs hands out the gateway's Msg_Ids (spec reference §5.5): the time
// in China Standard Time (the gateways' clock, as in CONNECT's Timestamp),
// the gateway code and a sequence number that starts from 0 each second.
// A SUBMIT with n recipients reserves n consecutive ids (Appendix 1: the
// reports come back with Msg_Id … Msg_Id+n−1). When a second's 65,536
// sequence numbers run out, the ids borrow the next second, so that no id
// is ever handed out twice and they keep increasing.
type msgIDs struct {
	mu      sync.Mutex
	gateway uint32
	now     func() time.Time
	sec     int64  // the Unix second of the ids being handed out
	seq     uint32 // the next sequence number in it
}

// reserve returns the first of n consecutive Msg_Ids (1 ≤ n ≤ 65,536).
func (g *msgIDs) reserve(n int) cmpp.MsgID {
	g.mu.Lock()
	if now := g.now().Unix(); now > g.sec {
		g.sec, g.seq = now, 0
	}
	if g.seq+uint32(n) > 1<<16 {
		g.sec, g.seq = g.sec+1, 0
	}
	sec, seq := g.sec, g.seq
	g.seq += uint32(n)
	g.mu.Unlock()

	t := time.Unix(sec, 0).In(cmpp.ChinaStandardTime)
	id, err := cmpp.NewMsgID(cmpp.MsgIDParts{
		Month: uint8(t.Month()), Day: uint8(t.Day()),
		Hour: uint8(t.Hour()), Minute: uint8(t.Minute()), Second: uint8(t.Second()),
		Gateway:  g.gateway, // checked by NewServer
		Sequence: uint16(seq),
	})
	if err != nil {
		panic("cmpptest: " + err.Error()) // unreachable: every part comes from a time.Time or is checked
	}
	return id
}

// MsgIDAdd returns the id i places after id in a group send's range: the
// 16-bit sequence part advances and wraps to 0 without touching the
// other parts (spec reference §5.5, Appendix 1). The Msg_Id in the status
// report for the i-th recipient (from 0) of a SUBMIT is MsgIDAdd(id, i).
func MsgIDAdd(id cmpp.MsgID, i int) cmpp.MsgID {
	return id&^0xffff | cmpp.MsgID(uint16(id)+uint16(i))
}
