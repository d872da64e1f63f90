package cmpptest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/cmpptest"
	"github.com/go-cmpp/cmpp/session"
)

// An SP's test against the simulator: log in, submit, check what the
// gateway received, receive the status report and an MO.
func ExampleNewServer() {
	gw := cmpptest.NewServer(cmpptest.Config{})
	defer gw.Close()

	delivers := make(chan *cmpp.Deliver, 2)
	ctx := context.Background()
	conn, err := session.Dial(ctx, gw.Addr, session.Config{
		SourceAddr: cmpptest.DefaultSPID,
		Secret:     cmpptest.DefaultSecret,
		Handler: session.HandlerFunc(func(w session.ResponseWriter, r *session.Request) {
			d := r.Packet.(*cmpp.Deliver)
			delivers <- d.Clone()
			w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID})
		}),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	resp, err := conn.Submit(ctx, &cmpp.Submit{
		PkTotal: 1, PkNumber: 1, RegisteredDelivery: 1,
		MsgFmt: cmpp.FmtASCII, MsgSrc: []byte(cmpptest.DefaultSPID), FeeType: []byte("01"),
		SrcID:           []byte(cmpptest.DefaultSPCode),
		DestTerminalIDs: [][]byte{[]byte("13800138000")},
		MsgContent:      []byte("hello"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	got := gw.Submits()[0]
	fmt.Println("Result", resp.Result, "gateway", resp.MsgID.Parts().Gateway, "to", string(got.Submit.DestTerminalIDs[0]), "same id:", got.MsgID == resp.MsgID)

	report, _ := (<-delivers).Report()
	fmt.Println("report", string(report.Stat), "for our Msg_Id:", report.MsgID == resp.MsgID)

	// An MO: the gateway has the connection, since it answered on it.
	if _, err := gw.InjectMO(ctx, cmpptest.MO{From: "13900139000", Text: "hi"}); err != nil {
		fmt.Println(err)
		return
	}
	mo := <-delivers
	fmt.Printf("MO from %s to %s: %s\n", mo.SrcTerminalID, mo.DestID, mo.MsgContent)
	// Output:
	// Result success gateway 1001 to 13800138000 same id: true
	// report DELIVRD for our Msg_Id: true
	// MO from 13900139000 to 1065712345: hi
}

// A SUBMIT whose response is lost is resent by the session after T with
// the same Sequence_Id: the gateway recognises the copy, so the SMS goes
// out once, and the SP learns that its first send arrived.
func ExampleDuplicatePolicy() {
	gw := cmpptest.NewServer(cmpptest.Config{
		Duplicates: cmpptest.DuplicateResult3, // the default
		// The lost response leaves a request of the SP's unanswered,
		// which Close waits for: not long here.
		Session: session.Config{CloseTimeout: 100 * time.Millisecond},
	})
	defer gw.Close()
	ctx := context.Background()
	conn, err := session.Dial(ctx, gw.Addr, session.Config{
		SourceAddr: cmpptest.DefaultSPID, Secret: cmpptest.DefaultSecret,
		Timeout: 100 * time.Millisecond, // T
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	gw.SetFaults(cmpptest.Faults{NoResponse: true}) // the first response is lost
	type outcome struct {
		resp *cmpp.SubmitResp
		err  error
	}
	done := make(chan outcome)
	go func() {
		resp, err := conn.Submit(ctx, &cmpp.Submit{
			PkTotal: 1, PkNumber: 1,
			MsgFmt: cmpp.FmtASCII, MsgSrc: []byte(cmpptest.DefaultSPID), FeeType: []byte("01"),
			SrcID:           []byte(cmpptest.DefaultSPCode),
			DestTerminalIDs: [][]byte{[]byte("13800138000")},
			MsgContent:      []byte("hello"),
		})
		done <- outcome{resp, err}
	}()
	gw.WaitSubmits(ctx, 1)
	gw.SetFaults(cmpptest.Faults{}) // the resend is answered
	o := <-done

	fmt.Println("SP:", o.resp.Result, errors.Is(o.err, session.ErrDuplicate))
	fmt.Println("gateway:", len(gw.Submits()), "message,", gw.Stats().Duplicates, "duplicate")
	// Output:
	// SP: duplicate message sequence number true
	// gateway: 1 message, 1 duplicate
}
