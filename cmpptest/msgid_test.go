package cmpptest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-cmpp/cmpp"
)

func TestMsgIDs(t *testing.T) {
	now := time.Date(2026, 12, 31, 15, 59, 59, 0, time.UTC) // 23:59:59 in China
	g := msgIDs{gateway: 1001, now: func() time.Time { return now }}
	id := g.reserve(1)
	assert.Equal(t, cmpp.MsgIDParts{Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 59, Gateway: 1001, Sequence: 0}, id.Parts())
	assert.Equal(t, id+1, g.reserve(100), "the next id")
	assert.Equal(t, uint16(101), uint16(g.reserve(1)), "100 ids reserved for a group send")

	// A second runs out of sequence numbers: the ids borrow the next one
	// (across the year here) and keep increasing without repeating.
	g.reserve(1<<16 - 102 - 10)
	last := g.reserve(10)
	next := g.reserve(20)
	assert.Equal(t, uint16(1<<16-10), uint16(last))
	assert.Equal(t, cmpp.MsgIDParts{Month: 1, Day: 1, Hour: 0, Minute: 0, Second: 0, Gateway: 1001, Sequence: 0}, next.Parts())

	// The clock catches up: the sequence goes on in the borrowed second,
	// then restarts in the next.
	now = now.Add(time.Second)
	assert.Equal(t, uint16(20), uint16(g.reserve(1)))
	now = now.Add(time.Second)
	assert.Equal(t, cmpp.MsgIDParts{Month: 1, Day: 1, Second: 1, Gateway: 1001}, g.reserve(1).Parts())
}

func TestMsgIDAdd(t *testing.T) {
	id := cmpp.MsgID(0x110c414003e9fffe)
	assert.Equal(t, cmpp.MsgID(0x110c414003e9ffff), MsgIDAdd(id, 1))
	assert.Equal(t, cmpp.MsgID(0x110c414003e90000), MsgIDAdd(id, 2), "the sequence wraps without a carry (§5.5)")
	assert.Equal(t, cmpp.MsgID(0x110c414003e90001), MsgIDAdd(id, 3))
}
