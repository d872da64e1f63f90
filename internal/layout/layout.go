// Package layout holds the field tables of the CMPP 3.0 spec (spec
// reference §6–§8) as data: every PDU body, field by field in wire order,
// with its width and the Go field that holds it; and the CMPP 2.0/2.1
// tables of the PDUs whose layout differs (spec reference §12.1), derived
// from the 3.0 ones. The codec reads its field offsets from here
// (offsets.go in package cmpp is rendered from these tables) and walks a
// table to name the field a short body runs out in; its tests use the
// tables to check the codec against the spec (golden dumps, truncation
// offsets, body lengths), and cmd/cmpp uses them to print and read PDUs by
// their spec field names. [For] looks a table up by version and
// Command_Id.
package layout

import "fmt"

// Command_Id values (spec reference §4), repeated here so that this package
// does not import the codec it checks.
const (
	cmdConnect               = 0x00000001
	cmdConnectResp           = 0x80000001
	cmdTerminate             = 0x00000002
	cmdTerminateResp         = 0x80000002
	cmdSubmit                = 0x00000004
	cmdSubmitResp            = 0x80000004
	cmdDeliver               = 0x00000005
	cmdDeliverResp           = 0x80000005
	cmdQuery                 = 0x00000006
	cmdQueryResp             = 0x80000006
	cmdCancel                = 0x00000007
	cmdCancelResp            = 0x80000007
	cmdActiveTest            = 0x00000008
	cmdActiveTestResp        = 0x80000008
	cmdFwd                   = 0x00000009
	cmdFwdResp               = 0x80000009
	cmdMTRoute               = 0x00000010
	cmdMTRouteResp           = 0x80000010
	cmdMORoute               = 0x00000011
	cmdMORouteResp           = 0x80000011
	cmdGetMTRoute            = 0x00000012
	cmdGetMTRouteResp        = 0x80000012
	cmdMTRouteUpdate         = 0x00000013
	cmdMTRouteUpdateResp     = 0x80000013
	cmdMORouteUpdate         = 0x00000014
	cmdMORouteUpdateResp     = 0x80000014
	cmdPushMTRouteUpdate     = 0x00000015
	cmdPushMTRouteUpdateResp = 0x80000015
	cmdPushMORouteUpdate     = 0x00000016
	cmdPushMORouteUpdateResp = 0x80000016
	cmdGetMORoute            = 0x00000017
	cmdGetMORouteResp        = 0x80000017
)

// Kind says how a field is represented.
type Kind int

// The kinds of field.
const (
	Num     Kind = iota // unsigned integer
	Int                 // signed integer (Last_route_Id)
	MsgID               // Msg_Id, 0x%016x
	Octets              // fixed-width Octet String: the value ends at the first 0x00 (but see Field.IsReserve)
	Raw                 // fixed-width Octet String kept whole (FWD gateway codes)
	Auth                // an array kept whole (authenticators, MO report Reserved), hex
	Count               // derived count or length: len(GoName)
	Repeat              // GoName is [][]byte, width octets each
	Content             // Msg_Content: len(GoName) octets, hex
)

// Field is one row of a spec table.
type Field struct {
	Name   string // the spec's spelling
	Width  int    // octets (per element for Repeat; 0 for Content)
	Kind   Kind
	GoName string // the field of the Go struct in package cmpp
}

// IsReserve reports whether f is a Reserve or Reserved field: undefined
// octets rather than a string, so unlike the other Octets fields its value
// is not cut at the first 0x00 (only trailing 0x00 octets are dropped) and
// it is written as given (DESIGN §3).
func (f Field) IsReserve() bool { return f.Name == "Reserve" || f.Name == "Reserved" }

// Runs shared by several route PDUs, as in route.go.
var (
	gateway = []Field{{"Destination_Id", 6, Octets, "DestinationID"}, {"Gateway_IP", 15, Octets, "GatewayIP"}, {"Gateway_port", 2, Num, "GatewayPort"}}
	mtRange = []Field{{"Start_Id", 9, Octets, "StartID"}, {"End_Id", 9, Octets, "EndID"}, {"Area_code", 4, Octets, "AreaCode"}}
	sp      = []Field{{"SP_Id", 6, Octets, "SPID"}, {"SP_Code", 21, Octets, "SPCode"}, {"SP_AcessType", 1, Num, "SPAccessType"}}
	codes   = []Field{{"Start_code", 4, Num, "StartCode"}, {"End_code", 4, Num, "EndCode"}}
	ts      = Field{"Time_stamp", 14, Octets, "TimeStamp"}
)

// cat joins fields and runs of fields.
func cat(parts ...any) []Field {
	var out []Field
	for _, p := range parts {
		switch v := p.(type) {
		case Field:
			out = append(out, v)
		case []Field:
			out = append(out, v...)
		default:
			panic(fmt.Sprintf("cat: %T", p))
		}
	}
	return out
}

// Tables holds the body layout of every PDU, by Command_Id.
var Tables = map[uint32][]Field{
	cmdConnect: {
		{"Source_Addr", 6, Octets, "SourceAddr"}, {"AuthenticatorSource", 16, Auth, "AuthenticatorSource"},
		{"Version", 1, Num, "Version"}, {"Timestamp", 4, Num, "Timestamp"},
	},
	cmdConnectResp: {
		{"Status", 4, Num, "Status"}, {"AuthenticatorISMG", 16, Auth, "AuthenticatorISMG"}, {"Version", 1, Num, "Version"},
	},
	cmdTerminate:     {},
	cmdTerminateResp: {},
	cmdSubmit: {
		{"Msg_Id", 8, MsgID, "MsgID"}, {"Pk_total", 1, Num, "PkTotal"}, {"Pk_number", 1, Num, "PkNumber"},
		{"Registered_Delivery", 1, Num, "RegisteredDelivery"}, {"Msg_level", 1, Num, "MsgLevel"},
		{"Service_Id", 10, Octets, "ServiceID"}, {"Fee_UserType", 1, Num, "FeeUserType"},
		{"Fee_terminal_Id", 32, Octets, "FeeTerminalID"}, {"Fee_terminal_type", 1, Num, "FeeTerminalType"},
		{"TP_pId", 1, Num, "TPPID"}, {"TP_udhi", 1, Num, "TPUDHI"}, {"Msg_Fmt", 1, Num, "MsgFmt"},
		{"Msg_src", 6, Octets, "MsgSrc"}, {"FeeType", 2, Octets, "FeeType"}, {"FeeCode", 6, Octets, "FeeCode"},
		{"ValId_Time", 17, Octets, "ValidTime"}, {"At_Time", 17, Octets, "AtTime"}, {"Src_Id", 21, Octets, "SrcID"},
		{"DestUsr_tl", 1, Count, "DestTerminalIDs"}, {"Dest_terminal_Id", 32, Repeat, "DestTerminalIDs"},
		{"Dest_terminal_type", 1, Num, "DestTerminalType"}, {"Msg_Length", 1, Count, "MsgContent"},
		{"Msg_Content", 0, Content, "MsgContent"}, {"LinkID", 20, Octets, "LinkID"},
	},
	cmdSubmitResp: {{"Msg_Id", 8, MsgID, "MsgID"}, {"Result", 4, Num, "Result"}},
	cmdDeliver: {
		{"Msg_Id", 8, MsgID, "MsgID"}, {"Dest_Id", 21, Octets, "DestID"}, {"Service_Id", 10, Octets, "ServiceID"},
		{"TP_pid", 1, Num, "TPPID"}, {"TP_udhi", 1, Num, "TPUDHI"}, {"Msg_Fmt", 1, Num, "MsgFmt"},
		{"Src_terminal_Id", 32, Octets, "SrcTerminalID"}, {"Src_terminal_type", 1, Num, "SrcTerminalType"},
		{"Registered_Delivery", 1, Num, "RegisteredDelivery"}, {"Msg_Length", 1, Count, "MsgContent"},
		{"Msg_Content", 0, Content, "MsgContent"}, {"LinkID", 20, Octets, "LinkID"},
	},
	cmdDeliverResp: {{"Msg_Id", 8, MsgID, "MsgID"}, {"Result", 4, Num, "Result"}},
	cmdQuery: {
		{"Time", 8, Octets, "Time"}, {"Query_Type", 1, Num, "QueryType"}, {"Query_Code", 10, Octets, "QueryCode"},
		{"Reserve", 8, Octets, "Reserve"},
	},
	cmdQueryResp: {
		{"Time", 8, Octets, "Time"}, {"Query_Type", 1, Num, "QueryType"}, {"Query_Code", 10, Octets, "QueryCode"},
		{"MT_TLMsg", 4, Num, "MTTLMsg"}, {"MT_Tlusr", 4, Num, "MTTLUsr"}, {"MT_Scs", 4, Num, "MTScs"},
		{"MT_WT", 4, Num, "MTWT"}, {"MT_FL", 4, Num, "MTFL"}, {"MO_Scs", 4, Num, "MOScs"},
		{"MO_WT", 4, Num, "MOWT"}, {"MO_FL", 4, Num, "MOFL"},
	},
	cmdCancel:         {{"Msg_Id", 8, MsgID, "MsgID"}},
	cmdCancelResp:     {{"Success_Id", 4, Num, "SuccessID"}},
	cmdActiveTest:     {},
	cmdActiveTestResp: {{"Reserved", 1, Num, "Reserved"}},
	cmdFwd: {
		{"Source_Id", 6, Raw, "SourceID"}, {"Destination_Id", 6, Raw, "DestinationID"},
		{"NodesCount", 1, Num, "NodesCount"}, {"Msg_Fwd_Type", 1, Num, "MsgFwdType"}, {"Msg_Id", 8, MsgID, "MsgID"},
		{"Pk_total", 1, Num, "PkTotal"}, {"Pk_number", 1, Num, "PkNumber"},
		{"Registered_Delivery", 1, Num, "RegisteredDelivery"}, {"Msg_level", 1, Num, "MsgLevel"},
		{"Service_Id", 10, Octets, "ServiceID"}, {"Fee_UserType", 1, Num, "FeeUserType"},
		{"Fee_terminal_Id", 21, Octets, "FeeTerminalID"}, {"Fee_terminal_Pseudo", 32, Octets, "FeeTerminalPseudo"},
		{"Fee_terminal_UserType", 1, Num, "FeeTerminalUserType"}, {"TP_pid", 1, Num, "TPPID"},
		{"TP_udhi", 1, Num, "TPUDHI"}, {"Msg_Fmt", 1, Num, "MsgFmt"}, {"Msg_src", 6, Octets, "MsgSrc"},
		{"FeeType", 2, Octets, "FeeType"}, {"FeeCode", 6, Octets, "FeeCode"}, {"Valid_Time", 17, Octets, "ValidTime"},
		{"At_Time", 17, Octets, "AtTime"}, {"Src_Id", 21, Octets, "SrcID"}, {"Src_Pseudo", 32, Octets, "SrcPseudo"},
		{"Src_UserType", 1, Num, "SrcUserType"}, {"Src_type", 1, Num, "SrcType"},
		{"DestUsr_tl", 1, Count, "DestIDs"}, {"Dest_Id", 21, Repeat, "DestIDs"},
		{"Dest_Pseudo", 32, Octets, "DestPseudo"}, {"Dest_UserType", 1, Num, "DestUserType"},
		{"Msg_Length", 1, Count, "MsgContent"}, {"Msg_Content", 0, Content, "MsgContent"}, {"LinkID", 20, Octets, "LinkID"},
	},
	cmdFwdResp: {
		{"Msg_Id", 8, MsgID, "MsgID"}, {"Pk_total", 1, Num, "PkTotal"}, {"Pk_number", 1, Num, "PkNumber"},
		{"Result", 4, Num, "Result"},
	},
	cmdMTRoute: {{"Source_Id", 6, Octets, "SourceID"}, {"Terminal_Id", 21, Octets, "TerminalID"}},
	cmdMTRouteResp: cat(Field{"Route_Id", 4, Num, "RouteID"}, gateway, mtRange,
		Field{"Result", 1, Num, "Result"}, Field{"User_type", 1, Num, "UserType"}, ts),
	cmdMORoute: {
		{"Source_Id", 6, Octets, "SourceID"}, {"SP_Code", 21, Octets, "SPCode"}, {"Service_Id", 10, Octets, "ServiceID"},
		{"Service_Code", 4, Num, "ServiceCode"},
	},
	cmdMORouteResp: cat(Field{"Route_Id", 4, Num, "RouteID"}, gateway, sp, codes,
		Field{"Result", 1, Num, "Result"}, ts),
	cmdGetMTRoute: {{"Source_Id", 6, Octets, "SourceID"}, {"Route_type", 4, Octets, "RouteType"}, {"Last_route_Id", 4, Int, "LastRouteID"}},
	cmdGetMORoute: {{"Source_Id", 6, Octets, "SourceID"}, {"Route_type", 4, Octets, "RouteType"}, {"Last_route_Id", 4, Int, "LastRouteID"}},
	cmdGetMTRouteResp: cat(Field{"Route_Id", 4, Num, "RouteID"}, gateway, mtRange,
		Field{"Result", 1, Num, "Result"}, Field{"User_type", 1, Num, "UserType"},
		Field{"Route_total", 4, Num, "RouteTotal"}, Field{"Route_number", 4, Num, "RouteNumber"}, ts),
	cmdGetMORouteResp: cat(Field{"Route_Id", 4, Num, "RouteID"}, gateway, sp,
		Field{"Service_Id", 10, Octets, "ServiceID"}, codes, Field{"Result", 1, Num, "Result"},
		Field{"Route_total", 4, Num, "RouteTotal"}, Field{"Route_number", 4, Num, "RouteNumber"}, ts),
	cmdMTRouteUpdate: cat(Field{"Update_type", 1, Num, "UpdateType"}, Field{"Route_Id", 4, Num, "RouteID"},
		gateway, mtRange, Field{"User_type", 1, Num, "UserType"}),
	cmdMTRouteUpdateResp: {{"Result", 1, Num, "Result"}, {"Route_Id", 4, Num, "RouteID"}, ts},
	cmdMORouteUpdate: cat(Field{"Update_type", 1, Num, "UpdateType"}, Field{"Route_Id", 4, Num, "RouteID"},
		gateway, sp, Field{"Service_Id", 10, Octets, "ServiceID"}, codes),
	cmdMORouteUpdateResp: {{"Result", 1, Num, "Result"}, {"Route_Id", 4, Num, "RouteID"}, ts},
	cmdPushMTRouteUpdate: cat(Field{"Update_type", 1, Num, "UpdateType"}, Field{"Route_Id", 4, Num, "RouteID"},
		gateway, mtRange, Field{"User_type", 1, Num, "UserType"}, ts),
	cmdPushMTRouteUpdateResp: {{"Result", 1, Num, "Result"}},
	cmdPushMORouteUpdate: cat(Field{"Update_type", 1, Num, "UpdateType"}, Field{"Route_Id", 4, Num, "RouteID"},
		gateway, sp, Field{"Service_Id", 10, Octets, "ServiceID"}, codes,
		Field{"time_stamp", 14, Octets, "TimeStamp"}),
	cmdPushMORouteUpdateResp: {{"Result", 1, Num, "Result"}},
}

// The structures carried in Msg_Content (spec reference §6.8.1, §7.1.1),
// laid out like the bodies, with offsets from the start of Msg_Content.
var (
	// Report is the 71-octet status report of a DELIVER with
	// Registered_Delivery 1 or a FWD with Msg_Fwd_Type 2 (cmpp.Report).
	Report = []Field{
		{"Msg_Id", 8, MsgID, "MsgID"},
		{"Stat", 7, Octets, "Stat"},
		{"Submit_time", 10, Octets, "SubmitTime"},
		{"Done_time", 10, Octets, "DoneTime"},
		{"Dest_terminal_Id", 32, Octets, "DestTerminalID"},
		{"SMSC_sequence", 4, Num, "SMSCSequence"},
	}
	// Report20 is the 60-octet CMPP 2.0 form of Report, which some 3.0
	// gateways still send: Dest_terminal_Id is 21 octets.
	Report20 = withWidth(Report, "Dest_terminal_Id", 21)
	// MOReport is the 60-octet MO status report of a FWD with
	// Msg_Fwd_Type 3 (cmpp.MOReport). Reserved is a [4]byte kept whole.
	MOReport = []Field{
		{"Msg_Id", 8, MsgID, "MsgID"},
		{"Stat", 7, Octets, "Stat"},
		{"CMPP_DELIVER_time", 10, Octets, "DeliverTime"},
		{"CMPP_DELIVER_RESP_time", 10, Octets, "DeliverRespTime"},
		{"Dest_Id", 21, Octets, "DestID"},
		{"Reserved", 4, Auth, "Reserved"},
	}
)

// withWidth returns a copy of fields with the named field's width changed.
func withWidth(fields []Field, name string, width int) []Field {
	out := append([]Field(nil), fields...)
	for i := range out {
		if out[i].Name == name {
			out[i].Width = width
		}
	}
	return out
}

// Tables20 holds the CMPP 2.0/2.1 body layout of each SP–ISMG PDU whose
// layout differs from 3.0 (spec reference §12.1), derived from Tables:
// the numbers of SUBMIT and DELIVER are 21 octets, the *_type flags are
// gone, an 8-octet Reserve (Reserved in DELIVER; Go field Reserve) takes
// the place of LinkID, and Status, Result and Success_Id are 1 octet.
// Every other PDU has its 3.0 layout under 2.x (2.0's GET_ROUTE and FWD
// are not modelled).
var Tables20 = map[uint32][]Field{
	cmdConnectResp: withWidth(Tables[cmdConnectResp], "Status", 1),
	cmdSubmit: replace(withWidth(withWidth(without(Tables[cmdSubmit], "Fee_terminal_type", "Dest_terminal_type"),
		"Fee_terminal_Id", 21), "Dest_terminal_Id", 21), "LinkID", Field{"Reserve", 8, Octets, "Reserve"}),
	cmdSubmitResp: withWidth(Tables[cmdSubmitResp], "Result", 1),
	cmdDeliver: replace(withWidth(without(Tables[cmdDeliver], "Src_terminal_type"), "Src_terminal_Id", 21),
		"LinkID", Field{"Reserved", 8, Octets, "Reserve"}),
	cmdDeliverResp: withWidth(Tables[cmdDeliverResp], "Result", 1),
	cmdCancelResp:  withWidth(Tables[cmdCancelResp], "Success_Id", 1),
}

// For returns the body layout of command id under version (the Version
// octet of CONNECT: 0x20 and 0x21, any major version 2, give the 2.x
// layouts; anything else, 0 included, the 3.0 ones), and false for an
// unknown id.
func For(version uint8, id uint32) ([]Field, bool) {
	if version>>4 == 2 {
		if f, ok := Tables20[id]; ok {
			return f, true
		}
	}
	f, ok := Tables[id]
	return f, ok
}

// ReportFor is the status report a DELIVER of version carries: Report20
// under 2.x, Report otherwise.
func ReportFor(version uint8) []Field {
	if version>>4 == 2 {
		return Report20
	}
	return Report
}

// without returns a copy of fields without the named fields.
func without(fields []Field, names ...string) []Field {
	var out []Field
	for _, f := range fields {
		drop := false
		for _, n := range names {
			drop = drop || f.Name == n
		}
		if !drop {
			out = append(out, f)
		}
	}
	return out
}

// replace returns a copy of fields with the named field replaced by f.
func replace(fields []Field, name string, f Field) []Field {
	out := append([]Field(nil), fields...)
	for i := range out {
		if out[i].Name == name {
			out[i] = f
		}
	}
	return out
}
