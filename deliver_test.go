package cmpp

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 71-octet 3.0 report, by hand from spec reference §6.8.1:
//
//	Msg_Id           cfdfbe812345beef
//	Stat             "DELIVRD"
//	Submit_time      "2512312359"
//	Done_time        "2601010001"
//	Dest_terminal_Id "13800138000" + 21 NULs (32 octets)
//	SMSC_sequence    424242 = 00067932
const report71Hex = "cfdfbe812345beef" + "44454c49565244" + "32353132333132333539" + "32363031303130303031" +
	"3133383030313338303030" + "000000000000000000000000000000000000000000" + "00067932"

// The 60-octet 2.0 form: Dest_terminal_Id is 21 octets.
const report60Hex = "cfdfbe812345beef" + "554e44454c4956" + "32353132333132333539" + "32363031303130303031" +
	"3133383030313338303030" + "00000000000000000000" + "00000007"

// gocmpp bug 4, hujm2023 bug 3, go_cmpp bug 3: a 71-octet 3.0 report is
// read with a 32-octet Dest_terminal_Id (SMSC_sequence from the right
// place), and the 60-octet form real gateways send is accepted too.
func TestDeliverReport(t *testing.T) {
	for _, tc := range []struct {
		name, content, stat, dest string
		seq                       uint32
		delivered                 bool
	}{
		{"71 octets", report71Hex, "DELIVRD", "13800138000", 424242, true},
		{"60 octets", report60Hex, "UNDELIV", "13800138000", 7, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Deliver{RegisteredDelivery: 1, MsgContent: mustHex(t, tc.content)}
			r, err := d.Report()
			require.NoError(t, err)
			assert.Equal(t, Report{MsgID: 0xcfdfbe812345beef, Stat: []byte(tc.stat), SubmitTime: []byte("2512312359"),
				DoneTime: []byte("2601010001"), DestTerminalID: []byte(tc.dest), SMSCSequence: tc.seq, Len: len(d.MsgContent)}, r)
			assert.Equal(t, tc.delivered, r.Delivered())
			// Re-encoding always gives the 71-octet form.
			out, err := r.AppendBinary(nil)
			require.NoError(t, err)
			assert.Len(t, out, ReportLen)
			if tc.name == "71 octets" {
				assert.Equal(t, report71Hex, hex.EncodeToString(out))
			}
		})
	}
}

func TestDeliverReportErrors(t *testing.T) {
	// 70 octets: neither form. The error points at Msg_Length (PDU offset 88).
	d := &Deliver{RegisteredDelivery: 1, MsgContent: mustHex(t, report71Hex)[:70]}
	_, err := d.Report()
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "Msg_Length" || de.Offset != 88 || !errors.Is(err, ErrInvalid) {
		t.Errorf("70-octet report: %v", err)
	}
	// Not a report at all.
	d = &Deliver{RegisteredDelivery: 0, MsgContent: mustHex(t, report71Hex)}
	if _, err := d.Report(); !errors.As(err, &de) || de.Field != "Registered_Delivery" || de.Offset != 87 {
		t.Errorf("MO message: %v", err)
	}
	// Building a report refuses over-long fields and leaves b alone.
	r := Report{Stat: []byte("DELIVRD!")}
	out, err := r.AppendBinary([]byte("x"))
	var ee *EncodeError
	if !errors.As(err, &ee) || ee.Field != "Stat" || string(out) != "x" {
		t.Errorf("AppendBinary with an 8-octet Stat: %q, %v", out, err)
	}
}

// Sending a report: append a Report into a new DELIVER's content.
func TestDeliverWithAppendedReport(t *testing.T) {
	r := Report{MsgID: 0x110C414003E90001, Stat: []byte("EXPIRED"), SubmitTime: []byte("2601020304"),
		DoneTime: []byte("2601030405"), DestTerminalID: []byte("8613900139000"), SMSCSequence: 1}
	content, err := r.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &Deliver{MsgID: 2, DestID: []byte("1065712345"), SrcTerminalID: []byte("8613900139000"),
		RegisteredDelivery: 1, MsgContent: content}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	pdu, err := Append(nil, 3, d)
	if err != nil || len(pdu) != 180 {
		t.Fatalf("Append: %d octets, %v (a report DELIVER is 180)", len(pdu), err)
	}
	_, p, err := Decode(pdu)
	require.NoError(t, err)
	got, err := p.(*Deliver).Report()
	require.NoError(t, err)
	r.Len = ReportLen
	assert.Equal(t, r, got)
}

// The MO report of a FWD with Msg_Fwd_Type 3, by hand from §7.1.1.
func TestFwdMOReport(t *testing.T) {
	content := mustHex(t, "110c414003e90001"+hex.EncodeToString([]byte("SB:0012"))+
		hex.EncodeToString([]byte("2601020304"))+hex.EncodeToString([]byte("2601020305"))+
		hex.EncodeToString([]byte("1065712345"))+strings.Repeat("00", 11)+"00000000")
	if len(content) != MOReportLen {
		t.Fatalf("hand-built MO report is %d octets", len(content))
	}
	f := &Fwd{MsgFwdType: FwdMOReport, DestIDs: [][]byte{[]byte("13800138000")}, MsgContent: content}
	r, err := f.MOReport()
	require.NoError(t, err)
	assert.Equal(t, MOReport{MsgID: 0x110c414003e90001, Stat: []byte("SB:0012"), DeliverTime: []byte("2601020304"),
		DeliverRespTime: []byte("2601020305"), DestID: []byte("1065712345")}, r)
	out, err := r.AppendBinary(nil)
	require.NoError(t, err)
	assert.Equal(t, content, out)
	// Asking for the wrong kind of report names Msg_Fwd_Type (PDU offset 25).
	var de *DecodeError
	if _, err := f.Report(); !errors.As(err, &de) || de.Field != "Msg_Fwd_Type" || de.Offset != 25 {
		t.Errorf("Report on an MO report: %v", err)
	}
	f.MsgContent = content[:59]
	if _, err := f.MOReport(); !errors.As(err, &de) || de.Field != "Msg_Length" || de.Offset != 12+231+21 {
		t.Errorf("59-octet MO report: %v", err)
	}
	// An MT report in a FWD parses like a DELIVER's.
	f = &Fwd{MsgFwdType: FwdMTReport, DestIDs: [][]byte{nil}, MsgContent: mustHex(t, report71Hex)}
	if r, err := f.Report(); err != nil || r.SMSCSequence != 424242 {
		t.Errorf("FWD MT report: %+v, %v", r, err)
	}
}

func TestValidate(t *testing.T) {
	good := func() *Submit {
		return &Submit{PkTotal: 1, PkNumber: 1, FeeType: []byte("01"), MsgFmt: FmtUCS2,
			DestTerminalIDs: [][]byte{[]byte("13800138000")}, MsgContent: make([]byte, 140)}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("good SUBMIT: %v", err)
	}
	for _, tc := range []struct {
		field string
		mod   func(*Submit)
	}{
		{"DestUsr_tl", func(p *Submit) { p.DestTerminalIDs = nil }},
		{"DestUsr_tl", func(p *Submit) { p.DestTerminalIDs = make([][]byte, 100) }},
		{"Msg_Length", func(p *Submit) { p.MsgContent = make([]byte, 141) }},
		{"Msg_Length", func(p *Submit) { p.MsgFmt = FmtASCII; p.MsgContent = make([]byte, 160) }},
		{"Msg_Fmt", func(p *Submit) { p.MsgFmt = 9 }},
		{"Registered_Delivery", func(p *Submit) { p.RegisteredDelivery = 2 }},
		{"Pk_total", func(p *Submit) { p.PkTotal = 0 }},
		{"Pk_number", func(p *Submit) { p.PkNumber = 2 }},
		{"Fee_UserType", func(p *Submit) { p.FeeUserType = 4 }},
		{"TP_udhi", func(p *Submit) { p.TPUDHI = 0x40 }},
		{"FeeType", func(p *Submit) { p.FeeType = []byte("04") }},
		{"FeeType", func(p *Submit) { p.FeeType = []byte("06") }}, // FWD only
	} {
		p := good()
		tc.mod(p)
		err := p.Validate()
		var ee *EncodeError
		if assert.ErrorAs(t, err, &ee, tc.field) {
			assert.Equal(t, tc.field, ee.Field)
			assert.Equal(t, OpValidate, ee.Op, "a Validate error says it is one")
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), "cmpp: validate CMPP_SUBMIT: "+tc.field+": ")
		}
	}
	ascii := good()
	ascii.MsgFmt, ascii.MsgContent = FmtASCII, make([]byte, 159)
	if err := ascii.Validate(); err != nil {
		t.Errorf("159 octets of ASCII: %v", err)
	}

	// FWD: exactly one destination, 6-digit gateway codes, FeeType 06.
	fwd := &Fwd{SourceID: []byte("001001"), DestinationID: []byte("079101"), PkTotal: 1, PkNumber: 1,
		FeeType: []byte("06"), DestIDs: [][]byte{[]byte("13800138000")}}
	if err := fwd.Validate(); err != nil {
		t.Errorf("good FWD: %v", err)
	}
	fwd.DestIDs = append(fwd.DestIDs, []byte("13900139000"))
	if err := fwd.Validate(); err == nil || !strings.Contains(err.Error(), "DestUsr_tl") {
		t.Errorf("FWD with 2 destinations: %v", err)
	}

	// GNS: Route_type and Last_route_Id.
	if err := (&GetMTRoute{SourceID: []byte("001001"), RouteType: []byte("MT"), LastRouteID: -1}).Validate(); err != nil {
		t.Errorf("first GET_MT_ROUTE: %v", err)
	}
	if err := (&GetMORoute{SourceID: []byte("001001"), RouteType: []byte("MT"), LastRouteID: -1}).Validate(); err == nil {
		t.Error("GET_MO_ROUTE with Route_type MT passed")
	}
	if err := (&MTRouteUpdate{UpdateType: UpdateAdd, RouteID: 5, GatewayIP: []byte("10.1.2.3")}).Validate(); err == nil {
		t.Error("an add with a Route_Id passed")
	}
	if err := (&MORouteUpdate{UpdateType: UpdateModify, RouteID: 5, GatewayIP: []byte("10.1.2.300")}).Validate(); err == nil {
		t.Error("a bad Gateway_IP passed")
	}
}
