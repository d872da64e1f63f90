package cmpptest_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/cmpptest"
	"github.com/go-cmpp/cmpp/session"
)

// rawSP is an SP written with the codec alone, to send what session.Conn
// would not: the same Sequence_Id twice in a row.
type rawSP struct {
	t   *testing.T
	nc  net.Conn
	buf []byte
	dec cmpp.Decoder
}

func dialRaw(t *testing.T, gw *cmpptest.Server) *rawSP {
	t.Helper()
	nc, err := net.Dial("tcp", gw.Addr)
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	r := &rawSP{t: t, nc: nc}
	r.write(1, cmpp.NewConnect(cmpptest.DefaultSPID, cmpptest.DefaultSecret, time.Now()))
	_, p := r.read(time.Second)
	require.IsType(t, &cmpp.ConnectResp{}, p)
	require.EqualValues(t, cmpp.StatusOK, p.(*cmpp.ConnectResp).Status)
	return r
}

func (r *rawSP) write(seq uint32, p cmpp.Packet) {
	r.t.Helper()
	b, err := cmpp.Append(nil, seq, p)
	require.NoError(r.t, err)
	_, err = r.nc.Write(b)
	require.NoError(r.t, err)
}

// read reads one PDU within d; a nil Packet means none came.
func (r *rawSP) read(d time.Duration) (cmpp.Header, cmpp.Packet) {
	r.t.Helper()
	r.nc.SetReadDeadline(time.Now().Add(d))
	pdu, err := cmpp.ReadPacket(r.nc, r.buf)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return cmpp.Header{}, nil
	}
	require.NoError(r.t, err)
	r.buf = pdu
	h, p, err := r.dec.Decode(pdu)
	require.NoError(r.t, err)
	return h, cmpp.Clone(p)
}

// submitResps reads n SUBMIT_RESPs for Sequence_Id seq, answering the
// DELIVERs (reports) that come between, and returns them and the number
// of DELIVERs.
func (r *rawSP) submitResps(seq uint32, n int) (resps []*cmpp.SubmitResp, delivers int) {
	r.t.Helper()
	for len(resps) < n {
		h, p := r.read(5 * time.Second)
		require.NotNil(r.t, p, "no PDU within 5 s")
		switch p := p.(type) {
		case *cmpp.SubmitResp:
			require.Equal(r.t, seq, h.SequenceID)
			resps = append(resps, p)
		case *cmpp.Deliver:
			delivers++
			r.write(h.SequenceID, &cmpp.DeliverResp{MsgID: p.MsgID})
		default:
			r.t.Fatalf("unexpected %T", p)
		}
	}
	return resps, delivers
}

// A SUBMIT sent twice with one Sequence_Id is one message: the gateway
// records it once, gives one Msg_Id, sends one status report, and answers
// the copy as its policy says.
func TestDuplicateSequenceID(t *testing.T) {
	for _, policy := range []cmpptest.DuplicatePolicy{cmpptest.DuplicateResult3, cmpptest.DuplicateOriginal} {
		t.Run(policy.String(), func(t *testing.T) {
			gw := cmpptest.NewServer(cmpptest.Config{Duplicates: policy})
			defer gw.Close()
			r := dialRaw(t, gw)

			sub := submit("13800138000")
			sub.RegisteredDelivery = 1
			r.write(7, sub)
			r.write(7, sub)
			resps, reports := r.submitResps(7, 2)
			// The two answers may come in either order: one is the
			// message's, one the copy's.
			var msg, dup *cmpp.SubmitResp
			for _, p := range resps {
				if msg == nil && p.Result == cmpp.ResultSuccess {
					msg = p
				} else {
					dup = p
				}
			}
			require.NotNil(t, msg, "%+v", resps)
			require.NotNil(t, dup, "%+v", resps)
			if policy == cmpptest.DuplicateOriginal {
				assert.Equal(t, *msg, *dup, "the original SUBMIT_RESP again")
			} else {
				assert.Equal(t, cmpp.SubmitResp{Result: cmpp.ResultDuplicateSequence}, *dup)
			}

			got := gw.Submits()
			require.Len(t, got, 1, "one message recorded")
			assert.Equal(t, msg.MsgID, got[0].MsgID)
			assert.True(t, got[0].Answered)
			st := gw.Stats()
			assert.Equal(t, uint64(2), st.Submits)
			assert.Equal(t, uint64(1), st.Duplicates)
			assert.Equal(t, map[cmpp.SubmitResult]uint64{0: 1}, st.Results, "the copy's answer is not a message's")

			// One report, and no second one after it.
			for reports < 1 {
				h, p := r.read(5 * time.Second)
				require.IsType(t, &cmpp.Deliver{}, p)
				r.write(h.SequenceID, &cmpp.DeliverResp{MsgID: p.(*cmpp.Deliver).MsgID})
				reports++
			}
			_, p := r.read(200 * time.Millisecond)
			assert.Nil(t, p, "a second report")
			assert.Equal(t, int64(0), gw.Stats().ReportsPending)

			// Another Sequence_Id is another message.
			r.write(8, sub)
			resps, _ = r.submitResps(8, 1)
			assert.Equal(t, cmpp.SubmitResult(0), resps[0].Result)
			assert.NotEqual(t, msg.MsgID, resps[0].MsgID)
			assert.Len(t, gw.Submits(), 2)

			// A refused SUBMIT is not remembered: its resend is a new
			// attempt, which may now be accepted.
			gw.SetFaults(cmpptest.Faults{Result: cmpp.ResultFlowControl})
			r.write(9, submit("13800138000"))
			resps, _ = r.submitResps(9, 1)
			assert.Equal(t, cmpp.SubmitResult(cmpp.ResultFlowControl), resps[0].Result)
			gw.SetFaults(cmpptest.Faults{})
			r.write(9, submit("13800138000"))
			resps, _ = r.submitResps(9, 1)
			assert.Equal(t, cmpp.SubmitResult(0), resps[0].Result)
			assert.Len(t, gw.Submits(), 4)
			assert.Equal(t, uint64(1), gw.Stats().Duplicates)

			r.write(10, &cmpp.Terminate{})
			h, p := r.read(5 * time.Second)
			require.IsType(t, &cmpp.TerminateResp{}, p)
			assert.Equal(t, uint32(10), h.SequenceID)
		})
	}
}

// A Sequence_Id is remembered for DuplicateExpiry only, and not at all
// with the check off.
func TestDuplicateExpiryAndOff(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{DuplicateExpiry: 50 * time.Millisecond})
	t.Cleanup(gw.Close) // after the raw SPs' connections close: they do not answer TERMINATE
	r := dialRaw(t, gw)
	r.write(3, submit("13800138000"))
	r.submitResps(3, 1)
	time.Sleep(100 * time.Millisecond)
	r.write(3, submit("13800138000"))
	resps, _ := r.submitResps(3, 1)
	assert.Equal(t, cmpp.SubmitResult(0), resps[0].Result, "expired: a new message")
	assert.Len(t, gw.Submits(), 2)
	assert.Zero(t, gw.Stats().Duplicates)

	off := cmpptest.NewServer(cmpptest.Config{DuplicateMemory: -1})
	t.Cleanup(off.Close)
	r = dialRaw(t, off)
	r.write(3, submit("13800138000"))
	r.write(3, submit("13800138000"))
	resps, _ = r.submitResps(3, 2)
	assert.Equal(t, cmpp.SubmitResult(0), resps[0].Result)
	assert.Equal(t, cmpp.SubmitResult(0), resps[1].Result)
	assert.NotEqual(t, resps[0].MsgID, resps[1].MsgID, "the check off: two messages")
	assert.Len(t, off.Submits(), 2)
	assert.Zero(t, off.Stats().Duplicates)

	_, err := cmpptest.Start(cmpptest.Config{Duplicates: 7})
	assert.ErrorContains(t, err, "duplicate policy")
}

// session.Conn resends a SUBMIT whose response is late past T, with its
// Sequence_Id: the gateway sees one message, and the SP the outcome the
// policy gives.
func TestDuplicateSessionResend(t *testing.T) {
	const T = 200 * time.Millisecond
	ctx := context.Background()

	t.Run("late response", func(t *testing.T) {
		// Every response comes 1.5 T late: the resend's too. The
		// original's answers the request; the copy's arrives late.
		gw := cmpptest.NewServer(cmpptest.Config{})
		defer gw.Close()
		s := dial(t, gw, session.Config{Timeout: T, Attempts: 3})
		gw.SetFaults(cmpptest.Faults{Delay: T * 3 / 2})
		r, err := s.conn.Submit(ctx, submit("13800138000"))
		require.NoError(t, err)
		require.Equal(t, cmpp.SubmitResult(0), r.Result)
		got := gw.Submits()
		require.Len(t, got, 1, "one message at the gateway")
		assert.Equal(t, got[0].MsgID, r.MsgID)
		assert.GreaterOrEqual(t, gw.Stats().Duplicates, uint64(1))
		assert.GreaterOrEqual(t, s.conn.Stats().Resends, uint64(1))
		assert.Eventually(t, func() bool { return s.conn.Stats().LateResponses >= 1 }, 5*time.Second, time.Millisecond,
			"the copy's answer comes after the original's")
		assert.Equal(t, map[cmpp.SubmitResult]uint64{0: 1}, gw.Stats().Results)
	})

	for _, policy := range []cmpptest.DuplicatePolicy{cmpptest.DuplicateResult3, cmpptest.DuplicateOriginal} {
		t.Run("lost response, "+policy.String(), func(t *testing.T) {
			// The first send's response is lost; the resend is answered
			// at once, as the policy says.
			// The first send stays unanswered: the gateway's Close
			// waits CloseTimeout for it.
			gw := cmpptest.NewServer(cmpptest.Config{Duplicates: policy, Session: session.Config{CloseTimeout: T}})
			defer gw.Close()
			s := dial(t, gw, session.Config{Timeout: T, Attempts: 3})
			gw.SetFaults(cmpptest.Faults{NoResponse: true})
			type outcome struct {
				r   *cmpp.SubmitResp
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				r, err := s.conn.Submit(ctx, submit("13800138000"))
				done <- outcome{r, err}
			}()
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			got, err := gw.WaitSubmits(wctx, 1)
			require.NoError(t, err)
			gw.SetFaults(cmpptest.Faults{})
			o := <-done

			require.Len(t, gw.Submits(), 1, "one message at the gateway")
			assert.False(t, got[0].Answered)
			assert.Equal(t, uint64(1), gw.Stats().Duplicates)
			require.NotNil(t, o.r)
			if policy == cmpptest.DuplicateOriginal {
				require.NoError(t, o.err)
				assert.Equal(t, cmpp.SubmitResult(0), o.r.Result)
				assert.Equal(t, got[0].MsgID, o.r.MsgID, "the Msg_Id of the first send")
			} else {
				require.ErrorIs(t, o.err, session.ErrDuplicate)
				assert.Equal(t, cmpp.SubmitResult(cmpp.ResultDuplicateSequence), o.r.Result)
			}
		})
	}
}

// A SUBMIT whose response cannot be queued, because the connection ended
// while it was held back, is recorded as not answered and not counted in
// Results.
func TestAnsweredOnlyWhenQueued(t *testing.T) {
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()
	s := dial(t, gw, session.Config{})
	gw.SetFaults(cmpptest.Faults{Delay: time.Hour})
	done := make(chan error, 1)
	go func() {
		_, err := s.conn.Submit(context.Background(), submit("13800138000"))
		done <- err
	}()
	require.Eventually(t, func() bool { return gw.Stats().Submits == 1 }, 5*time.Second, time.Millisecond)
	gw.DropConnections()
	assert.ErrorIs(t, <-done, session.ErrClosed)
	require.Eventually(t, func() bool {
		got := gw.Submits()
		return len(got) == 1 && !got[0].Answered
	}, 5*time.Second, time.Millisecond, "%+v", gw.Submits())
	assert.Empty(t, gw.Stats().Results)
}
