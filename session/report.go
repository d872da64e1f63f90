package session

import (
	"bytes"
	"strings"
	"sync"
	"time"

	"github.com/go-cmpp/cmpp"
)

// Tracker matches status reports (a DELIVER with Registered_Delivery 1,
// spec reference §6.8.1) to the submits they report on: which message,
// which segment of it, which recipient. Reports carry the Msg_Id of the
// SUBMIT_RESP and the recipient's number (Dest_terminal_Id); the Tracker
// keeps, per recipient of every submit recorded with Track, the caller's
// tag until its report arrives or the entry expires.
//
// A report may arrive before the SUBMIT_RESP it belongs to (the gateway's
// report path can be faster than its response path, and Track runs after
// Submit returns): such a report is kept, for EarlyTTL, and handed back by
// the Track that matches it.
//
// Memory is bounded: at most MaxEntries awaiting entries and as many early
// reports, the oldest dropped first. A Tracker is safe for concurrent use
// and starts no goroutine; time is passed in, so it is testable.
type Tracker struct {
	cfg TrackerConfig

	mu      sync.Mutex
	waiting map[reportKey]*tracked
	order   []reportKey // insertion order of waiting, for expiry
	early   map[reportKey]earlyReport
	eorder  []reportKey
	dropped int // entries dropped for room before their report
}

// TrackerConfig bounds a Tracker; zero values take the defaults.
type TrackerConfig struct {
	// TTL is how long a submit awaits its reports (72 h: the spec's
	// default validity is 48 h, and reports can trail it).
	TTL time.Duration
	// EarlyTTL is how long a report whose submit is not (yet) tracked is
	// kept for a Track to claim (5 min).
	EarlyTTL time.Duration
	// MaxEntries bounds the awaiting recipients, and separately the
	// early reports (1,000,000).
	MaxEntries int
}

// Delivery is one status report matched to the submit it reports on.
type Delivery struct {
	Tag       any    // what was passed to Track
	Segment   int    // Pk_number of the SUBMIT, 1-based
	Segments  int    // Pk_total
	Recipient string // the Dest_terminal_Id of the SUBMIT
	// Report is the status report, owning its memory: Report.Stat is
	// "DELIVRD" when delivered (Report.Delivered), else the gateway's code.
	Report cmpp.Report
}

type reportKey struct {
	id   cmpp.MsgID
	dest string
}

type tracked struct {
	tag       any
	seg, segs int
	recipient string
	added     time.Time
	keys      []reportKey // (Msg_Id, number), and (Msg_Id+i, number) for recipient i > 0
}

type earlyReport struct {
	r     cmpp.Report
	added time.Time
}

// NewTracker returns a Tracker with cfg's bounds.
func NewTracker(cfg TrackerConfig) *Tracker {
	if cfg.TTL <= 0 {
		cfg.TTL = 72 * time.Hour
	}
	if cfg.EarlyTTL <= 0 {
		cfg.EarlyTTL = 5 * time.Minute
	}
	if cfg.MaxEntries <= 0 {
		cfg.MaxEntries = 1_000_000
	}
	return &Tracker{cfg: cfg, waiting: map[reportKey]*tracked{}, early: map[reportKey]earlyReport{}}
}

// Track records a submit the gateway accepted (resp.Result 0) under tag,
// once per recipient, and returns the reports for it that arrived first.
// A SUBMIT to N recipients is matched whether the gateway reports each
// with the SUBMIT_RESP's Msg_Id or with Msg_Id + i for the i-th recipient
// (SubmitResp's documentation: it reserves Msg_Id … Msg_Id+N−1).
func (t *Tracker) Track(now time.Time, tag any, sub *cmpp.Submit, resp *cmpp.SubmitResp) []Delivery {
	if resp == nil || resp.Result != 0 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expire(now)
	var out []Delivery
	for i, d := range sub.DestTerminalIDs {
		dest := normalizeNumber(d)
		e := &tracked{tag: tag, seg: int(sub.PkNumber), segs: int(sub.PkTotal), recipient: string(d), added: now}
		e.keys = []reportKey{{resp.MsgID, dest}}
		if i > 0 {
			e.keys = append(e.keys, reportKey{resp.MsgID + cmpp.MsgID(i), dest})
		}
		matched := false
		for _, k := range e.keys {
			if er, ok := t.early[k]; ok && !matched {
				delete(t.early, k)
				out = append(out, e.delivery(er.r))
				matched = true
			}
		}
		if matched {
			continue
		}
		for _, k := range e.keys {
			t.waiting[k] = e
		}
		t.order = append(t.order, e.keys[0])
		for len(t.waiting) > t.cfg.MaxEntries && len(t.order) > 0 {
			t.dropOldest()
		}
		t.order = compact(t.order, func(k reportKey) bool {
			e, ok := t.waiting[k]
			return ok && e.keys[0] == k
		}, len(t.waiting))
	}
	return out
}

// Report matches a status report. When its submit is tracked it returns
// the Delivery and forgets the entry; otherwise it keeps a copy for a
// later Track and returns false.
func (t *Tracker) Report(now time.Time, r *cmpp.Report) (Delivery, bool) {
	k := reportKey{r.MsgID, normalizeNumber(r.DestTerminalID)}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expire(now)
	if e, ok := t.waiting[k]; ok {
		t.forget(e)
		return e.delivery(cloneReport(*r)), true
	}
	t.early[k] = earlyReport{cloneReport(*r), now}
	t.eorder = append(t.eorder, k)
	t.eorder = compact(t.eorder, func(k reportKey) bool {
		_, ok := t.early[k]
		return ok
	}, len(t.early))
	for len(t.early) > t.cfg.MaxEntries && len(t.eorder) > 0 {
		delete(t.early, t.eorder[0])
		t.eorder = t.eorder[1:]
	}
	return Delivery{}, false
}

// Len returns the recipients awaiting a report and the early reports
// held.
func (t *Tracker) Len() (waiting, early int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for k, e := range t.waiting {
		if k == e.keys[0] {
			n++
		}
	}
	return n, len(t.early)
}

// Expire removes the entries older than TTL (and early reports older
// than EarlyTTL) and returns the expired submits' recipients, with an
// empty Report: these got no report in time.
func (t *Tracker) Expire(now time.Time) []Delivery {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.expire(now)
}

func (t *Tracker) expire(now time.Time) []Delivery {
	var out []Delivery
	for len(t.order) > 0 {
		k := t.order[0]
		e, ok := t.waiting[k]
		if ok && now.Sub(e.added) < t.cfg.TTL {
			break
		}
		t.order = t.order[1:]
		if ok {
			t.forget(e)
			out = append(out, e.delivery(cmpp.Report{}))
		}
	}
	for len(t.eorder) > 0 {
		k := t.eorder[0]
		er, ok := t.early[k]
		if ok && now.Sub(er.added) < t.cfg.EarlyTTL {
			break
		}
		t.eorder = t.eorder[1:]
		if ok {
			delete(t.early, k)
		}
	}
	return out
}

// compact drops from order, an expiry queue, the keys whose entries are
// gone (matched by a report or a Track) and all but the last of repeated
// ones, once it holds more than twice the live entries: expiry pops only
// from the front, so behind one entry that waits its whole TTL the keys
// of every entry matched since would otherwise pile up. Amortised O(1).
func compact(order []reportKey, live func(reportKey) bool, n int) []reportKey {
	if len(order) <= 2*n+64 {
		return order
	}
	seen := make(map[reportKey]struct{}, n)
	kept := 0
	for i := len(order) - 1; i >= 0; i-- { // the last of each key is its place
		k := order[i]
		if _, dup := seen[k]; dup || !live(k) {
			continue
		}
		seen[k] = struct{}{}
		kept++
		order[len(order)-kept] = k
	}
	out := make([]reportKey, kept, 2*kept+64)
	copy(out, order[len(order)-kept:])
	return out
}

func (t *Tracker) dropOldest() {
	k := t.order[0]
	t.order = t.order[1:]
	if e, ok := t.waiting[k]; ok {
		t.forget(e)
		t.dropped++
	}
}

// forget removes e under each of its keys (where no newer entry took one).
func (t *Tracker) forget(e *tracked) {
	for _, k := range e.keys {
		if t.waiting[k] == e {
			delete(t.waiting, k)
		}
	}
}

func (e *tracked) delivery(r cmpp.Report) Delivery {
	return Delivery{Tag: e.tag, Segment: e.seg, Segments: e.segs, Recipient: e.recipient, Report: r}
}

func cloneReport(r cmpp.Report) cmpp.Report {
	r.Stat = bytes.Clone(r.Stat)
	r.SubmitTime = bytes.Clone(r.SubmitTime)
	r.DoneTime = bytes.Clone(r.DoneTime)
	r.DestTerminalID = bytes.Clone(r.DestTerminalID)
	return r
}

// normalizeNumber drops a "+86" or "86" country prefix from an 11-digit
// Chinese mobile number (spec reference §2.4: MSISDN fields may carry
// either), so that a report's number matches the SUBMIT's.
func normalizeNumber(b []byte) string {
	s := string(b)
	s = strings.TrimPrefix(s, "+")
	if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	return s
}
