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
// Nothing is charged (or allocated) for segments announced but not
// arrived, so a peer announcing 255 segments under many fresh references
// costs what it sends, not 255 slots each.
const (
	msgOverhead  = 256 // the pending record and its copied PDU fields (≤ 83 octets for a DELIVER)
	partOverhead = 16  // the record of one arrived segment
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

// Statuses of a handed-back Message. Only StatusComplete messages have
// every segment; the others list the missing ones.
const (
	// StatusComplete: every segment arrived, or the PDU was not
	// segmented.
	StatusComplete Status = iota
	// StatusExpired: Config.Timeout passed since the first segment
	// arrived.
	StatusExpired
	// StatusEvicted: pushed out, oldest first, to stay within MaxPending
	// or MaxBytes.
	StatusEvicted
	// StatusSuperseded: a segment with the same source, destination and
	// reference but a different total arrived: the reference was reused
	// and this message will not be completed.
	StatusSuperseded
	// StatusFlushed: handed back by Flush.
	StatusFlushed
)

func (s Status) String() string {
	switch s {
	case StatusComplete:
		return "complete"
	case StatusExpired:
		return "expired"
	case StatusEvicted:
		return "evicted"
	case StatusSuperseded:
		return "superseded"
	case StatusFlushed:
		return "flushed"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Message is a joined (or given-up) message handed back by a
// [Reassembler]. It owns all its memory: nothing aliases a PDU given to
// Add or AddSubmit.
type Message struct {
	// Status says whether the message is complete, and if not, why it was
	// handed back.
	Status Status
	// Deliver is, for segments given to Add, a copy of the first segment
	// that arrived, with MsgContent the joined payload of every segment
	// received, in segment order, without UDHs, and TPUDHI 0. Its MsgFmt
	// is the message's Msg_Fmt; decode the content with the codec for it.
	// Since segments are cut at character boundaries, the content of an
	// incomplete message decodes too, with the missing parts left out.
	// It is the zero Deliver for segments given to AddSubmit.
	Deliver cmpp.Deliver
	// Submit is, for segments given to AddSubmit, the same as Deliver for
	// Add: a copy of the first segment that arrived with the joined
	// payload as MsgContent, TPUDHI 0, and Pk_total and Pk_number 1. It
	// is nil for segments given to Add.
	Submit *cmpp.Submit
	// UDH holds the information elements other than the concatenation
	// element (application port addressing, say) of the first segment
	// that arrived, as a User Data Header of their own, its length octet
	// included: prepend it to the content, with TP_udhi 1, to send the
	// message whole. Nil when the segment had no other element.
	UDH []byte
	// Ref is the concatenation reference (zero for a message that was not
	// segmented).
	Ref Ref
	// Total is the number of segments announced; 1 for a message that
	// was not segmented.
	Total int
	// Parts[i] is the payload of segment i+1, a subslice of the content,
	// or nil if that segment is missing.
	Parts [][]byte
	// Missing lists the numbers (from 1) of the segments that did not
	// arrive; empty when Status is StatusComplete.
	Missing []int
	// First is the time given to Add with the first segment.
	First time.Time
}

// Content returns the joined payload: Deliver.MsgContent, or
// Submit.MsgContent for a message of SUBMIT segments.
func (m *Message) Content() []byte {
	if m.Submit != nil {
		return m.Submit.MsgContent
	}
	return m.Deliver.MsgContent
}

// Reassembler joins the segments of long messages by source, destination
// and reference: mobile-originated CMPP_DELIVERs (with [Reassembler.Add],
// by Src_terminal_Id and Dest_Id), and, on a gateway, CMPP_SUBMITs of a
// long MT (with [Reassembler.AddSubmit], by Msg_src, Src_Id and every
// Dest_terminal_Id). Segments may arrive in any order and on any
// connection; duplicates are ignored. TP_udhi 0x01 and 0x40 are both
// understood, and 8- and 16-bit references (and the broken 16-bit form,
// see [ParseUDH]).
//
// It never drops a message silently. Add and Expire return every message
// they finish with: complete ones, and incomplete ones that expired, were
// evicted to stay within the bounds of [Config], or were superseded by a
// reused reference. Time is passed in explicitly, so tests need no
// sleeping; call Expire periodically (every few seconds) so that messages
// expire even when no segment arrives.
//
// Memory: Add copies what it keeps (decoded fields alias a buffer the
// caller will reuse), so the PDU given to Add may be reused as soon as
// Add returns, and each returned Message owns its memory. An incomplete
// message holds the segments that arrived and nothing for those that did
// not.
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
	submit  bool     // SUBMIT segments (AddSubmit), not DELIVERs
	src     [32]byte // Src_terminal_Id; Src_Id of a SUBMIT
	dest    [32]byte // Dest_Id; the first Dest_terminal_Id of a SUBMIT
	sp      [6]byte  // Msg_src of a SUBMIT
	srcLen  uint8
	destLen uint8
	spLen   uint8
	dests   uint64 // a SUBMIT's destination count and an FNV-1a hash of the others
	ref     Ref
}

// partial is an incomplete message.
type partial struct {
	key     key
	deliver *cmpp.Deliver // the first segment, without content (Add)
	submit  *cmpp.Submit  // the first segment, without content (AddSubmit)
	udh     []byte        // its other UDH elements
	total   uint8
	arrived [4]uint64 // bit n-1 is set when segment n arrived
	parts   []part    // the segments arrived, in arrival order
	buf     []byte    // their payloads, back to back
	size    int       // octets charged
	first   time.Time
	prev    *partial
	next    *partial
}

// part is one arrived segment: its number and its payload in buf.
type part struct {
	n          uint8
	start, end int
}

func (p *partial) has(n uint8) bool { return p.arrived[(n-1)/64]&(1<<((n-1)%64)) != 0 }

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
	if err := tooLong("Src_terminal_Id", d.SrcTerminalID, len(key{}.src)); err != nil {
		return nil, err
	}
	if err := tooLong("Dest_Id", d.DestID, 21); err != nil {
		return nil, err
	}
	if err := tooLong("Msg_Content", d.MsgContent, 255); err != nil {
		return nil, err
	}
	tpudhi := d.TPUDHI
	if d.RegisteredDelivery == 1 { // a status report has no UDH
		tpudhi = 0
	}
	k := key{srcLen: uint8(len(d.SrcTerminalID)), destLen: uint8(len(d.DestID))}
	copy(k.src[:], d.SrcTerminalID)
	copy(k.dest[:], d.DestID)
	return r.add(now, k, tpudhi, d.MsgContent, func(p *partial) {
		h := *d
		h.MsgContent = nil
		h.TPUDHI = 0
		p.deliver = h.Clone()
	})
}

// AddSubmit is Add for a gateway receiving a long MT: it joins CMPP_SUBMIT
// segments by Msg_src, Src_Id, every Dest_terminal_Id and the reference.
// The returned messages carry the first segment that arrived, with the
// joined content, in Message.Submit. s is not retained.
func (r *Reassembler) AddSubmit(now time.Time, s *cmpp.Submit) ([]*Message, error) {
	if err := tooLong("Src_Id", s.SrcID, len(key{}.src)); err != nil {
		return nil, err
	}
	if err := tooLong("Msg_src", s.MsgSrc, len(key{}.sp)); err != nil {
		return nil, err
	}
	for _, id := range s.DestTerminalIDs {
		if err := tooLong("Dest_terminal_Id", id, len(key{}.dest)); err != nil {
			return nil, err
		}
	}
	if err := tooLong("Msg_Content", s.MsgContent, 255); err != nil {
		return nil, err
	}
	k := key{submit: true, srcLen: uint8(len(s.SrcID)), spLen: uint8(len(s.MsgSrc))}
	copy(k.src[:], s.SrcID)
	copy(k.sp[:], s.MsgSrc)
	if len(s.DestTerminalIDs) > 0 {
		k.destLen = uint8(len(s.DestTerminalIDs[0]))
		copy(k.dest[:], s.DestTerminalIDs[0])
	}
	// FNV-1a over the other destinations, each ended by an octet no
	// number holds, and their count.
	h := uint64(14695981039346656037)
	for _, id := range s.DestTerminalIDs[min(1, len(s.DestTerminalIDs)):] {
		for _, c := range id {
			h = (h ^ uint64(c)) * 1099511628211
		}
		h = (h ^ 0xff) * 1099511628211
	}
	k.dests = h ^ uint64(len(s.DestTerminalIDs))
	return r.add(now, k, s.TPUDHI, s.MsgContent, func(p *partial) {
		h := *s
		h.MsgContent = nil
		h.TPUDHI = 0
		h.PkTotal, h.PkNumber = 1, 1
		p.submit = h.Clone()
	})
}

// tooLong returns an [ErrFieldTooLong] error when v is longer than max.
func tooLong(field string, v []byte, max int) error {
	if len(v) <= max {
		return nil
	}
	return &Error{Offset: -1, Field: field, Err: ErrFieldTooLong, Len: len(v), Max: max}
}

// add is Add and AddSubmit once the key is made: keep copies the PDU's
// fields (without its content) into a partial.
func (r *Reassembler) add(now time.Time, k key, tpudhi uint8, content []byte, keep func(*partial)) ([]*Message, error) {
	payload, h, err := Payload(tpudhi, content)
	if err != nil {
		return nil, err
	}
	c := h.Concat
	k.ref = c.Ref

	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.expire(nil, now)
	if !h.HasConcat || c.Total == 1 {
		p := &partial{total: 1, first: now, key: k, udh: otherIEs(content, h)}
		keep(p)
		p.buf = payload
		p.parts = []part{{n: 1, end: len(payload)}}
		p.arrived[0] = 1
		m := p.message(StatusComplete) // copies payload
		if h.Len == 0 {                // nothing was stripped: TP_udhi stays as it was
			if m.Submit != nil {
				m.Submit.TPUDHI = tpudhi
			} else {
				m.Deliver.TPUDHI = tpudhi
			}
		}
		m.Ref = c.Ref
		return append(out, m), nil
	}

	p := r.pending[k]
	if p != nil && p.total != c.Total {
		r.remove(p)
		out = append(out, p.message(StatusSuperseded))
		p = nil
	}
	if p != nil && p.has(c.Number) {
		return out, nil // a duplicate
	}
	size := len(payload) + partOverhead
	if p == nil {
		for len(r.pending) >= r.maxPending {
			out, _ = r.evict(out, nil)
		}
		size += msgOverhead
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
		p = &partial{key: k, total: c.Total, first: now, udh: otherIEs(content, h)}
		keep(p)
		r.pending[k] = p
		r.push(p)
	}
	start := len(p.buf)
	p.buf = append(p.buf, payload...)
	p.parts = append(p.parts, part{n: c.Number, start: start, end: len(p.buf)})
	p.arrived[(c.Number-1)/64] |= 1 << ((c.Number - 1) % 64)
	p.size += size
	r.bytes += size
	if len(p.parts) == int(p.total) {
		r.remove(p)
		out = append(out, p.message(StatusComplete))
	}
	return out, nil
}

// otherIEs returns the information elements of the UDH h at the start of
// content other than the concatenation elements, as a UDH of their own
// (newly allocated), or nil when there are none.
func otherIEs(content []byte, h UDH) []byte {
	if h.Len == 0 {
		return nil
	}
	var out []byte
	for off := 1; off < h.Len; {
		iei, n := content[off], int(content[off+1]) // ParseUDH checked the bounds
		if iei != IEIConcat8 && iei != IEIConcat16 {
			if out == nil {
				out = make([]byte, 1, h.Len)
			}
			out = append(out, content[off:off+2+n]...)
		}
		off += 2 + n
	}
	if out != nil {
		out[0] = byte(len(out) - 1)
	}
	return out
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
		out = append(out, p.message(StatusFlushed))
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
		out = append(out, p.message(StatusExpired))
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
	return append(out, p.message(StatusEvicted)), true
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
	var at [MaxSegments]int16 // index in p.parts of segment n+1, or -1
	for i := range at[:p.total] {
		at[i] = -1
	}
	n := 0
	for i, pt := range p.parts {
		at[pt.n-1] = int16(i)
		n += pt.end - pt.start
	}
	m := &Message{Status: s, UDH: p.udh, Ref: p.key.ref, Total: int(p.total), First: p.first}
	content := make([]byte, 0, n)
	m.Parts = make([][]byte, p.total)
	if missing := int(p.total) - len(p.parts); missing > 0 {
		m.Missing = make([]int, 0, missing)
	}
	for i, j := range at[:p.total] {
		if j < 0 {
			m.Missing = append(m.Missing, i+1)
			continue
		}
		pt := p.parts[j]
		start := len(content)
		content = append(content, p.buf[pt.start:pt.end]...)
		m.Parts[i] = content[start:len(content):len(content)]
	}
	if p.submit != nil {
		m.Submit = p.submit
		m.Submit.MsgContent = content
	} else {
		m.Deliver = *p.deliver
		m.Deliver.MsgContent = content
	}
	return m
}
