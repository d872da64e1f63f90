package session_test

import (
	"context"
	"fmt"
	"log"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/go-cmpp/cmpp/session"
)

// An SP logs in, sends a long Chinese text to two numbers, and matches the
// status reports the gateway pushes to the segments and recipients. The
// gateway is an in-process Server (see newGateway).
func ExampleDial() {
	addr, stop := newGateway()
	defer stop()

	tracker := session.NewTracker(session.TrackerConfig{})
	reports := make(chan session.Delivery, 16)
	cfg := session.Config{SourceAddr: "901234", Secret: "secret"}
	cfg.Handler = session.HandlerFunc(func(w session.ResponseWriter, r *session.Request) {
		d := r.Packet.(*cmpp.Deliver)
		w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID})
		if rep, err := d.Report(); err == nil { // Registered_Delivery 1: a status report
			if m, ok := tracker.Report(time.Now(), &rep); ok {
				reports <- m
			}
		}
	})
	conn, err := session.Dial(context.Background(), addr, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	tmpl := &cmpp.Submit{RegisteredDelivery: 1, MsgSrc: []byte("901234"), SrcID: []byte("1065712345"),
		DestTerminalIDs: [][]byte{[]byte("13800138000"), []byte("13900139000")}}
	text := strings.Repeat("你好，世界！", 20) // 120 characters: two UCS2 segments
	segs, err := conn.SubmitText(context.Background(), tmpl, text, concat.NewRefCounter().Next8())
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range segs {
		if s.Err != nil {
			log.Fatal(s.Err)
		}
		for _, m := range tracker.Track(time.Now(), "greeting", s.Submit, s.Resp) {
			reports <- m // reports that overtook their SUBMIT_RESP
		}
	}
	var lines []string
	for range 4 { // 2 segments × 2 recipients
		m := <-reports
		lines = append(lines, fmt.Sprintf("%s segment %d/%d to %s: %s", m.Tag, m.Segment, m.Segments, m.Recipient, m.Report.Stat))
	}
	slices.Sort(lines)
	fmt.Println(strings.Join(lines, "\n"))
	// Output:
	// greeting segment 1/2 to 13800138000: DELIVRD
	// greeting segment 1/2 to 13900139000: DELIVRD
	// greeting segment 2/2 to 13800138000: DELIVRD
	// greeting segment 2/2 to 13900139000: DELIVRD
}

// newGateway starts a gateway for the examples: it accepts 901234 with
// the secret "secret", answers each SUBMIT with a new Msg_Id and pushes a
// DELIVRD report per recipient on the same connection.
func newGateway() (addr string, stop func()) {
	var nextID atomic.Uint64
	srv := &session.Server{
		Authenticate: func(sp string) (string, cmpp.ConnectStatus) {
			if sp != "901234" {
				return "", cmpp.StatusBadSourceAddr
			}
			return "secret", cmpp.StatusOK
		},
	}
	var pushes sync.WaitGroup
	srv.Config.Handler = session.HandlerFunc(func(w session.ResponseWriter, r *session.Request) {
		sub, ok := r.Packet.(*cmpp.Submit)
		if !ok {
			return
		}
		id := cmpp.MsgID(nextID.Add(1) << 16)
		w.Respond(&cmpp.SubmitResp{MsgID: id})
		for _, dest := range sub.DestTerminalIDs {
			rep := cmpp.Report{MsgID: id, Stat: []byte("DELIVRD"), DestTerminalID: dest,
				SubmitTime: []byte("2612020130"), DoneTime: []byte("2612020131")}
			content, _ := rep.AppendBinary(nil) // a copy: sub dies when the handler returns
			d := &cmpp.Deliver{DestID: slices.Clone(sub.SrcID), RegisteredDelivery: 1, MsgContent: content}
			pushes.Go(func() { r.Conn.Deliver(r.Context(), d) })
		}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(l)
	return l.Addr().String(), func() {
		pushes.Wait()
		srv.Shutdown(context.Background())
	}
}

// A gateway: accounts, a handler for SUBMIT, and OnConn to push an MO
// message to each SP that logs in.
func ExampleServer() {
	delivered := make(chan *cmpp.DeliverResp, 1)
	srv := &session.Server{
		Versions: []cmpp.Version{cmpp.Version30},
		Authenticate: func(sp string) (secret string, status cmpp.ConnectStatus) {
			if sp == "901234" {
				return "secret", cmpp.StatusOK
			}
			return "", cmpp.StatusBadSourceAddr // Status 2: illegal source address
		},
		Config: session.Config{
			Handler: session.HandlerFunc(func(w session.ResponseWriter, r *session.Request) {
				if sub, ok := r.Packet.(*cmpp.Submit); ok {
					fmt.Printf("gateway: SUBMIT to %s\n", sub.DestTerminalIDs[0])
					w.Respond(&cmpp.SubmitResp{MsgID: 1 << 16, Result: cmpp.ResultSuccess})
				}
			}),
		},
		OnConn: func(c *session.Conn) {
			resp, err := c.Deliver(context.Background(), &cmpp.Deliver{MsgID: 7, SrcTerminalID: []byte("13800138000"),
				MsgFmt: cmpp.FmtASCII, MsgContent: []byte("TD")})
			if err != nil {
				log.Fatal(err)
			}
			delivered <- resp
		},
	}
	l, err := net.Listen("tcp", "127.0.0.1:0") // or srv.ListenAndServe() on :7890
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Shutdown(context.Background())

	mo := make(chan string, 1)
	sp, err := session.Dial(context.Background(), l.Addr().String(), session.Config{
		SourceAddr: "901234", Secret: "secret",
		Handler: session.HandlerFunc(func(w session.ResponseWriter, r *session.Request) {
			d := r.Packet.(*cmpp.Deliver)
			mo <- fmt.Sprintf("SP: MO %q from %s", d.MsgContent, d.SrcTerminalID)
			w.Respond(&cmpp.DeliverResp{MsgID: d.MsgID})
		}),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(<-mo)
	fmt.Printf("gateway: DELIVER answered with Result %d\n", (<-delivered).Result)
	resp, err := sp.Submit(context.Background(), &cmpp.Submit{PkTotal: 1, PkNumber: 1,
		DestTerminalIDs: [][]byte{[]byte("13900139000")}, MsgContent: []byte("hi")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("SP: SUBMIT_RESP Msg_Id %d Result %d\n", resp.MsgID, resp.Result)
	sp.Close()

	_, err = session.Dial(context.Background(), l.Addr().String(), session.Config{SourceAddr: "900000", Secret: "x"})
	fmt.Println(err)
	// Output:
	// SP: MO "TD" from 13800138000
	// gateway: DELIVER answered with Result 0
	// gateway: SUBMIT to 13900139000
	// SP: SUBMIT_RESP Msg_Id 65536 Result 0
	// session: login refused: Status 2 (illegal source address), server version 3.0
}
