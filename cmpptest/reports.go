package cmpptest

import (
	"container/heap"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/session"
)

// reportWorkers is the number of goroutines sending reports; each waits
// for its DELIVER_RESP, so together with the connection's window they
// bound the reports in flight.
const reportWorkers = 8

// maxBacklog bounds the reports kept for an SP with no connection.
const maxBacklog = 100_000

// report is a status report due at a time.
type report struct {
	due  time.Time
	a    *account
	hint *session.Conn // the connection the SUBMIT came on
	r    cmpp.Report
}

// reportQueue sends the status reports: one goroutine keeps them in a
// heap ordered by due time and hands each, when due, to the workers.
// Reports for an SP with no connection wait in a backlog until one logs
// in (as an ISMG keeps them, spec reference §6.8.1: the SP waits 48 hours).
type reportQueue struct {
	s       *Server
	add     chan *report
	due     chan *report
	wake    chan string  // an SP logged in
	back    chan *report // from the workers: no connection for it
	backlog map[string][]*report
}

func newReportQueue(s *Server) *reportQueue {
	q := &reportQueue{
		s:       s,
		add:     make(chan *report, 256),
		due:     make(chan *report, reportWorkers),
		wake:    make(chan string, 16),
		back:    make(chan *report),
		backlog: map[string][]*report{},
	}
	s.wg.Add(1 + reportWorkers)
	go q.run()
	for range reportWorkers {
		go q.work()
	}
	return q
}

// schedule queues the reports of a SUBMIT answered with Msg_Id id: one
// per recipient, the i-th with Msg_Id id+i (Appendix 1), after the
// account's ReportDelay.
func (q *reportQueue) schedule(a *account, c *session.Conn, sub *cmpp.Submit, id cmpp.MsgID, at time.Time) {
	due := at.Add(a.ReportDelay)
	for i, dest := range sub.DestTerminalIDs {
		r := cmpp.Report{
			MsgID:          MsgIDAdd(id, i),
			Stat:           []byte(q.s.stat(a)),
			SubmitTime:     reportTime(at),
			DoneTime:       reportTime(due),
			DestTerminalID: dest,
			SMSCSequence:   smscSeq.Add(1),
		}
		q.s.reportsPending.Add(1)
		select {
		case q.add <- &report{due: due, a: a, hint: c, r: r}:
		case <-q.s.ctx.Done():
			return
		}
	}
}

// connected tells the queue that SP spID has a connection: its backlog
// goes out.
func (q *reportQueue) connected(spID string) {
	select {
	case q.wake <- spID:
	case <-q.s.ctx.Done():
	}
}

// run owns the heap and the backlog.
func (q *reportQueue) run() {
	defer q.s.wg.Done()
	var h reportHeap
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	var out chan *report // q.due when the top of h is due, else nil
	var next *report
	for {
		out, next = nil, nil
		if len(h) > 0 {
			if d := time.Until(h[0].due); d <= 0 {
				out, next = q.due, h[0]
			} else {
				t.Reset(d)
			}
		}
		select {
		case r := <-q.add:
			heap.Push(&h, r)
		case out <- next:
			heap.Pop(&h)
		case <-t.C:
		case sp := <-q.wake:
			for _, r := range q.backlog[sp] {
				r.due, r.hint = time.Time{}, nil
				heap.Push(&h, r)
			}
			delete(q.backlog, sp)
		case r := <-q.back:
			if len(q.backlog[r.a.SPID]) < maxBacklog {
				q.backlog[r.a.SPID] = append(q.backlog[r.a.SPID], r)
			} else {
				q.s.reportDone(false)
			}
		case <-q.s.ctx.Done():
			return
		}
	}
}

// work sends due reports. A report whose SP has no connection goes to the
// backlog.
func (q *reportQueue) work() {
	defer q.s.wg.Done()
	for {
		select {
		case r := <-q.due:
			q.send(r)
		case <-q.s.ctx.Done():
			return
		}
	}
}

func (q *reportQueue) send(r *report) {
	for range 3 { // a connection may end under us: try the SP's others
		c := q.s.conn(r.a.SPID, r.hint)
		if c == nil {
			break
		}
		r.hint = nil
		// The report in the layout of the connection's version (60
		// octets in 2.x), in a DELIVER with an id of its own (§5.5).
		d, err := reportDeliver(r.a, &r.r, c.Version())
		if err != nil {
			q.s.log.Error("cmpptest: status report", "err", err)
			q.s.reportDone(false)
			return
		}
		d.MsgID = q.s.ids.reserve(1)
		resp, err := c.Deliver(q.s.ctx, d)
		if err == nil {
			q.s.reportDone(resp.Result == cmpp.ResultSuccess)
			return
		}
		if q.s.ctx.Err() != nil {
			return // still pending: the Server is shutting down
		}
	}
	select {
	case q.back <- r:
	case <-q.s.ctx.Done():
	}
}

// reportHeap orders reports by due time.
type reportHeap []*report

func (h reportHeap) Len() int           { return len(h) }
func (h reportHeap) Less(i, j int) bool { return h[i].due.Before(h[j].due) }
func (h reportHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *reportHeap) Push(x any)        { *h = append(*h, x.(*report)) }
func (h *reportHeap) Pop() any {
	old := *h
	r := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return r
}
