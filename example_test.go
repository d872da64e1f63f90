package cmpp_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/go-cmpp/cmpp"
)

// Log in: build a CONNECT (the clock is read once, so the timestamp and the
// authenticator agree), and check the gateway's answer.
func ExampleNewConnect() {
	cst := time.FixedZone("CST", 8*3600)
	req := cmpp.NewConnect("901234", "secret", time.Date(2026, 1, 2, 3, 4, 5, 0, cst))
	pdu, _ := cmpp.Append(nil, 1, req)
	fmt.Printf("%x\n", pdu)

	// The gateway's side: verify, then answer with AuthenticatorISMG.
	fmt.Println("source authenticated:", req.Verify("secret"))
	resp := cmpp.NewConnectResp(req, cmpp.StatusOK, "secret")
	fmt.Printf("AuthenticatorISMG %x\n", resp.AuthenticatorISMG)

	// The SP's side: make sure it talks to the real gateway.
	fmt.Println("gateway authenticated:", resp.Verify(req.AuthenticatorSource, "secret"))
	// Output:
	// 0000002700000001000000013930313233341c39df8b9c01798a8f35c3c785cf91ce300614dc45
	// source authenticated: true
	// AuthenticatorISMG e9ed198350952cc89cfdfb0c747e8438
	// gateway authenticated: true
}

// The authenticators of spec reference §5.4, computed directly.
func ExampleAuthenticatorSource() {
	src := cmpp.AuthenticatorSource("901234", "secret", 102030405)
	ismg := cmpp.AuthenticatorISMG(uint32(cmpp.StatusOK), src, "secret")
	fmt.Printf("%x\n%x\n", src, ismg)
	// Output:
	// 1c39df8b9c01798a8f35c3c785cf91ce
	// e9ed198350952cc89cfdfb0c747e8438
}

// Send a SUBMIT: the encoder derives DestUsr_tl, Msg_Length and
// Total_Length, and Validate checks the spec's limits first.
func ExampleAppend() {
	p := &cmpp.Submit{
		PkTotal: 1, PkNumber: 1,
		RegisteredDelivery: 1,
		ServiceID:          []byte("MNEWS"),
		FeeUserType:        2,
		MsgFmt:             cmpp.FmtUCS2,
		MsgSrc:             []byte("901234"),
		FeeType:            []byte("01"),
		FeeCode:            []byte("000000"),
		SrcID:              []byte("1065712345"),
		DestTerminalIDs:    [][]byte{[]byte("13800138000")},
		MsgContent:         []byte{0x4f, 0x60, 0x59, 0x7d}, // "你好" in UCS2
	}
	if err := p.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	buf := make([]byte, 0, cmpp.MaxPacketLen) // reuse it for every PDU: no allocations
	buf, err := cmpp.Append(buf, 42, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, _ := cmpp.ParseHeader(buf)
	fmt.Println(h.CommandID, h.SequenceID, h.TotalLength)

	// A value longer than its field is refused, never cut.
	p.SrcID = []byte("1065712345678901234567")
	_, err = cmpp.Append(buf[:0], 43, p)
	fmt.Println(err)
	// Output:
	// CMPP_SUBMIT 42 199
	// cmpp: encode CMPP_SUBMIT: Src_Id: value too long for field: 22 octets, field holds 21
}

// Decode a DELIVER carrying a status report (a hand-built fixture) and
// read the report.
func ExampleDeliver_Report() {
	pdu, _ := hex.DecodeString("000000b40000000500000006cfdfbe812345beef3130363537313233343500000000000000000000005356433030303030303100000031333830303133383030300000000000000000000000000000000000000000000001" +
		"47cfdfbe812345beef44454c4956524432353132333132333539323630313031303030313133383030313338303030000000000000000000000000000000000000000000010203040000000000000000000000000000000000000000")
	var dec cmpp.Decoder
	h, p, err := dec.Decode(pdu)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := p.(*cmpp.Deliver)
	fmt.Println(h.CommandID, "Registered_Delivery", d.RegisteredDelivery)
	r, err := d.Report()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("Msg_Id %v (%v)\n", r.MsgID, r.MsgID.Parts())
	fmt.Printf("%s to %s, delivered: %v\n", r.Stat, r.DestTerminalID, r.Delivered())

	// Answer it.
	out, _ := cmpp.Append(nil, h.SequenceID, &cmpp.DeliverResp{MsgID: d.MsgID, Result: cmpp.ResultSuccess})
	fmt.Printf("%x\n", out)
	// Output:
	// CMPP_DELIVER Registered_Delivery 1
	// Msg_Id 0xcfdfbe812345beef (12-31 23:59:58 gw=74565 seq=48879)
	// DELIVRD to 13800138000, delivered: true
	// 000000188000000500000006cfdfbe812345beef00000000
}

// Errors name the field and its offset in the PDU.
func ExampleDecodeError() {
	pdu, _ := hex.DecodeString("0000001800000004000000010000000000000000010100")
	pdu[3] = byte(len(pdu)) // make Total_Length agree, so the body is what is short
	_, _, err := cmpp.Decode(pdu)
	var de *cmpp.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Field, de.Offset, errors.Is(err, cmpp.ErrTruncated))
	}
	fmt.Println(err)
	// Output:
	// Msg_level 23 true
	// cmpp: decode CMPP_SUBMIT: Msg_level at offset 23: truncated
}

// Read PDUs from a TCP stream with a bufio.Scanner.
func ExampleSplitPacket() {
	var stream bytes.Buffer
	_ = cmpp.WritePacket(&stream, 1, &cmpp.ActiveTest{})
	_ = cmpp.WritePacket(&stream, 1, &cmpp.ActiveTestResp{})
	_ = cmpp.WritePacket(&stream, 2, &cmpp.Terminate{})

	sc := bufio.NewScanner(&stream)
	sc.Buffer(make([]byte, cmpp.MaxPacketLen), cmpp.MaxPacketLen)
	sc.Split(cmpp.SplitPacket)
	var dec cmpp.Decoder
	for sc.Scan() {
		h, _, err := dec.Decode(sc.Bytes())
		fmt.Println(h.CommandID, h.SequenceID, err)
	}
	fmt.Println(sc.Err())
	// Output:
	// CMPP_ACTIVE_TEST 1 <nil>
	// CMPP_ACTIVE_TEST_RESP 1 <nil>
	// CMPP_TERMINATE 2 <nil>
	// <nil>
}

// Msg_Id: pack and unpack the parts the ISMG builds it from.
func ExampleNewMsgID() {
	id, err := cmpp.NewMsgID(cmpp.MsgIDParts{Month: 1, Day: 2, Hour: 3, Minute: 4, Second: 5, Gateway: 1001, Sequence: 1})
	fmt.Println(id, err)
	fmt.Println(id.Parts())
	_, err = cmpp.NewMsgID(cmpp.MsgIDParts{Month: 13, Day: 1})
	fmt.Println(err)
	// Output:
	// 0x110c414003e90001 <nil>
	// 01-02 03:04:05 gw=1001 seq=1
	// cmpp: validate Msg_Id month: invalid value: 13 is not 1 to 12
}

// Read the times and the state of a status report.
func ExampleParseReportTime() {
	rep := cmpp.Report{Stat: []byte("MB:0054"), SubmitTime: []byte("2601020304"), DoneTime: []byte("2601020305")}
	submitted, _ := cmpp.ParseReportTime(rep.SubmitTime)
	done, _ := cmpp.ParseReportTime(rep.DoneTime)
	fmt.Println(string(rep.Stat), "=", cmpp.StatText(rep.Stat), "final:", cmpp.StatFinal(rep.Stat))
	fmt.Println("after", done.Sub(submitted), "at", done.UTC())

	// A gateway writes them, in China Standard Time whatever its zone.
	rep.DoneTime = cmpp.AppendReportTime(nil, time.Date(2026, 1, 1, 19, 5, 0, 0, time.UTC))
	fmt.Println(string(rep.DoneTime))
	// Output:
	// MB:0054 = error response from the SMSC final: true
	// after 1m0s at 2026-01-01 19:05:00 +0000 UTC
	// 2601020305
}

// Schedule a SUBMIT and give it a validity period.
func ExampleAppendSMPPTime() {
	s := &cmpp.Submit{}
	s.AtTime = cmpp.AppendSMPPTime(nil, time.Date(2026, 1, 2, 9, 30, 0, 0, cmpp.ChinaStandardTime))
	s.ValidTime, _ = cmpp.AppendSMPPRelative(nil, 48*time.Hour)
	fmt.Println(string(s.AtTime), string(s.ValidTime))
	// Output:
	// 260102093000032+ 000002000000000R
}
