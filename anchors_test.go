package cmpp

// Every codec bug listed in ANCHORS.md §4 (the bugs found in other CMPP
// libraries) has a test showing we don't have it. Where the test lives
// elsewhere, this index says where:
//
//	gocmpp 1 (tiny Total_Length panics)        TestTotalLengthBounds, TestReadPacket
//	gocmpp 2 (legal 3.0 SUBMIT over 3335)      TestLargestSubmit
//	gocmpp 3 (trailing bytes accepted)         TestDecodeTruncated ("trailing"), TestAnchorOldLayoutsRejected
//	gocmpp 4 (60-octet report only)            TestDeliverReport
//	gocmpp 5 (FeeType not trimmed)             TestAnchorGocmpp5FeeTypeTrimmed
//	gocmpp 6 (Msg_Length/DestUsr_tl trusted)   TestEncoderDerivesLengths
//	gocmpp 7 (Source_Addr cut to 6)            TestConnectSourceAddrTooLong
//	gocmpp 8 (AuthenticatorISMG overwritten)   TestAnchorGocmpp8ISMGNotOverwritten
//	gocmpp 9 (4-octet Status cut to 1)         TestConnectRespStatusIsFourOctets
//	gocmpp 10 (String index out of range)      TestCommandIDString
//	go_cmpp 1 (panic on truncated bodies)      TestDecodeTruncated, TestAnchorGoCmpp1BareHeader
//	go_cmpp 2 (Msg_Length past the end)        TestAnchorGoCmpp2MsgLengthPastEnd
//	go_cmpp 3 (report must be 60)              TestDeliverReport
//	go_cmpp 4 (reader max 2048)                TestLargestSubmit
//	go_cmpp 5 (Msg_Length wraps)               TestEncoderDerivesLengths ("300-octet content")
//	go_cmpp 6 (over-long fields overflow)      TestEncoderDerivesLengths ("11-octet Service_Id")
//	go_cmpp 7 (authenticator unpadded)         TestAuthenticatorSourcePadsShortSPID
//	go_cmpp 8 (clock read twice)               TestNewConnectReadsClockOnce
//	go-sms-protocol 1 (truncation swallowed)   TestDecodeTruncated
//	go-sms-protocol 2 (Total_Length < 4, 4 GiB) TestReadPacket, TestSplitPacketErrors
//	go-sms-protocol 3 (60-octet report)        TestDeliverReport
//	go-sms-protocol 4 (caller's Msg_Length)    TestEncoderDerivesLengths
//	go-sms-protocol 5 (Msg_Id not masked)      TestMsgIDRejectsOutOfRange
//	go-sms-protocol 6 (account not padded)     TestAuthenticatorSourcePadsShortSPID
//	cmpp-rs (filler '0', short-value panic, desync, underflow, 21-bit gateway,
//	  TERMINATE_RESP as request, u8 length)    TestAuthenticatorSourceFillerIsZeroOctets,
//	                                           TestAnchorShortValuesPad, TestSplitPacketErrors,
//	                                           TestTotalLengthBounds, TestMsgIDRejectsOutOfRange,
//	                                           TestAnchorCmppRsTerminateResp, TestLargestSubmit
//	cmpp-rust (non-UTF-8 panic, short bodies, 3335 cap, zero ISMG authenticator)
//	                                           TestAnchorNonUTF8Octets, TestDecodeTruncated,
//	                                           TestLargestSubmit, TestAuthenticatorKnownAnswers
//	itio-codec-cmpp (no Total_Length bound, negative body length)
//	                                           TestTotalLengthBounds
//	SMSGate (unknown Command_Id null lookup)   TestUnknownCommand
//	Wireshark (ISMG code >>16, Src_Id 17 of 21, QUERY_RESP name, > 1000 octets, 2.0 layouts)
//	                                           TestMsgID, TestAnchorWiresharkSrcIDWhole,
//	                                           TestCommandIDString, TestLargestSubmit,
//	                                           TestAnchorOldLayoutsRejected
//
// The UDH and long-message bugs (itio's UDH parser, SMSGate's duplicate
// segment, wrong 16-bit IEI) are tested in package concat.

import (
	"bytes"
	"errors"
	"testing"
)

func TestAnchorGocmpp5FeeTypeTrimmed(t *testing.T) {
	b, err := Append(nil, 1, &Submit{FeeType: []byte("1")})
	if err != nil {
		t.Fatal(err)
	}
	_, p, _ := Decode(b)
	if got := p.(*Submit).FeeType; string(got) != "1" {
		t.Errorf("FeeType %q round-trips to %q", "1", got)
	}
}

func TestAnchorGocmpp8ISMGNotOverwritten(t *testing.T) {
	var auth [16]byte
	copy(auth[:], "0123456789abcdef")
	b, _ := Append(nil, 1, &ConnectResp{AuthenticatorISMG: auth, Version: Version30})
	if !bytes.Equal(b[16:32], auth[:]) {
		t.Errorf("AuthenticatorISMG on the wire is %x, not the value given", b[16:32])
	}
}

func TestAnchorGoCmpp1BareHeader(t *testing.T) {
	// A bare 12-octet header carrying CMPP_DELIVER.
	_, _, err := Decode(header(12, CmdDeliver, 1))
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "Msg_Id" || de.Offset != 12 || !errors.Is(err, ErrTruncated) {
		t.Errorf("err = %v", err)
	}
}

func TestAnchorGoCmpp2MsgLengthPastEnd(t *testing.T) {
	b, _ := Append(nil, 1, &Deliver{MsgContent: []byte("abc")})
	b[12+76] = 200 // Msg_Length claims 200 octets; 23 are left
	_, _, err := Decode(b)
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "Msg_Content" || de.Offset != 89 || !errors.Is(err, ErrTruncated) {
		t.Errorf("err = %v", err)
	}
}

func TestAnchorShortValuesPad(t *testing.T) {
	b, err := Append(nil, 1, &MTRoute{SourceID: []byte("1"), TerminalID: nil})
	if err != nil || len(b) != 12+27 || b[12] != '1' || !bytes.Equal(b[13:], make([]byte, 26)) {
		t.Errorf("Append = %x, %v", b, err)
	}
}

func TestAnchorCmppRsTerminateResp(t *testing.T) {
	_, p, err := Decode(header(12, CmdTerminateResp, 1))
	if _, ok := p.(*TerminateResp); err != nil || !ok {
		t.Errorf("TERMINATE_RESP decodes as %T, %v", p, err)
	}
}

func TestAnchorNonUTF8Octets(t *testing.T) {
	// Wireshark sample 31: a Source_Addr octet 0xB9 and an all-0xFF
	// authenticator. Octet strings are octets; nothing is converted.
	pdu := mustHex(t, "00000027000000010000001939303132b900ffffffffffffffffffffffffffffffff3049632b76")
	_, p, err := Decode(pdu)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.(*Connect); !bytes.Equal(c.SourceAddr, []byte("9012\xb9")) || c.Timestamp != 1231235958 {
		t.Errorf("Connect = %+v", c)
	}
	if out, _ := Append(nil, 0x19, p); !bytes.Equal(out, pdu) {
		t.Error("re-encoding differs")
	}
}

func TestAnchorWiresharkSrcIDWhole(t *testing.T) {
	src := []byte("106571234567890123456") // all 21 octets
	b, _ := Append(nil, 1, &Submit{SrcID: src})
	_, p, _ := Decode(b)
	if got := p.(*Submit).SrcID; !bytes.Equal(got, src) {
		t.Errorf("Src_Id = %q", got)
	}
}

// 2.0-layout PDUs sent as 3.0 (Wireshark samples 20–22) are errors, not
// garbage values.
func TestAnchorOldLayoutsRejected(t *testing.T) {
	for _, tc := range []struct{ name, hex string }{
		{"2.0 CONNECT_RESP", "0000001e800000010000000e00a0a1a2a3a4a5a6a7a8a9aaabacadaeaf20"},
		{"2.0 SUBMIT", "000000a9000000040000000f000000000000000001010102535643303030303030310331333830303133383030300000000000000000000000000f393031323334303230303030313000000000000000000000000000000000000000000000000000000000000000000000313036353731323334350000000000000000000000013133383030313338303030000000000000000000000a48656c6c6f20434d50500000000000000000"},
		{"2.0 DELIVER report", "0000009100000005" + "00000010cfdfbe812345beef31303635373132333435000000000000000000000053564330303030303031000000313339303031333930303000000000000000000000013ccfdfbe812345beef44454c495652443235313233313233353932363031303130303031313338303031333830303000000000000000000000010203040000000000000000"},
	} {
		_, _, err := Decode(mustHex(t, tc.hex))
		var de *DecodeError
		if !errors.As(err, &de) || !(errors.Is(err, ErrTruncated) || errors.Is(err, ErrTrailingBytes)) {
			t.Errorf("%s: err = %v, want a truncation or trailing-bytes error", tc.name, err)
		}
	}
}
