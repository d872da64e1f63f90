package concat

import (
	"strconv"
	"sync"
	"time"

	"github.com/go-cmpp/cmpp"
)

// Defaults and floors of [Config].
const (
	DefaultMaxPending = 1024
	DefaultMaxBytes   = 4 << 20
	DefaultTimeout    = 10 * time.Minute
	// MinMaxBytes is the smallest MaxBytes a Reassembler uses: enough for
	// the largest possible message (255 segments of 249 payload octets,
	// with overhead), so that one message alone never exceeds the bound.
	MinMaxBytes = 128 << 10
)

// Accounting: the octets a pending message is charged besides its payload.
const (
	msgOverhead  = 256 // the pending record and its copied DELIVER fields (≤ 83 octets)
	partOverhead = 24  // one slice header per announced segment
)

// Config bounds a [Reassembler]. Zero fields take the defaults.
type Config struct {
	// MaxPending is the most incomplete messages held at once (default
	// 1024). Starting one more evicts the oldest.
	MaxPending int
	// MaxBytes bounds the memory held: payload octets plus about 256
	// octets per message and 24 per announced segment (default 4 MiB,
	// at least MinMaxBytes). A segment that would exceed it evicts the
	// oldest incomplete messages first.
	MaxBytes int
	// Timeout is how long after its first segment arrived an incomplete
	// message is handed back as expired (default 10 minutes).
	Timeout time.Duration
}

// Status says why a [Reassembler] handed a [Message] back.
type Status uint8

// Statuses of a handed-back Message. Only Complete messages have every
// segment; the others list the missing ones.
const (
	// Complete: every segment arrived, or the DELIVER was not segmented.
	Complete Status = iota
	// Expired: Config.Timeout passed since the first segment arrived.
	Expired
	// Evicted: pushed out, oldest first, to stay within MaxPending or
	// MaxBytes.
	Evicted
	// Superseded: a segment with the same source, destination and
	// reference but a different total arrived: the reference was reused
	// and this message will not be completed.
	Superseded
	// Flushed: handed back by Flush.
	Flushed
)

func (s Status) String() string {
	switch s {
	case Complete:
		return "complete"
	case Expired:
		return "expired"
	case Evicted:
		return "evicted"
	case Superseded:
		return "superseded"
	case Flushed:
		return "flushed"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Message is a joined (or given-up) message handed back by a
// [Reassembler]. It owns all its memory: nothing aliases a DELIVER given
// to Add.
type Message struct {
	// Status says whether the message is complete, and if not, why it was
	// handed back.
	Status Status
	// Deliver is a copy of the first segment that arrived, with MsgContent
	// the joined payload of every segment received, in segment order,
	// without UDHs, and TPUDHI 0. Its MsgFmt is the message's Msg_Fmt;
	// decode the content with the codec for it. Since segments are cut at
	// character boundaries, the content of an incomplete message decodes
	// too, with the missing parts left out.
	Deliver cmpp.Deliver
	// Ref is the concatenation reference (zero for a message that was not
	// segmented).
	Ref Ref
	// Total is the number of segments announced; 1 for a message that
	// was not segmented.
	Total int
	// Parts[i] is the payload of segment i+1, a subslice of
	// Deliver.MsgContent, or nil if that segment is missing.
	Parts [][]byte
	// Missing lists the numbers (from 1) of the segments that did not
	// arrive; empty when Status is Complete.
	Missing []int
	// First is the time given to Add with the first segment.
	First time.Time
}

// Reassembler joins the segments of long mobile-originated messages
// (CMPP_DELIVER with a concatenation UDH) by Src_terminal_Id, Dest_Id and
// reference. Segments may arrive in any order and on any connection;
// duplicates are ignored. TP_udhi 0x01 and 0x40 are both understood, and
// 8- and 16-bit references (and the broken 16-bit form, see [ParseUDH]).
//
// It never drops a message silently. Add and Expire return every message
// they finish with: complete ones, and incomplete ones that expired, were
// evicted to stay within the bounds of [Config], or were superseded by a
// reused reference. Time is passed in explicitly, so tests need no
// sleeping; call Expire periodically (every few seconds) so that messages
// expire even when no segment arrives.
//
// Memory: Add copies what it keeps (decoded DELIVER fields alias a buffer
// the caller will reuse), so the DELIVER given to Add may be reused as
// soon as Add returns, and each returned Message owns its memory.
//
// A Reassembler is safe for concurrent use: segments of one message may
// arrive on different connections, each with its own goroutine.
type Reassembler struct {
	mu         sync.Mutex
	maxPending int
	maxBytes   int
	timeout    time.Duration
	pending    map[key]*partial
	head, tail *partial // by first arrival, oldest first
	bytes      int
}

// key identifies the segments of one message without allocating.
type key struct {
	src     [32]byte // Src_terminal_Id
	dest    [21]byte // Dest_Id
	srcLen  uint8
	destLen uint8
	ref     Ref
}

// partial is an incomplete message.
type partial struct {
	key        key
	header     *cmpp.Deliver // the first segment, without content
	total      uint8
	have       int      // segments arrived
	parts      [][]byte // copies of the payloads; nil until arrived, never nil after
	size       int      // octets charged
	first      time.Time
	prev, next *partial
}

// NewReassembler returns a Reassembler with the bounds of cfg.
func NewReassembler(cfg Config) *Reassembler {
	r := &Reassembler{
		maxPending: cfg.MaxPending,
		maxBytes:   cfg.MaxBytes,
		timeout:    cfg.Timeout,
		pending:    make(map[key]*partial),
	}
	if r.maxPending <= 0 {
		r.maxPending = DefaultMaxPending
	}
	if r.maxBytes <= 0 {
		r.maxBytes = DefaultMaxBytes
	}
	r.maxBytes = max(r.maxBytes, MinMaxBytes)
	if r.timeout <= 0 {
		r.timeout = DefaultTimeout
	}
	return r
}

// Add takes one received DELIVER, at time now, and returns the messages
// it finishes: the joined message when d completes one (or d itself, as
// a one-part Message, when it is not segmented: no UDH, a UDH without a
// concatenation element, a total of 1, or a status report), plus any
// incomplete messages that expired by now, were evicted to make room for
// d, or were superseded by it. A duplicate segment returns no message for
// itself. It returns nil when nothing is finished.
//
// It fails, changing nothing, when d's UDH is malformed (see [ParseUDH])
// or a field is longer than the wire allows ([ErrFieldTooLong]). d is not
// retained.
func (r *Reassembler) Add(now time.Time, d *cmpp.Deliver) ([]*Message, error) {
	if len(d.SrcTerminalID) > len(key{}.src) || len(d.DestID) > len(key{}.dest) || len(d.MsgContent) > 255 {
		return nil, &Error{Offset: -1, Err: ErrFieldTooLong}
	}
	payload, h := d.MsgContent, UDH{}
	if d.RegisteredDelivery != 1 { // a status report has no UDH
		var err error
		if payload, h, err = Payload(d.TPUDHI, d.MsgContent); err != nil {
			return nil, err
		}
	}
	c := h.Concat

	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.expire(nil, now)
	if !h.HasConcat || c.Total == 1 {
		m := &Message{Status: Complete, Deliver: *header(d), Total: 1, First: now, Ref: c.Ref}
		m.Deliver.MsgContent = append(make([]byte, 0, len(payload)), payload...)
		if h.Len == 0 { // nothing was stripped
			m.Deliver.TPUDHI = d.TPUDHI
		}
		m.Parts = [][]byte{m.Deliver.MsgContent}
		return append(out, m), nil
	}

	k := key{srcLen: uint8(len(d.SrcTerminalID)), destLen: uint8(len(d.DestID)), ref: c.Ref}
	copy(k.src[:], d.SrcTerminalID)
	copy(k.dest[:], d.DestID)
	p := r.pending[k]
	if p != nil && p.total != c.Total {
		r.remove(p)
		out = append(out, p.message(Superseded))
		p = nil
	}
	if p != nil && p.parts[c.Number-1] != nil {
		return out, nil // a duplicate
	}
	size := len(payload)
	if p == nil {
		for len(r.pending) >= r.maxPending {
			out, _ = r.evict(out, nil)
		}
		size += msgOverhead + partOverhead*int(c.Total)
	}
	// p alone always fits: MaxBytes ≥ MinMaxBytes exceeds the largest
	// possible message.
	for r.bytes+size > r.maxBytes {
		var ok bool
		if out, ok = r.evict(out, p); !ok {
			break
		}
	}
	if p == nil {
		p = &partial{key: k, header: header(d), total: c.Total, first: now, parts: make([][]byte, c.Total)}
		r.pending[k] = p
		r.push(p)
	}
	// make never returns nil, so an empty payload still marks its part.
	p.parts[c.Number-1] = append(make([]byte, 0, len(payload)), payload...)
	p.have++
	p.size += size
	r.bytes += size
	if p.have == int(p.total) {
		r.remove(p)
		out = append(out, p.message(Complete))
	}
	return out, nil
}

// Expire hands back, as Expired, every incomplete message whose first
// segment arrived Config.Timeout or longer before now, oldest first. It
// returns nil when none has.
func (r *Reassembler) Expire(now time.Time) []*Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.expire(nil, now)
}

// Flush hands back every incomplete message, as Flushed, oldest first,
// and leaves the Reassembler empty (for a shutdown, say).
func (r *Reassembler) Flush() []*Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*Message
	for r.head != nil {
		p := r.head
		r.remove(p)
		out = append(out, p.message(Flushed))
	}
	return out
}

// Pending returns how many incomplete messages are held and the octets
// charged for them against Config.MaxBytes.
func (r *Reassembler) Pending() (messages, bytes int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending), r.bytes
}

func (r *Reassembler) expire(out []*Message, now time.Time) []*Message {
	for r.head != nil && now.Sub(r.head.first) >= r.timeout {
		p := r.head
		r.remove(p)
		out = append(out, p.message(Expired))
	}
	return out
}

// evict hands back the oldest incomplete message other than keep as
// Evicted. It reports false if there is none.
func (r *Reassembler) evict(out []*Message, keep *partial) ([]*Message, bool) {
	p := r.head
	if p == keep && p != nil {
		p = p.next
	}
	if p == nil {
		return out, false
	}
	r.remove(p)
	return append(out, p.message(Evicted)), true
}

// push appends p to the arrival list.
func (r *Reassembler) push(p *partial) {
	p.prev = r.tail
	if r.tail != nil {
		r.tail.next = p
	} else {
		r.head = p
	}
	r.tail = p
}

// remove takes p out of the map and the arrival list and uncharges it.
func (r *Reassembler) remove(p *partial) {
	delete(r.pending, p.key)
	if p.prev != nil {
		p.prev.next = p.next
	} else {
		r.head = p.next
	}
	if p.next != nil {
		p.next.prev = p.prev
	} else {
		r.tail = p.prev
	}
	p.prev, p.next = nil, nil
	r.bytes -= p.size
}

// message builds the Message for p with status s.
func (p *partial) message(s Status) *Message {
	n := 0
	for _, part := range p.parts {
		n += len(part)
	}
	m := &Message{Status: s, Deliver: *p.header, Ref: p.key.ref, Total: int(p.total), First: p.first}
	content := make([]byte, 0, n)
	m.Parts = make([][]byte, p.total)
	if missing := int(p.total) - p.have; missing > 0 {
		m.Missing = make([]int, 0, missing)
	}
	for i, part := range p.parts {
		if part == nil {
			m.Missing = append(m.Missing, i+1)
			continue
		}
		start := len(content)
		content = append(content, part...)
		m.Parts[i] = content[start:len(content):len(content)]
	}
	m.Deliver.MsgContent = content
	return m
}

// header returns a deep copy of d without its content and with TPUDHI 0.
func header(d *cmpp.Deliver) *cmpp.Deliver {
	h := *d
	h.MsgContent = nil
	h.TPUDHI = 0
	return h.Clone()
}
