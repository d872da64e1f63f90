package cmpptest

import (
	"fmt"
	"sync"
	"time"

	"github.com/go-cmpp/cmpp"
)

// DuplicatePolicy is how the Server answers a CMPP_SUBMIT that repeats the
// Sequence_Id of a SUBMIT it accepted recently on the same connection: a
// session that got no SUBMIT_RESP within T sends the request again with
// the same Sequence_Id (spec reference §2.2, §7.1 of the spec), so that the
// gateway can recognise the copy instead of sending the SMS twice.
//
// Under every policy the repeat is counted in Stats.Duplicates and is not
// a message: it is not recorded in Submits, gets no Msg_Id of its own and
// no status report, and its answer is not counted in Stats.Results. The
// faults apply to its answer as to any SUBMIT's (Delay holds it back,
// NoResponse drops it, Result replaces it).
type DuplicatePolicy int

const (
	// DuplicateResult3 answers a repeat with Result 3 (消息序号重复,
	// duplicate message sequence number, spec reference §9.2) and no
	// Msg_Id. session.Conn reports it as ErrDuplicate.
	DuplicateResult3 DuplicatePolicy = iota
	// DuplicateOriginal answers a repeat with the SUBMIT_RESP of the
	// original again: Result 0 and the same Msg_Id.
	DuplicateOriginal
)

func (p DuplicatePolicy) String() string {
	switch p {
	case DuplicateResult3:
		return "Result 3"
	case DuplicateOriginal:
		return "the original SUBMIT_RESP"
	}
	return fmt.Sprintf("DuplicatePolicy(%d)", int(p))
}

// Defaults of the duplicate check.
const (
	// DefaultDuplicateMemory is the number of Sequence_Ids remembered per
	// connection when Config.DuplicateMemory is zero.
	DefaultDuplicateMemory = 4096
)

// dupMemory remembers the Sequence_Ids of the SUBMITs accepted on one
// connection and their Msg_Ids, at most max of them and each for ttl. Its
// methods need mu held: serveSubmit holds it from the look-up until the
// Sequence_Id is remembered, so that two copies read at once are one
// message and one duplicate.
type dupMemory struct {
	mu   sync.Mutex
	max  int   // 0: nothing is remembered
	ttl  int64 // nanoseconds
	ids  map[uint32]dupSeen
	ring []dupEntry // a circular buffer of max entries, in insertion order
	head int        // the oldest entry
	n    int        // entries in ring
}

type dupSeen struct {
	id cmpp.MsgID
	at int64 // Unix nanoseconds
}

type dupEntry struct {
	seq uint32
	at  int64
}

// lookup returns the Msg_Id given to the SUBMIT with Sequence_Id seq, if
// one was accepted within ttl of now.
func (m *dupMemory) lookup(seq uint32, now time.Time) (cmpp.MsgID, bool) {
	e, ok := m.ids[seq]
	if !ok || now.UnixNano()-e.at > m.ttl {
		return 0, false
	}
	return e.id, true
}

// add remembers seq and id, forgetting the expired entries and, when full,
// the oldest.
func (m *dupMemory) add(seq uint32, id cmpp.MsgID, now time.Time) {
	if m.max <= 0 {
		return
	}
	if m.ring == nil {
		m.ids = make(map[uint32]dupSeen)
		m.ring = make([]dupEntry, m.max)
	}
	at := now.UnixNano()
	for m.n > 0 && (m.n == m.max || at-m.ring[m.head].at > m.ttl) {
		m.forget(m.ring[m.head])
		m.head = (m.head + 1) % m.max
		m.n--
	}
	m.ids[seq] = dupSeen{id: id, at: at}
	m.ring[(m.head+m.n)%m.max] = dupEntry{seq: seq, at: at}
	m.n++
}

// forget removes e's Sequence_Id unless it was remembered again since.
func (m *dupMemory) forget(e dupEntry) {
	if s, ok := m.ids[e.seq]; ok && s.at == e.at {
		delete(m.ids, e.seq)
	}
}
