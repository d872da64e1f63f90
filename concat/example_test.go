package concat_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
)

// Send a long Chinese text as UCS2 segments: SubmitText picks UCS2 (the
// text is not all ASCII), cuts 67 characters a segment and fills in
// Pk_total, Pk_number, TP_udhi and the UDH of each SUBMIT.
func ExampleSubmitText() {
	refs := new(concat.RefCounter) // one per process; NewRefCounter starts at random
	tmpl := &cmpp.Submit{
		RegisteredDelivery: 1,
		ServiceID:          []byte("NEWS"),
		MsgSrc:             []byte("901234"),
		FeeType:            []byte("01"),
		SrcID:              []byte("1065801234"),
		DestTerminalIDs:    [][]byte{[]byte("13800138000")},
	}
	text := strings.Repeat("中国移动互联网短信网关长短信示例。", 10) // 170 characters
	subs, err := concat.SubmitText(tmpl, text, refs.Next8())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range subs {
		fmt.Printf("Pk %d/%d TP_udhi %d Msg_Fmt %d Msg_Length %d UDH % x\n",
			s.PkNumber, s.PkTotal, s.TPUDHI, s.MsgFmt, len(s.MsgContent), s.MsgContent[:6])
		// b, err := cmpp.Append(buf[:0], seq.Next(), s) … write b
	}
	// Output:
	// Pk 1/3 TP_udhi 1 Msg_Fmt 8 Msg_Length 140 UDH 05 00 03 01 03 01
	// Pk 2/3 TP_udhi 1 Msg_Fmt 8 Msg_Length 140 UDH 05 00 03 01 03 02
	// Pk 3/3 TP_udhi 1 Msg_Fmt 8 Msg_Length 78 UDH 05 00 03 01 03 03
}

// Count segments before sending, to show or bill them.
func ExampleChoose() {
	for _, text := range []string{
		"Your code is 123456",
		strings.Repeat("x", 200),
		strings.Repeat("你好", 40),
	} {
		p, err := concat.Choose(text, false)
		fmt.Println(p.Codec.Fmt(), len(p.Content), p.Segments, err)
	}
	// Output:
	// ASCII 19 1 <nil>
	// ASCII 200 2 <nil>
	// UCS2 160 2 <nil>
}

// Join received segments: feed every DELIVER to one Reassembler (shared by
// all connections) and act on what it hands back.
func ExampleReassembler() {
	r := concat.NewReassembler(concat.Config{Timeout: 5 * time.Minute})
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

	// Three segments of a UCS2 message, arriving out of order with the
	// TP_udhi 0x40 some gateways send.
	parts := [][]byte{
		{0x05, 0x00, 0x03, 0x42, 0x03, 0x01, 0x4f, 0x60},
		{0x05, 0x00, 0x03, 0x42, 0x03, 0x02, 0x59, 0x7d},
		{0x05, 0x00, 0x03, 0x42, 0x03, 0x03, 0xff, 0x01},
	}
	for _, i := range []int{2, 0, 1} {
		d := &cmpp.Deliver{
			DestID:        []byte("10658"),
			SrcTerminalID: []byte("13800138000"),
			TPUDHI:        0x40,
			MsgFmt:        cmpp.FmtUCS2,
			MsgContent:    parts[i], // may alias a reused read buffer: Add copies
		}
		msgs, err := r.Add(now, d)
		if err != nil {
			fmt.Println("bad UDH:", err)
			continue
		}
		for _, m := range msgs {
			c, ok := cmppenc.ForFmt(m.Deliver.MsgFmt)
			if !ok || c == cmppenc.Binary || c == cmppenc.BinarySIM {
				fmt.Printf("%s from %s: %d octets of binary content\n", m.Status, m.Deliver.SrcTerminalID, len(m.Deliver.MsgContent))
				continue
			}
			text, err := c.AppendDecode(nil, m.Deliver.MsgContent)
			fmt.Printf("%s from %s: %q %v (%d parts, missing %v)\n",
				m.Status, m.Deliver.SrcTerminalID, text, err, m.Total, m.Missing)
		}
	}
	// Call r.Expire(time.Now()) from a ticker: incomplete messages come
	// back as StatusExpired with their missing segments listed.
	fmt.Println(r.Expire(now.Add(time.Hour)))
	// Output:
	// complete from 13800138000: "你好！" <nil> (3 parts, missing [])
	// []
}

// A gateway's side: split a long MO into DELIVERs for the SP, and join
// the SUBMIT segments of a long MT an SP sends.
func ExampleReassembler_AddSubmit() {
	// An MO of 100 characters to the SP: two DELIVERs.
	mo := &cmpp.Deliver{DestID: []byte("1065801234"), ServiceID: []byte("NEWS"), SrcTerminalID: []byte("13800138000")}
	ds, err := concat.DeliverText(mo, strings.Repeat("查询", 50), concat.Ref8(7))
	fmt.Println(len(ds), ds[0].TPUDHI, ds[0].MsgFmt, err)

	// A long MT from the SP, its segments arriving out of order.
	tmpl := &cmpp.Submit{MsgSrc: []byte("901234"), SrcID: []byte("1065801234"), DestTerminalIDs: [][]byte{[]byte("13800138000")}}
	subs, _ := concat.SubmitText(tmpl, strings.Repeat("下行", 50), concat.Ref8(9))
	r := concat.NewReassembler(concat.Config{})
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, i := range []int{1, 0} {
		msgs, err := r.AddSubmit(now, subs[i])
		for _, m := range msgs {
			text, _ := cmppenc.UCS2.AppendDecode(nil, m.Submit.MsgContent)
			fmt.Println(m.Status, m.Total, len([]rune(string(text))), err)
		}
	}
	// Output:
	// 2 1 UCS2 <nil>
	// complete 2 100 <nil>
}
