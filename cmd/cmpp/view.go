package main

import (
	"errors"
	"reflect"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/go-cmpp/cmpp/encoding"
	"github.com/go-cmpp/cmpp/internal/layout"
)

// The PDU bodies come from layout.Tables, the spec's field tables, read
// with reflection. The two report structures inside Msg_Content are not in
// those tables (yet), so they are written out here, in the same form, from
// spec reference §6.8.1 and §7.1.1.
var (
	// reportFields is the status report of a DELIVER with
	// Registered_Delivery 1 or a FWD with Msg_Fwd_Type 2 (cmpp.Report).
	// Dest_terminal_Id is 21 octets in the 60-octet 2.0 form.
	reportFields = []layout.Field{
		{Name: "Msg_Id", Width: 8, Kind: layout.MsgID, GoName: "MsgID"},
		{Name: "Stat", Width: 7, Kind: layout.Octets, GoName: "Stat"},
		{Name: "Submit_time", Width: 10, Kind: layout.Octets, GoName: "SubmitTime"},
		{Name: "Done_time", Width: 10, Kind: layout.Octets, GoName: "DoneTime"},
		{Name: "Dest_terminal_Id", Width: 32, Kind: layout.Octets, GoName: "DestTerminalID"},
		{Name: "SMSC_sequence", Width: 4, Kind: layout.Num, GoName: "SMSCSequence"},
	}
	// moReportFields is the MO status report of a FWD with Msg_Fwd_Type 3
	// (cmpp.MOReport).
	moReportFields = []layout.Field{
		{Name: "Msg_Id", Width: 8, Kind: layout.MsgID, GoName: "MsgID"},
		{Name: "Stat", Width: 7, Kind: layout.Octets, GoName: "Stat"},
		{Name: "CMPP_DELIVER_time", Width: 10, Kind: layout.Octets, GoName: "DeliverTime"},
		{Name: "CMPP_DELIVER_RESP_time", Width: 10, Kind: layout.Octets, GoName: "DeliverRespTime"},
		{Name: "Dest_Id", Width: 21, Kind: layout.Octets, GoName: "DestID"},
		{Name: "Reserved", Width: 4, Kind: layout.Auth, GoName: "Reserved"},
	}
)

// Keys of the JSON form that are not spec field names.
const (
	keyReport   = "Report"   // the status report in Msg_Content
	keyMOReport = "MOReport" // the MO report in a FWD's Msg_Content
	keyUDH      = "UDH"      // the User Data Header at the start of Msg_Content
	keyBody     = "Body"     // the body of a Command_Id the spec does not define
)

// newPacket returns an empty value of the body type for id, for encode.
// Every Command_Id of layout.Tables is here (TestNewPacketCoversTables).
var newPacket = map[cmpp.CommandID]func() cmpp.Packet{
	cmpp.CmdConnect:               func() cmpp.Packet { return new(cmpp.Connect) },
	cmpp.CmdConnectResp:           func() cmpp.Packet { return new(cmpp.ConnectResp) },
	cmpp.CmdTerminate:             func() cmpp.Packet { return new(cmpp.Terminate) },
	cmpp.CmdTerminateResp:         func() cmpp.Packet { return new(cmpp.TerminateResp) },
	cmpp.CmdSubmit:                func() cmpp.Packet { return new(cmpp.Submit) },
	cmpp.CmdSubmitResp:            func() cmpp.Packet { return new(cmpp.SubmitResp) },
	cmpp.CmdDeliver:               func() cmpp.Packet { return new(cmpp.Deliver) },
	cmpp.CmdDeliverResp:           func() cmpp.Packet { return new(cmpp.DeliverResp) },
	cmpp.CmdQuery:                 func() cmpp.Packet { return new(cmpp.Query) },
	cmpp.CmdQueryResp:             func() cmpp.Packet { return new(cmpp.QueryResp) },
	cmpp.CmdCancel:                func() cmpp.Packet { return new(cmpp.Cancel) },
	cmpp.CmdCancelResp:            func() cmpp.Packet { return new(cmpp.CancelResp) },
	cmpp.CmdActiveTest:            func() cmpp.Packet { return new(cmpp.ActiveTest) },
	cmpp.CmdActiveTestResp:        func() cmpp.Packet { return new(cmpp.ActiveTestResp) },
	cmpp.CmdFwd:                   func() cmpp.Packet { return new(cmpp.Fwd) },
	cmpp.CmdFwdResp:               func() cmpp.Packet { return new(cmpp.FwdResp) },
	cmpp.CmdMTRoute:               func() cmpp.Packet { return new(cmpp.MTRoute) },
	cmpp.CmdMTRouteResp:           func() cmpp.Packet { return new(cmpp.MTRouteResp) },
	cmpp.CmdMORoute:               func() cmpp.Packet { return new(cmpp.MORoute) },
	cmpp.CmdMORouteResp:           func() cmpp.Packet { return new(cmpp.MORouteResp) },
	cmpp.CmdGetMTRoute:            func() cmpp.Packet { return new(cmpp.GetMTRoute) },
	cmpp.CmdGetMTRouteResp:        func() cmpp.Packet { return new(cmpp.GetMTRouteResp) },
	cmpp.CmdGetMORoute:            func() cmpp.Packet { return new(cmpp.GetMORoute) },
	cmpp.CmdGetMORouteResp:        func() cmpp.Packet { return new(cmpp.GetMORouteResp) },
	cmpp.CmdMTRouteUpdate:         func() cmpp.Packet { return new(cmpp.MTRouteUpdate) },
	cmpp.CmdMTRouteUpdateResp:     func() cmpp.Packet { return new(cmpp.MTRouteUpdateResp) },
	cmpp.CmdMORouteUpdate:         func() cmpp.Packet { return new(cmpp.MORouteUpdate) },
	cmpp.CmdMORouteUpdateResp:     func() cmpp.Packet { return new(cmpp.MORouteUpdateResp) },
	cmpp.CmdPushMTRouteUpdate:     func() cmpp.Packet { return new(cmpp.PushMTRouteUpdate) },
	cmpp.CmdPushMTRouteUpdateResp: func() cmpp.Packet { return new(cmpp.PushMTRouteUpdateResp) },
	cmpp.CmdPushMORouteUpdate:     func() cmpp.Packet { return new(cmpp.PushMORouteUpdate) },
	cmpp.CmdPushMORouteUpdateResp: func() cmpp.Packet { return new(cmpp.PushMORouteUpdateResp) },
}

// fieldsOf returns the spec table of a body, and false for a Command_Id
// the spec does not define.
func fieldsOf(id cmpp.CommandID) ([]layout.Field, bool) {
	f, ok := layout.Tables[uint32(id)]
	return f, ok
}

// content is what the tool makes of a Msg_Content besides its octets.
type content struct {
	raw []byte

	text   string // the text, per Msg_Fmt, of the octets after any UDH
	isText bool
	noText string // why there is no text, for the human form

	hasUDH bool // TP_udhi says a UDH comes first (and no report is expected)
	udhLen int  // its length; 0 when it does not parse
	udh    concat.UDH
	udhErr error

	reportKey    string // keyReport or keyMOReport, or "" when none is expected
	reportFields []layout.Field
	report       reflect.Value // the cmpp.Report or cmpp.MOReport
	reportLen    int           // the layout it was parsed from (71 or 60)
	reportErr    error
}

// analyze looks inside the Msg_Content of p, if it has one.
func analyze(p cmpp.Packet) *content {
	var c content
	var mf cmpp.MsgFmt
	var udhi uint8
	switch p := p.(type) {
	case *cmpp.Submit:
		c.raw, mf, udhi = p.MsgContent, p.MsgFmt, p.TPUDHI
	case *cmpp.Deliver:
		c.raw, mf, udhi = p.MsgContent, p.MsgFmt, p.TPUDHI
		if p.RegisteredDelivery == 1 {
			r, err := p.Report()
			c.setReport(keyReport, reportFields, &r, r.Len, err)
		}
	case *cmpp.Fwd:
		c.raw, mf, udhi = p.MsgContent, p.MsgFmt, p.TPUDHI
		switch p.MsgFwdType {
		case cmpp.FwdMTReport:
			r, err := p.Report()
			c.setReport(keyReport, reportFields, &r, r.Len, err)
		case cmpp.FwdMOReport:
			r, err := p.MOReport()
			c.setReport(keyMOReport, moReportFields, &r, cmpp.MOReportLen, err)
		}
	default:
		return nil
	}
	if c.reportKey != "" {
		c.noText = "status report"
		return &c
	}
	payload := c.raw
	if concat.HasUDHI(udhi) {
		c.hasUDH = true
		var err error
		payload, c.udh, err = concat.Payload(udhi, c.raw)
		if err != nil {
			c.udhErr = err
			c.noText = "the User Data Header does not parse"
			return &c
		}
		c.udhLen = c.udh.Len
	}
	codec, ok := encoding.ForFmt(mf)
	switch {
	case !ok:
		c.noText = "Msg_Fmt " + strconv.Itoa(int(mf)) + " has no text coding"
	case mf == cmpp.FmtBinary || mf == cmpp.FmtSIM:
		c.noText = "binary"
	default:
		t, err := encoding.DecodeString(codec, payload)
		if err != nil {
			c.noText = "not " + mf.String() + ": " + err.Error()
		} else {
			c.text, c.isText = t, true
		}
	}
	return &c
}

func (c *content) setReport(key string, fields []layout.Field, r any, n int, err error) {
	c.reportKey, c.reportFields, c.reportErr = key, fields, err
	if err == nil {
		c.report, c.reportLen = reflect.ValueOf(r).Elem(), n
	}
}

// isText reports whether octets may be shown as a string: valid UTF-8
// without control characters (DESIGN §7).
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// octetsOf returns the octets of a []byte or [N]byte field.
func octetsOf(v reflect.Value) []byte {
	if v.Kind() == reflect.Array {
		b := make([]byte, v.Len())
		reflect.Copy(reflect.ValueOf(b), v)
		return b
	}
	return v.Bytes()
}

// trimNUL drops trailing 0x00 octets (a [N]byte field keeps its padding;
// the JSON form drops it, as for every octet string).
func trimNUL(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// specError pulls the field and the reason out of a library error, for
// lines that already say which PDU they are about.
func specError(err error) string {
	var ee *cmpp.EncodeError
	if errors.As(err, &ee) && ee.Field != "" {
		return ee.Field + ": " + ee.Err.Error()
	}
	return err.Error()
}
