package session

import (
	"bufio"
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-cmpp/cmpp"
)

// FuzzPeerBytes logs a Conn in over a pipe, then has the peer send
// arbitrary octets and hang up. Whatever they are, the Conn must not
// panic, must end with an error once the peer is gone, and must leave no
// goroutine behind (goleak, in TestMain).
func FuzzPeerBytes(f *testing.F) {
	pdu := func(seq uint32, p cmpp.Packet) []byte {
		b, err := cmpp.Append(nil, seq, p)
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	rep := cmpp.Report{MsgID: 1, Stat: []byte("DELIVRD"), DestTerminalID: []byte("13800138000")}
	content, _ := rep.AppendBinary(nil)
	f.Add(pdu(5, &cmpp.ActiveTest{}))
	f.Add(pdu(2, &cmpp.SubmitResp{MsgID: 1}))
	f.Add(append(pdu(6, &cmpp.Deliver{RegisteredDelivery: 1, MsgContent: content}), pdu(7, &cmpp.Terminate{})...))
	f.Add(pdu(9, &cmpp.Query{}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1})
	f.Add([]byte{0, 0, 0, 13, 0x80, 0, 0, 8, 0, 0, 0, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		near, far := net.Pipe()
		var wg sync.WaitGroup
		wg.Go(func() {
			defer far.Close()
			br := bufio.NewReader(far)
			far.SetDeadline(time.Now().Add(5 * time.Second))
			req, err := cmpp.ReadPacket(br, nil)
			if err != nil {
				return
			}
			_, p, err := cmpp.Decode(req)
			if err != nil {
				return
			}
			b, _ := cmpp.Append(nil, 1, cmpp.NewConnectResp(p.(*cmpp.Connect), cmpp.StatusOK, testSecret))
			if _, err := far.Write(b); err != nil {
				return
			}
			wg.Go(func() { io.Copy(io.Discard, br) }) // whatever the Conn answers
			far.Write(data)
		})
		cfg := Config{SourceAddr: testSP, Secret: testSecret, Timeout: 200 * time.Millisecond,
			KeepAlive: -1, CloseTimeout: 50 * time.Millisecond}
		c, err := Client(context.Background(), near, cfg)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-c.Done():
		case <-time.After(10 * time.Second):
			t.Fatal("the Conn outlived its peer")
		}
		if c.Err() == nil {
			t.Fatal("ended without an error")
		}
		c.Close()
		wg.Wait()
	})
}
