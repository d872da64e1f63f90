package main

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-cmpp/cmpp"
)

// Limits of a conversation's summary, so that it stays small however
// long the conversation.
const (
	maxPending     = 1 << 16 // requests waiting for their response
	maxListed      = 20      // unanswered requests and unsolicited responses listed
	latencySamples = 1 << 14 // latencies kept for the percentiles (a uniform sample beyond)
	maxDistinct    = 64      // distinct Command_Ids and Stat values counted
)

// reqKey identifies a request: its sender, Command_Id and Sequence_Id. A
// response matches the request with its Sequence_Id, its Command_Id
// without the response bit, from the other side.
type reqKey struct {
	dir int
	cmd cmpp.CommandID
	seq uint32
}

// A pduRef says which PDU a line of the summary is about.
type pduRef struct {
	cmd   cmpp.CommandID
	seq   uint32
	frame int
	t     time.Time
	dir   int
}

// convSummary is what -summary prints for a conversation: the things one
// opens a capture to find out.
type convSummary struct {
	cv          *conversation
	first, last time.Time
	pdus        int
	failed      int
	firstErr    string

	login        bool // a CONNECT was seen
	sourceAddr   string
	version      cmpp.Version
	loginResp    bool // a CONNECT_RESP was seen
	status       cmpp.ConnectStatus
	serverVer    cmpp.Version
	commands     map[cmpp.CommandID]int
	otherCommand int

	pending     map[reqKey]pduRef
	pendingLost int // requests not tracked because pending was full
	// early holds responses without a request so far: a direction that
	// waits for a missing segment is printed late, so a request may come
	// after its response.
	early     map[reqKey]pduRef
	earlyLost int

	latencies []time.Duration // a uniform sample of all
	nLatency  int
	rng       *rand.Rand

	stats     map[string]int
	otherStat int

	// results counts the Result of SUBMIT_RESP, DELIVER_RESP and FWD_RESP
	// (a gateway refusing with 8, flow control, is what an operator looks
	// for), by Command_Id and value.
	results     map[resultKey]int
	otherResult int
	// window is the most requests each side had waiting for a response at
	// once (index: conversation.ends), against the window the peer allows
	// (spec reference §2.2).
	window  [2]int
	waiting [2]int

	skipped, missing int
	notes            int

	// Filled in by finish.
	unanswered  []pduRef
	nUnanswered int
	unsolicited []pduRef
	nUnsolicit  int
	p50, p99    time.Duration
}

func newConvSummary(cv *conversation) *convSummary {
	return &convSummary{
		cv:       cv,
		commands: map[cmpp.CommandID]int{},
		pending:  map[reqKey]pduRef{},
		early:    map[reqKey]pduRef{},
		stats:    map[string]int{},
		results:  map[resultKey]int{},
		rng:      rand.New(rand.NewPCG(1, 2)), // the same summary for the same capture
	}
}

func (s *convSummary) see(t time.Time) {
	if s.first.IsZero() || t.Before(s.first) {
		s.first = t
	}
	if t.After(s.last) {
		s.last = t
	}
}

// note counts the octets a note says were passed over or missing.
func (s *convSummary) note(ev *event) {
	s.see(ev.last.t)
	s.notes++
	s.skipped += ev.skipped
	s.missing += ev.missing
}

// add counts one PDU.
func (s *convSummary) add(ev *event, h cmpp.Header, p cmpp.Packet, err error) {
	s.see(ev.last.t)
	s.pdus++
	if err != nil {
		s.failed++
		if s.firstErr == "" {
			s.firstErr = framesText(ev.first, ev.last) + ": " + err.Error()
		}
		return
	}
	if _, ok := s.commands[h.CommandID]; ok || len(s.commands) < maxDistinct {
		s.commands[h.CommandID]++
	} else {
		s.otherCommand++
	}
	ref := pduRef{cmd: h.CommandID, seq: h.SequenceID, frame: ev.last.n, t: ev.last.t, dir: ev.dir}
	if !h.CommandID.IsResponse() {
		k := reqKey{ev.dir, h.CommandID, h.SequenceID}
		if resp, ok := s.early[k]; ok && !resp.t.Before(ref.t) {
			delete(s.early, k)
			s.latency(resp.t.Sub(ref.t))
		} else if _, dup := s.pending[k]; !dup {
			track(s.pending, k, ref, &s.pendingLost)
			s.waiting[ev.dir]++
			s.window[ev.dir] = max(s.window[ev.dir], s.waiting[ev.dir])
		}
	} else {
		k := reqKey{1 - ev.dir, h.CommandID &^ 0x80000000, h.SequenceID}
		if req, ok := s.pending[k]; ok {
			delete(s.pending, k)
			s.waiting[k.dir]--
			s.latency(ev.last.t.Sub(req.t))
		} else {
			if old, dup := s.early[k]; dup {
				// A second response to the same request: the first stays
				// waiting for its request, this one is counted as is.
				s.unsolicited = append(s.unsolicited, old)
				s.nUnsolicit++
			}
			track(s.early, k, ref, &s.earlyLost)
		}
	}
	switch p := p.(type) {
	case *cmpp.Connect:
		s.login, s.sourceAddr, s.version = true, string(p.SourceAddr), p.Version
	case *cmpp.ConnectResp:
		s.loginResp, s.status, s.serverVer = true, p.Status, p.Version
	case *cmpp.SubmitResp:
		s.result(h.CommandID, uint32(p.Result), p.Result.String())
	case *cmpp.DeliverResp:
		s.result(h.CommandID, uint32(p.Result), p.Result.String())
	case *cmpp.FwdResp:
		s.result(h.CommandID, uint32(p.Result), p.Result.String())
	case *cmpp.Deliver:
		if p.RegisteredDelivery == 1 {
			if r, err := p.Report(); err == nil {
				s.stat(string(r.Stat))
			}
		}
	case *cmpp.Fwd:
		if p.MsgFwdType == cmpp.FwdMTReport {
			if r, err := p.Report(); err == nil {
				s.stat(string(r.Stat))
			}
		}
	}
}

// resultKey is a response's Command_Id and Result, with what the value
// means.
type resultKey struct {
	cmd    cmpp.CommandID
	result uint32
	text   string
}

// result counts the Result of a response.
func (s *convSummary) result(cmd cmpp.CommandID, v uint32, text string) {
	k := resultKey{cmd, v, text}
	if _, ok := s.results[k]; ok || len(s.results) < maxDistinct {
		s.results[k]++
	} else {
		s.otherResult++
	}
}

// track adds a request (or response) to m unless m is full.
func track(m map[reqKey]pduRef, k reqKey, r pduRef, lost *int) {
	if len(m) < maxPending {
		m[k] = r
	} else {
		*lost++
	}
}

func (s *convSummary) stat(v string) {
	if _, ok := s.stats[v]; ok || len(s.stats) < maxDistinct {
		s.stats[v]++
	} else {
		s.otherStat++
	}
}

// latency keeps a uniform sample of the latencies (reservoir sampling):
// all of them up to latencySamples.
func (s *convSummary) latency(d time.Duration) {
	s.nLatency++
	if len(s.latencies) < latencySamples {
		s.latencies = append(s.latencies, d)
		return
	}
	if i := s.rng.IntN(s.nLatency); i < latencySamples {
		s.latencies[i] = d
	}
}

// finish turns the running state into what is printed, and drops the
// rest.
func (s *convSummary) finish() *convSummary {
	s.nUnanswered, s.unanswered = listed(s.pending, s.pendingLost, nil)
	s.nUnsolicit, s.unsolicited = listed(s.early, s.earlyLost+s.nUnsolicit, s.unsolicited)
	s.pending, s.early = nil, nil
	if n := len(s.latencies); n > 0 {
		slices.Sort(s.latencies)
		s.p50, s.p99 = percentile(s.latencies, 50), percentile(s.latencies, 99)
	}
	s.latencies, s.rng = nil, nil
	return s
}

// listed returns how many PDUs m and lost (and those of list) count, and
// the first maxListed of them in capture order.
func listed(m map[reqKey]pduRef, lost int, list []pduRef) (int, []pduRef) {
	n := len(m) + lost + len(list)
	for _, r := range m {
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b pduRef) int {
		return cmp.Or(a.t.Compare(b.t), cmp.Compare(a.frame, b.frame), cmp.Compare(a.seq, b.seq), cmp.Compare(a.cmd, b.cmd))
	})
	if len(list) > maxListed {
		list = list[:maxListed]
	}
	return n, list
}

// percentile is the nearest-rank percentile of sorted.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	return sorted[max(rank, 1)-1]
}

// printSummaries prints the summary of every conversation, in order.
func (c *capture) printSummaries() {
	slices.SortFunc(c.done, func(a, b *convSummary) int { return a.cv.id - b.cv.id })
	for _, s := range c.done {
		if s.pdus == 0 && s.notes == 0 {
			continue
		}
		if c.d.o.json {
			c.d.out.Write(append(s.appendJSON(nil), '\n'))
			continue
		}
		var w textWriter
		s.write(&w)
		c.block(w.sb.String())
	}
	c.done = nil
}

// role names the side of a conversation an endpoint is.
func (s *convSummary) endpoints() (a, b string) {
	cv := s.cv
	switch cv.client {
	case 0, 1:
		return cv.ends[cv.client] + " (client)", cv.ends[1-cv.client] + " (server)"
	}
	return cv.ends[0], cv.ends[1]
}

func (s *convSummary) ref(r pduRef) string {
	return fmt.Sprintf("%v seq=%d, frame %d, %s, %s", r.cmd, r.seq, r.frame, captureTime(r.t), s.cv.ends[r.dir]+" -> "+s.cv.ends[1-r.dir])
}

// sortedCommands lists the Command_Ids counted, requests before their
// responses, in Command_Id order.
func (s *convSummary) sortedCommands() []cmpp.CommandID {
	ids := make([]cmpp.CommandID, 0, len(s.commands))
	for id := range s.commands {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b cmpp.CommandID) int {
		return cmp.Or(cmp.Compare(a&0x7fffffff, b&0x7fffffff), cmp.Compare(a, b))
	})
	return ids
}

func (s *convSummary) sortedResults() []resultKey {
	keys := make([]resultKey, 0, len(s.results))
	for k := range s.results {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b resultKey) int { return cmp.Or(cmp.Compare(a.cmd, b.cmd), cmp.Compare(a.result, b.result)) })
	return keys
}

func (s *convSummary) sortedStats() []string {
	keys := make([]string, 0, len(s.stats))
	for k := range s.stats {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(s.stats[b], s.stats[a]), strings.Compare(a, b)) })
	return keys
}

// plural words a count: "1 request", "2 requests".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64) + " ms"
}

// write writes the human form of the summary.
func (s *convSummary) write(w *textWriter) {
	a, b := s.endpoints()
	fmt.Fprintf(&w.sb, "conversation %d: %s <-> %s\n", s.cv.id, a, b)
	w.line(2, "time", captureTime(s.first)+" to "+captureTime(s.last)+" ("+s.last.Sub(s.first).String()+")")
	switch {
	case s.login:
		v := fmt.Sprintf("Source_Addr %q, Version 0x%02x (%v)", s.sourceAddr, uint8(s.version), s.version)
		if s.loginResp {
			v += fmt.Sprintf(", Status %d (%v), server Version 0x%02x (%v)", s.status, s.status, uint8(s.serverVer), s.serverVer)
		} else {
			v += ", no CMPP_CONNECT_RESP"
		}
		w.line(2, "login", v)
	case s.loginResp:
		w.line(2, "login", fmt.Sprintf("no CMPP_CONNECT; Status %d (%v), server Version 0x%02x (%v)", s.status, s.status, uint8(s.serverVer), s.serverVer))
	default:
		w.line(2, "login", "not in the capture (read as CMPP "+s.cv.follow.cur.String()+")")
	}
	pdus := strconv.Itoa(s.pdus)
	if s.failed > 0 {
		pdus += fmt.Sprintf(" (%d did not decode; the first: %s)", s.failed, s.firstErr)
	}
	w.line(2, "PDUs", pdus)
	for _, id := range s.sortedCommands() {
		w.line(4, id.String(), strconv.Itoa(s.commands[id]))
	}
	if s.otherCommand > 0 {
		w.line(4, "other Command_Ids", strconv.Itoa(s.otherCommand))
	}
	w.line(2, "unanswered", plural(s.nUnanswered, "request")+" without a response")
	for _, r := range s.unanswered {
		w.line(4, "", s.ref(r))
	}
	if more := s.nUnanswered - len(s.unanswered); more > 0 {
		w.line(4, "", fmt.Sprintf("… and %d more", more))
	}
	w.line(2, "unsolicited", plural(s.nUnsolicit, "response")+" without a request")
	for _, r := range s.unsolicited {
		w.line(4, "", s.ref(r))
	}
	if more := s.nUnsolicit - len(s.unsolicited); more > 0 {
		w.line(4, "", fmt.Sprintf("… and %d more", more))
	}
	if s.nLatency > 0 {
		v := fmt.Sprintf("p50 %s, p99 %s (%s", ms(s.p50), ms(s.p99), plural(s.nLatency, "request/response pair"))
		if s.nLatency > latencySamples {
			v += fmt.Sprintf("; percentiles of a uniform sample of %d", latencySamples)
		}
		w.line(2, "latency", v+")")
	} else {
		w.line(2, "latency", "(no request/response pair)")
	}
	if len(s.results) > 0 {
		w.line(2, "Result", "responses by Result")
		for _, k := range s.sortedResults() {
			w.line(4, k.cmd.String()+" "+strconv.FormatUint(uint64(k.result), 10), strconv.Itoa(s.results[k])+" ("+k.text+")")
		}
		if s.otherResult > 0 {
			w.line(4, "other values", strconv.Itoa(s.otherResult))
		}
	}
	if s.window[0]+s.window[1] > 0 {
		v := make([]string, 0, 2)
		for i, n := range s.window {
			if n > 0 {
				v = append(v, fmt.Sprintf("%d from %s", n, s.cv.ends[i]))
			}
		}
		w.line(2, "window", "at most "+strings.Join(v, ", ")+" waiting for a response at once")
	}
	if len(s.stats) > 0 {
		w.line(2, "Stat", "status reports by final state")
		for _, k := range s.sortedStats() {
			v := strconv.Itoa(s.stats[k])
			if m := cmpp.StatText([]byte(k)); m != "" {
				v += " (" + m + ")"
			}
			w.line(4, strconv.Quote(k), v)
		}
		if s.otherStat > 0 {
			w.line(4, "other values", strconv.Itoa(s.otherStat))
		}
	}
	if s.skipped > 0 || s.missing > 0 {
		w.line(2, "stream", fmt.Sprintf("%d octets skipped to resynchronise, %d octets not in the capture", s.skipped, s.missing))
	}
}

// appendJSON appends the JSON form of the summary (one object).
func (s *convSummary) appendJSON(b []byte) []byte {
	cv := s.cv
	o := newObj(b)
	o.uint("conversation", uint64(cv.id))
	if cv.client >= 0 {
		o.str("client", cv.ends[cv.client])
		o.str("server", cv.ends[1-cv.client])
	} else {
		o.str("a", cv.ends[0])
		o.str("b", cv.ends[1])
	}
	o.str("first", captureTime(s.first))
	o.str("last", captureTime(s.last))
	o.str("version", cv.follow.cur.String())
	if s.login || s.loginResp {
		o.key("login")
		l := newObj(o.b)
		if s.login {
			l.str("Source_Addr", s.sourceAddr)
			l.str("Version", s.version.String())
		}
		if s.loginResp {
			l.uint("Status", uint64(s.status))
			l.str("Status_text", s.status.String())
			l.str("server_Version", s.serverVer.String())
		}
		o.b = l.end()
	}
	o.uint("pdus", uint64(s.pdus))
	o.uint("failed", uint64(s.failed))
	o.key("commands")
	m := newObj(o.b)
	for _, id := range s.sortedCommands() {
		m.uint(id.String(), uint64(s.commands[id]))
	}
	o.b = m.end()
	refs := func(k string, n int, list []pduRef) {
		o.uint(k, uint64(n))
		o.key(k + "_first")
		o.b = append(o.b, '[')
		for i, r := range list {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			e := newObj(o.b)
			e.str("Command_Id", r.cmd.String())
			e.uint("Sequence_Id", uint64(r.seq))
			e.uint("frame", uint64(r.frame))
			e.str("time", captureTime(r.t))
			e.str("src", cv.ends[r.dir])
			e.str("dst", cv.ends[1-r.dir])
			o.b = e.end()
		}
		o.b = append(o.b, ']')
	}
	refs("unanswered", s.nUnanswered, s.unanswered)
	refs("unsolicited", s.nUnsolicit, s.unsolicited)
	o.key("latency_ms")
	l := newObj(o.b)
	l.uint("pairs", uint64(s.nLatency))
	if s.nLatency > 0 {
		l.key("p50")
		l.b = strconv.AppendFloat(l.b, float64(s.p50)/float64(time.Millisecond), 'f', 3, 64)
		l.key("p99")
		l.b = strconv.AppendFloat(l.b, float64(s.p99)/float64(time.Millisecond), 'f', 3, 64)
	}
	o.b = l.end()
	o.key("Result")
	o.b = append(o.b, '[')
	for i, k := range s.sortedResults() {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		e := newObj(o.b)
		e.str("Command_Id", k.cmd.String())
		e.uint("Result", uint64(k.result))
		e.str("text", k.text)
		e.uint("count", uint64(s.results[k]))
		o.b = e.end()
	}
	o.b = append(o.b, ']')
	o.key("window")
	wo := newObj(o.b)
	for i, n := range s.window {
		wo.uint(cv.ends[i], uint64(n))
	}
	o.b = wo.end()
	o.key("Stat")
	st := newObj(o.b)
	for _, k := range s.sortedStats() {
		st.uint(k, uint64(s.stats[k]))
	}
	o.b = st.end()
	o.uint("skipped_octets", uint64(s.skipped))
	o.uint("missing_octets", uint64(s.missing))
	return o.end()
}
