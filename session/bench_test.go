package session

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
)

// fastPeer is a gateway that allocates nothing: it logs the client in,
// then answers every SUBMIT with a SUBMIT_RESP built in place, flushing
// when its input is drained. With it, the allocations measured in the
// process are the sending side's.
func fastPeer(t testing.TB, cfg Config) *Conn {
	t.Helper()
	l := listen(t)
	ch := make(chan *Conn, 1)
	go func() {
		c, err := Dial(context.Background(), l.Addr().String(), cfg)
		if err != nil {
			t.Error(err)
		}
		ch <- c
	}()
	nc, err := l.Accept()
	require.NoError(t, err)
	br := bufio.NewReaderSize(nc, 64<<10)
	bw := bufio.NewWriterSize(nc, 64<<10)
	pdu, err := cmpp.ReadPacket(br, nil)
	require.NoError(t, err)
	_, p, err := cmpp.Decode(pdu)
	require.NoError(t, err)
	b, _ := cmpp.Append(nil, 1, cmpp.NewConnectResp(p.(*cmpp.Connect), cmpp.StatusOK, cfg.Secret))
	nc.Write(b)
	c := <-ch
	require.NotNil(t, c)
	done := make(chan struct{})
	go func() {
		defer close(done)
		hdr := make([]byte, cmpp.HeaderLen)
		body := make([]byte, cmpp.MaxPacketLen)
		resp := []byte{0, 0, 0, 24, 0x80, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
		for {
			if _, err := io.ReadFull(br, hdr); err != nil {
				return
			}
			n := binary.BigEndian.Uint32(hdr)
			if _, err := io.ReadFull(br, body[:n-cmpp.HeaderLen]); err != nil {
				return
			}
			cmd := cmpp.CommandID(binary.BigEndian.Uint32(hdr[4:]))
			switch cmd {
			case cmpp.CmdSubmit:
				copy(resp[8:12], hdr[8:12])  // Sequence_Id
				copy(resp[12:20], hdr[8:12]) // a Msg_Id from it
				binary.BigEndian.PutUint32(resp[4:], uint32(cmpp.CmdSubmitResp))
				bw.Write(resp)
			case cmpp.CmdTerminate:
				tr := append([]byte{0, 0, 0, 12, 0x80, 0, 0, 2}, hdr[8:12]...)
				bw.Write(tr)
				bw.Flush()
				return
			}
			if br.Buffered() == 0 {
				if bw.Flush() != nil {
					return
				}
			}
		}
	}()
	t.Cleanup(func() {
		c.Close()
		nc.Close()
		<-done
	})
	return c
}

// The sending side allocates at most 2 values per round trip (the
// response it hands to the caller, and nothing else in steady state).
func TestSubmitAllocs(t *testing.T) {
	c := fastPeer(t, clientConfig())
	p := submit(1)
	ctx := context.Background()
	for range 100 { // warm the pools
		c.Submit(ctx, p)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := c.Submit(ctx, p); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%.2f allocations per SUBMIT round trip", allocs)
	if allocs > 2 {
		t.Errorf("%.2f allocations per SUBMIT round trip, want ≤ 2", allocs)
	}
}

// benchSubmit runs b.N SUBMIT round trips through c from 2·W goroutines
// and reports round trips per second and the p50 and p99 latency.
func benchSubmit(b *testing.B, c *Conn, w int) {
	p := submit(1)
	ctx := context.Background()
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range 2 * w {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				if _, err := c.Submit(ctx, p); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	el := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/el.Seconds(), "msgs/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkSubmit: client and server are both session Conns in this
// process (the allocations are both sides'); BenchmarkSubmitClient
// answers with fastPeer, so they are the sending side's.
func BenchmarkSubmit(b *testing.B) {
	for _, w := range []int{1, 16, 64} {
		b.Run("W="+strconv.Itoa(w), func(b *testing.B) {
			addr := startServer(b, &Server{Config: Config{Secret: testSecret, Window: w, Handler: HandlerFunc(answerSubmit)}})
			cfg := clientConfig()
			cfg.Window = w
			c, err := Dial(context.Background(), addr, cfg)
			require.NoError(b, err)
			defer c.Close()
			benchSubmit(b, c, w)
		})
	}
}

func BenchmarkSubmitClient(b *testing.B) {
	for _, w := range []int{1, 16, 64} {
		b.Run("W="+strconv.Itoa(w), func(b *testing.B) {
			cfg := clientConfig()
			cfg.Window = w
			benchSubmit(b, fastPeer(b, cfg), w)
		})
	}
}

// answerSubmit answers a SUBMIT at once, as a fast gateway does.
func answerSubmit(w ResponseWriter, r *Request) {
	w.Respond(&cmpp.SubmitResp{MsgID: cmpp.MsgID(r.Header.SequenceID)})
}
