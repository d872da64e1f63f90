package cmpptest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-cmpp/cmpp"
)

// The memory of Sequence_Ids keeps at most max of them, each for ttl.
func TestDupMemoryBoundedAndExpiring(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := dupMemory{max: 4, ttl: int64(time.Minute)}
	for seq := uint32(1); seq <= 6; seq++ {
		m.add(seq, cmpp.MsgID(100+seq), t0)
	}
	assert.Len(t, m.ids, 4, "bounded")
	for seq := uint32(1); seq <= 6; seq++ {
		id, ok := m.lookup(seq, t0)
		if seq <= 2 {
			assert.False(t, ok, "the oldest forgotten: %d", seq)
			continue
		}
		assert.True(t, ok, "%d", seq)
		assert.Equal(t, cmpp.MsgID(100+seq), id)
	}

	_, ok := m.lookup(5, t0.Add(time.Minute+1))
	assert.False(t, ok, "expired")
	// Remembered again after expiring: forgetting its old entry must not
	// forget the new one.
	t1 := t0.Add(2 * time.Minute)
	m.add(5, 205, t1)
	assert.Len(t, m.ids, 1, "the expired entries go when one is added")
	id, ok := m.lookup(5, t1)
	assert.True(t, ok)
	assert.Equal(t, cmpp.MsgID(205), id)
	for seq := uint32(10); seq < 13; seq++ {
		m.add(seq, cmpp.MsgID(seq), t1)
	}
	_, ok = m.lookup(5, t1)
	assert.True(t, ok, "still within the bound")
	m.add(13, 13, t1)
	_, ok = m.lookup(5, t1)
	assert.False(t, ok, "the oldest forgotten once full")
	assert.Len(t, m.ids, 4)

	var off dupMemory
	off.add(1, 1, t0)
	_, ok = off.lookup(1, t0)
	assert.False(t, ok, "max 0 remembers nothing")
}

// Once full, remembering one more Sequence_Id (every accepted SUBMIT
// does) allocates nothing.
func TestDupMemoryAddAllocs(t *testing.T) {
	m := dupMemory{max: DefaultDuplicateMemory, ttl: int64(time.Minute)}
	now := time.Now()
	seq := uint32(0)
	for range 2 * DefaultDuplicateMemory {
		seq++
		m.add(seq, cmpp.MsgID(seq), now)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		seq++
		m.add(seq, cmpp.MsgID(seq), now)
		m.lookup(seq-1, now)
	})
	assert.Zero(t, allocs)
	assert.Len(t, m.ids, DefaultDuplicateMemory)
}
