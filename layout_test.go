package cmpp

// The spec's field tables (spec reference §6–§8), written out once as test
// data. They drive the golden dumps, the truncation sweep and the body
// length checks, so a field that is misplaced in the codec shows up in
// three tests at once. Nothing here is used by the codec itself.

import (
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type fieldKind int

const (
	kNum     fieldKind = iota // unsigned integer, decimal
	kInt                      // signed integer (Last_route_Id)
	kMsgID                    // Msg_Id, 0x%016x
	kOctets                   // fixed-width Octet String, trailing NULs trimmed
	kRaw                      // fixed-width Octet String kept whole (FWD gateway codes)
	kAuth                     // 16-octet authenticator, hex
	kCount                    // derived count/length: len(goName)
	kRepeat                   // goName is [][]byte, width octets each
	kContent                  // Msg_Content: len(goName) octets, hex
)

type layoutField struct {
	name   string // spec spelling
	width  int    // octets (per element for kRepeat; 0 for kContent)
	kind   fieldKind
	goName string // field of the Go struct
}

// Runs shared by several route PDUs, as in route.go.
var (
	lfGateway = []layoutField{{"Destination_Id", 6, kOctets, "DestinationID"}, {"Gateway_IP", 15, kOctets, "GatewayIP"}, {"Gateway_port", 2, kNum, "GatewayPort"}}
	lfMTRange = []layoutField{{"Start_Id", 9, kOctets, "StartID"}, {"End_Id", 9, kOctets, "EndID"}, {"Area_code", 4, kOctets, "AreaCode"}}
	lfSP      = []layoutField{{"SP_Id", 6, kOctets, "SPID"}, {"SP_Code", 21, kOctets, "SPCode"}, {"SP_AcessType", 1, kNum, "SPAccessType"}}
	lfCodes   = []layoutField{{"Start_code", 4, kNum, "StartCode"}, {"End_code", 4, kNum, "EndCode"}}
	lfTS      = layoutField{"Time_stamp", 14, kOctets, "TimeStamp"}
)

func cat(parts ...any) []layoutField {
	var out []layoutField
	for _, p := range parts {
		switch v := p.(type) {
		case layoutField:
			out = append(out, v)
		case []layoutField:
			out = append(out, v...)
		default:
			panic(fmt.Sprintf("cat: %T", p))
		}
	}
	return out
}

var layouts = map[CommandID][]layoutField{
	CmdConnect: {
		{"Source_Addr", 6, kOctets, "SourceAddr"}, {"AuthenticatorSource", 16, kAuth, "AuthenticatorSource"},
		{"Version", 1, kNum, "Version"}, {"Timestamp", 4, kNum, "Timestamp"},
	},
	CmdConnectResp: {
		{"Status", 4, kNum, "Status"}, {"AuthenticatorISMG", 16, kAuth, "AuthenticatorISMG"}, {"Version", 1, kNum, "Version"},
	},
	CmdTerminate:     {},
	CmdTerminateResp: {},
	CmdSubmit: {
		{"Msg_Id", 8, kMsgID, "MsgID"}, {"Pk_total", 1, kNum, "PkTotal"}, {"Pk_number", 1, kNum, "PkNumber"},
		{"Registered_Delivery", 1, kNum, "RegisteredDelivery"}, {"Msg_level", 1, kNum, "MsgLevel"},
		{"Service_Id", 10, kOctets, "ServiceID"}, {"Fee_UserType", 1, kNum, "FeeUserType"},
		{"Fee_terminal_Id", 32, kOctets, "FeeTerminalID"}, {"Fee_terminal_type", 1, kNum, "FeeTerminalType"},
		{"TP_pId", 1, kNum, "TPPID"}, {"TP_udhi", 1, kNum, "TPUDHI"}, {"Msg_Fmt", 1, kNum, "MsgFmt"},
		{"Msg_src", 6, kOctets, "MsgSrc"}, {"FeeType", 2, kOctets, "FeeType"}, {"FeeCode", 6, kOctets, "FeeCode"},
		{"ValId_Time", 17, kOctets, "ValidTime"}, {"At_Time", 17, kOctets, "AtTime"}, {"Src_Id", 21, kOctets, "SrcID"},
		{"DestUsr_tl", 1, kCount, "DestTerminalIDs"}, {"Dest_terminal_Id", 32, kRepeat, "DestTerminalIDs"},
		{"Dest_terminal_type", 1, kNum, "DestTerminalType"}, {"Msg_Length", 1, kCount, "MsgContent"},
		{"Msg_Content", 0, kContent, "MsgContent"}, {"LinkID", 20, kOctets, "LinkID"},
	},
	CmdSubmitResp: {{"Msg_Id", 8, kMsgID, "MsgID"}, {"Result", 4, kNum, "Result"}},
	CmdDeliver: {
		{"Msg_Id", 8, kMsgID, "MsgID"}, {"Dest_Id", 21, kOctets, "DestID"}, {"Service_Id", 10, kOctets, "ServiceID"},
		{"TP_pid", 1, kNum, "TPPID"}, {"TP_udhi", 1, kNum, "TPUDHI"}, {"Msg_Fmt", 1, kNum, "MsgFmt"},
		{"Src_terminal_Id", 32, kOctets, "SrcTerminalID"}, {"Src_terminal_type", 1, kNum, "SrcTerminalType"},
		{"Registered_Delivery", 1, kNum, "RegisteredDelivery"}, {"Msg_Length", 1, kCount, "MsgContent"},
		{"Msg_Content", 0, kContent, "MsgContent"}, {"LinkID", 20, kOctets, "LinkID"},
	},
	CmdDeliverResp: {{"Msg_Id", 8, kMsgID, "MsgID"}, {"Result", 4, kNum, "Result"}},
	CmdQuery: {
		{"Time", 8, kOctets, "Time"}, {"Query_Type", 1, kNum, "QueryType"}, {"Query_Code", 10, kOctets, "QueryCode"},
		{"Reserve", 8, kOctets, "Reserve"},
	},
	CmdQueryResp: {
		{"Time", 8, kOctets, "Time"}, {"Query_Type", 1, kNum, "QueryType"}, {"Query_Code", 10, kOctets, "QueryCode"},
		{"MT_TLMsg", 4, kNum, "MTTLMsg"}, {"MT_Tlusr", 4, kNum, "MTTLUsr"}, {"MT_Scs", 4, kNum, "MTScs"},
		{"MT_WT", 4, kNum, "MTWT"}, {"MT_FL", 4, kNum, "MTFL"}, {"MO_Scs", 4, kNum, "MOScs"},
		{"MO_WT", 4, kNum, "MOWT"}, {"MO_FL", 4, kNum, "MOFL"},
	},
	CmdCancel:         {{"Msg_Id", 8, kMsgID, "MsgID"}},
	CmdCancelResp:     {{"Success_Id", 4, kNum, "SuccessID"}},
	CmdActiveTest:     {},
	CmdActiveTestResp: {{"Reserved", 1, kNum, "Reserved"}},
	CmdFwd: {
		{"Source_Id", 6, kRaw, "SourceID"}, {"Destination_Id", 6, kRaw, "DestinationID"},
		{"NodesCount", 1, kNum, "NodesCount"}, {"Msg_Fwd_Type", 1, kNum, "MsgFwdType"}, {"Msg_Id", 8, kMsgID, "MsgID"},
		{"Pk_total", 1, kNum, "PkTotal"}, {"Pk_number", 1, kNum, "PkNumber"},
		{"Registered_Delivery", 1, kNum, "RegisteredDelivery"}, {"Msg_level", 1, kNum, "MsgLevel"},
		{"Service_Id", 10, kOctets, "ServiceID"}, {"Fee_UserType", 1, kNum, "FeeUserType"},
		{"Fee_terminal_Id", 21, kOctets, "FeeTerminalID"}, {"Fee_terminal_Pseudo", 32, kOctets, "FeeTerminalPseudo"},
		{"Fee_terminal_UserType", 1, kNum, "FeeTerminalUserType"}, {"TP_pid", 1, kNum, "TPPID"},
		{"TP_udhi", 1, kNum, "TPUDHI"}, {"Msg_Fmt", 1, kNum, "MsgFmt"}, {"Msg_src", 6, kOctets, "MsgSrc"},
		{"FeeType", 2, kOctets, "FeeType"}, {"FeeCode", 6, kOctets, "FeeCode"}, {"Valid_Time", 17, kOctets, "ValidTime"},
		{"At_Time", 17, kOctets, "AtTime"}, {"Src_Id", 21, kOctets, "SrcID"}, {"Src_Pseudo", 32, kOctets, "SrcPseudo"},
		{"Src_UserType", 1, kNum, "SrcUserType"}, {"Src_type", 1, kNum, "SrcType"},
		{"DestUsr_tl", 1, kCount, "DestIDs"}, {"Dest_Id", 21, kRepeat, "DestIDs"},
		{"Dest_Pseudo", 32, kOctets, "DestPseudo"}, {"Dest_UserType", 1, kNum, "DestUserType"},
		{"Msg_Length", 1, kCount, "MsgContent"}, {"Msg_Content", 0, kContent, "MsgContent"}, {"LinkID", 20, kOctets, "LinkID"},
	},
	CmdFwdResp: {
		{"Msg_Id", 8, kMsgID, "MsgID"}, {"Pk_total", 1, kNum, "PkTotal"}, {"Pk_number", 1, kNum, "PkNumber"},
		{"Result", 4, kNum, "Result"},
	},
	CmdMTRoute: {{"Source_Id", 6, kOctets, "SourceID"}, {"Terminal_Id", 21, kOctets, "TerminalID"}},
	CmdMTRouteResp: cat(layoutField{"Route_Id", 4, kNum, "RouteID"}, lfGateway, lfMTRange,
		layoutField{"Result", 1, kNum, "Result"}, layoutField{"User_type", 1, kNum, "UserType"}, lfTS),
	CmdMORoute: {
		{"Source_Id", 6, kOctets, "SourceID"}, {"SP_Code", 21, kOctets, "SPCode"}, {"Service_Id", 10, kOctets, "ServiceID"},
		{"Service_Code", 4, kNum, "ServiceCode"},
	},
	CmdMORouteResp: cat(layoutField{"Route_Id", 4, kNum, "RouteID"}, lfGateway, lfSP, lfCodes,
		layoutField{"Result", 1, kNum, "Result"}, lfTS),
	CmdGetMTRoute: {{"Source_Id", 6, kOctets, "SourceID"}, {"Route_type", 4, kOctets, "RouteType"}, {"Last_route_Id", 4, kInt, "LastRouteID"}},
	CmdGetMORoute: {{"Source_Id", 6, kOctets, "SourceID"}, {"Route_type", 4, kOctets, "RouteType"}, {"Last_route_Id", 4, kInt, "LastRouteID"}},
	CmdGetMTRouteResp: cat(layoutField{"Route_Id", 4, kNum, "RouteID"}, lfGateway, lfMTRange,
		layoutField{"Result", 1, kNum, "Result"}, layoutField{"User_type", 1, kNum, "UserType"},
		layoutField{"Route_total", 4, kNum, "RouteTotal"}, layoutField{"Route_number", 4, kNum, "RouteNumber"}, lfTS),
	CmdGetMORouteResp: cat(layoutField{"Route_Id", 4, kNum, "RouteID"}, lfGateway, lfSP,
		layoutField{"Service_Id", 10, kOctets, "ServiceID"}, lfCodes, layoutField{"Result", 1, kNum, "Result"},
		layoutField{"Route_total", 4, kNum, "RouteTotal"}, layoutField{"Route_number", 4, kNum, "RouteNumber"}, lfTS),
	CmdMTRouteUpdate: cat(layoutField{"Update_type", 1, kNum, "UpdateType"}, layoutField{"Route_Id", 4, kNum, "RouteID"},
		lfGateway, lfMTRange, layoutField{"User_type", 1, kNum, "UserType"}),
	CmdMTRouteUpdateResp: {{"Result", 1, kNum, "Result"}, {"Route_Id", 4, kNum, "RouteID"}, lfTS},
	CmdMORouteUpdate: cat(layoutField{"Update_type", 1, kNum, "UpdateType"}, layoutField{"Route_Id", 4, kNum, "RouteID"},
		lfGateway, lfSP, layoutField{"Service_Id", 10, kOctets, "ServiceID"}, lfCodes),
	CmdMORouteUpdateResp: {{"Result", 1, kNum, "Result"}, {"Route_Id", 4, kNum, "RouteID"}, lfTS},
	CmdPushMTRouteUpdate: cat(layoutField{"Update_type", 1, kNum, "UpdateType"}, layoutField{"Route_Id", 4, kNum, "RouteID"},
		lfGateway, lfMTRange, layoutField{"User_type", 1, kNum, "UserType"}, lfTS),
	CmdPushMTRouteUpdateResp: {{"Result", 1, kNum, "Result"}},
	CmdPushMORouteUpdate: cat(layoutField{"Update_type", 1, kNum, "UpdateType"}, layoutField{"Route_Id", 4, kNum, "RouteID"},
		lfGateway, lfSP, layoutField{"Service_Id", 10, kOctets, "ServiceID"}, lfCodes,
		layoutField{"time_stamp", 14, kOctets, "TimeStamp"}),
	CmdPushMORouteUpdateResp: {{"Result", 1, kNum, "Result"}},
}

// specBodyLen is the body length column of spec reference §4 for the fixed
// PDUs, and the fixed part for the variable ones.
var specBodyLen = map[CommandID]int{
	CmdConnect: 27, CmdConnectResp: 21, CmdTerminate: 0, CmdTerminateResp: 0,
	CmdSubmit: 151, CmdSubmitResp: 12, CmdDeliver: 97, CmdDeliverResp: 12,
	CmdQuery: 27, CmdQueryResp: 51, CmdCancel: 8, CmdCancelResp: 4,
	CmdActiveTest: 0, CmdActiveTestResp: 1, CmdFwd: 252, CmdFwdResp: 14,
	CmdMTRoute: 27, CmdMTRouteResp: 65, CmdMORoute: 41, CmdMORouteResp: 78,
	CmdGetMTRoute: 14, CmdGetMTRouteResp: 73, CmdMTRouteUpdate: 51, CmdMTRouteUpdateResp: 19,
	CmdMORouteUpdate: 74, CmdMORouteUpdateResp: 19, CmdPushMTRouteUpdate: 65, CmdPushMTRouteUpdateResp: 1,
	CmdPushMORouteUpdate: 88, CmdPushMORouteUpdateResp: 1, CmdGetMORoute: 14, CmdGetMORouteResp: 96,
}

// TestLayoutLengths checks the layout tables against the spec's body
// lengths (variable parts at zero), and the codec's bodyLen against both.
func TestLayoutLengths(t *testing.T) {
	var d Decoder
	for id, want := range specBodyLen {
		fixed := 0
		for _, f := range layouts[id] {
			if f.kind != kRepeat && f.kind != kContent {
				fixed += f.width
			}
		}
		if fixed != want {
			t.Errorf("%v: layout table sums to %d, spec says %d", id, fixed, want)
		}
		if got := d.packet(id).bodyLen(); got != want {
			t.Errorf("%v: zero-value bodyLen() = %d, want %d", id, got, want)
		}
	}
	if len(layouts) != 32 || len(specBodyLen) != 32 {
		t.Errorf("tables cover %d/%d PDUs, want 32", len(layouts), len(specBodyLen))
	}
}

// span is one field of a decoded PDU: where it is and what it holds.
type span struct {
	name       string
	off, width int
	value      string
}

// spans lays out a decoded PDU field by field in wire order, using the
// layout table and the values of the decoded struct: the header, then the
// body, with a status report expanded after Msg_Content.
func spans(t testing.TB, h Header, p Packet) []span {
	t.Helper()
	out := []span{
		{"Total_Length", 0, 4, fmt.Sprint(h.TotalLength)},
		{"Command_Id", 4, 4, h.CommandID.String()},
		{"Sequence_Id", 8, 4, fmt.Sprint(h.SequenceID)},
	}
	lay, ok := layouts[h.CommandID]
	if !ok {
		t.Fatalf("no layout for %v", h.CommandID)
	}
	v := reflect.ValueOf(p).Elem()
	off := HeaderLen
	for _, f := range lay {
		fv := v.FieldByName(f.goName)
		if !fv.IsValid() {
			t.Fatalf("%v: no Go field %s for %s", h.CommandID, f.goName, f.name)
		}
		switch f.kind {
		case kNum:
			out = append(out, span{f.name, off, f.width, fmt.Sprint(fv.Uint())})
		case kInt:
			out = append(out, span{f.name, off, f.width, fmt.Sprint(fv.Int())})
		case kMsgID:
			out = append(out, span{f.name, off, f.width, fmt.Sprintf("0x%016x", fv.Uint())})
		case kOctets, kRaw:
			out = append(out, span{f.name, off, f.width, renderOctets(fv.Bytes())})
		case kAuth:
			b := make([]byte, 16)
			reflect.Copy(reflect.ValueOf(b), fv)
			out = append(out, span{f.name, off, f.width, "hex:" + hex.EncodeToString(b)})
		case kCount:
			out = append(out, span{f.name, off, f.width, fmt.Sprint(fv.Len())})
		case kRepeat:
			for i := range fv.Len() {
				out = append(out, span{f.name, off, f.width, renderOctets(fv.Index(i).Bytes())})
				off += f.width
			}
			continue
		case kContent:
			c := fv.Bytes()
			out = append(out, span{f.name, off, len(c), "hex:" + hex.EncodeToString(c)})
			out = append(out, reportSpans(p, off)...)
			off += len(c)
			continue
		}
		off += f.width
	}
	return out
}

// reportSpans expands the status report in a DELIVER's or FWD's content.
func reportSpans(p Packet, off int) []span {
	var rep *Report
	var mo *MOReport
	switch p := p.(type) {
	case *Deliver:
		if r, err := p.Report(); err == nil {
			rep = &r
		}
	case *Fwd:
		if r, err := p.Report(); err == nil {
			rep = &r
		} else if r, err := p.MOReport(); err == nil {
			mo = &r
		}
	}
	var out []span
	add := func(name string, width int, value string) {
		out = append(out, span{name, off, width, value})
		off += width
	}
	switch {
	case rep != nil:
		add("Report.Msg_Id", 8, fmt.Sprintf("0x%016x", uint64(rep.MsgID)))
		add("Report.Stat", 7, renderOctets(rep.Stat))
		add("Report.Submit_time", 10, renderOctets(rep.SubmitTime))
		add("Report.Done_time", 10, renderOctets(rep.DoneTime))
		add("Report.Dest_terminal_Id", rep.Len-39, renderOctets(rep.DestTerminalID))
		add("Report.SMSC_sequence", 4, fmt.Sprint(rep.SMSCSequence))
	case mo != nil:
		add("MOReport.Msg_Id", 8, fmt.Sprintf("0x%016x", uint64(mo.MsgID)))
		add("MOReport.Stat", 7, renderOctets(mo.Stat))
		add("MOReport.CMPP_DELIVER_time", 10, renderOctets(mo.DeliverTime))
		add("MOReport.CMPP_DELIVER_RESP_time", 10, renderOctets(mo.DeliverRespTime))
		add("MOReport.Dest_Id", 21, renderOctets(mo.DestID))
		add("MOReport.Reserved", 4, "hex:"+hex.EncodeToString(mo.Reserved[:]))
	}
	return out
}

// renderOctets prints a decoded Octet String: quoted when it is plain
// printable ASCII, hex otherwise.
func renderOctets(b []byte) string {
	for _, c := range b {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return "hex:" + hex.EncodeToString(b)
		}
	}
	return `"` + string(b) + `"`
}

// dump renders spans in the .golden format.
func dump(ss []span) string {
	var sb strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&sb, "%04d %d %s %s\n", s.off, s.width, s.name, s.value)
	}
	return sb.String()
}
