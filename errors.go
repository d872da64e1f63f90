package cmpp

import (
	"errors"
	"strconv"
)

// Sentinel errors. They are never returned bare: each arrives wrapped in a
// [*DecodeError] or an [*EncodeError], whose Error method adds the "cmpp: "
// prefix and the field. Classify with errors.Is, locate with errors.As.
var (
	// ErrTruncated: the input ends inside a field.
	ErrTruncated = errors.New("truncated")
	// ErrTrailingBytes: the body is longer than its layout.
	ErrTrailingBytes = errors.New("trailing bytes")
	// ErrTotalLength: Total_Length is below HeaderLen, above MaxPacketLen,
	// or different from the number of octets given.
	ErrTotalLength = errors.New("bad Total_Length")
	// ErrUnknownCommand: the Command_Id is not one this package models.
	ErrUnknownCommand = errors.New("unknown Command_Id")
	// ErrFieldTooLong: a value does not fit its fixed-width field, or a
	// derived count or length does not fit its octets.
	ErrFieldTooLong = errors.New("value too long for field")
	// ErrInvalid: a value breaks a limit of the spec (Validate, status
	// reports, Msg_Id parts), or a left-aligned string holds a 0x00,
	// which would end it on the wire.
	ErrInvalid = errors.New("invalid value")
)

// DecodeError reports where decoding stopped. Offset counts from the first
// octet of the PDU, header included, so it matches a hex dump of the packet;
// DecodeBody, which sees only the body, still reports PDU offsets (body
// offset + HeaderLen).
type DecodeError struct {
	Command CommandID // Command_Id of the PDU being decoded (0 if not yet known)
	Field   string    // the field in the spec's spelling, e.g. "Msg_Length"
	Offset  int       // offset of that field from the first octet of the PDU
	Err     error     // wraps one of the sentinels
}

func (e *DecodeError) Error() string {
	s := "cmpp: decode "
	if e.Command != 0 {
		s += e.Command.String() + ": "
	}
	if e.Field != "" {
		s += e.Field + " "
	}
	return s + "at offset " + strconv.Itoa(e.Offset) + ": " + e.Err.Error()
}

// Unwrap returns the underlying error, one of the sentinels or an error
// wrapping one.
func (e *DecodeError) Unwrap() error { return e.Err }

// EncodeError is returned by Append and AppendBody when the value in Field
// cannot be written as it is, and by the Validate methods when it breaks a
// limit of the spec. Op says which: its message reads
// "cmpp: encode CMPP_SUBMIT: Service_Id: …" or
// "cmpp: validate CMPP_FWD: FeeType: …".
type EncodeError struct {
	Op      string    // "validate" from a Validate method; "encode" (or empty) from encoding
	Command CommandID // Command_Id of the PDU being encoded or validated
	Field   string    // the field in the spec's spelling
	Err     error     // wraps one of the sentinels
}

// The values of EncodeError.Op.
const (
	OpEncode   = "encode"
	OpValidate = "validate"
)

func (e *EncodeError) Error() string {
	op := e.Op
	if op == "" {
		op = OpEncode
	}
	s := "cmpp: " + op + " "
	if e.Command != 0 {
		s += e.Command.String() + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *EncodeError) Unwrap() error { return e.Err }

// detailError adds a human detail to a sentinel while keeping errors.Is.
type detailError struct {
	err    error
	detail string
}

func (e *detailError) Error() string { return e.err.Error() + ": " + e.detail }
func (e *detailError) Unwrap() error { return e.err }

func detail(err error, s string) error { return &detailError{err, s} }

func itoa(n int) string { return strconv.Itoa(n) }

// codeString formats a result code as "name (n)" or "n" when unnamed.
func codeString(names map[uint32]string, v uint32) string {
	if s, ok := names[v]; ok {
		return s
	}
	return strconv.FormatUint(uint64(v), 10)
}

// ConnectStatus is the Status of CMPP_CONNECT_RESP (4 octets in 3.0;
// spec reference §9.1).
type ConnectStatus uint32

// Status values of CMPP_CONNECT_RESP. Values ≥ 5 are other errors.
const (
	StatusOK               ConnectStatus = 0 // 正确
	StatusBadStructure     ConnectStatus = 1 // 消息结构错
	StatusBadSourceAddr    ConnectStatus = 2 // 非法源地址
	StatusAuthFailed       ConnectStatus = 3 // 认证错
	StatusVersionTooHigh   ConnectStatus = 4 // 版本太高
	statusFirstOtherErrors ConnectStatus = 5
)

var connectStatusNames = map[uint32]string{
	0: "success",
	1: "message structure error",
	2: "illegal source address",
	3: "authentication error",
	4: "version too high",
}

func (s ConnectStatus) String() string {
	if s >= statusFirstOtherErrors {
		return "other error (" + strconv.FormatUint(uint64(s), 10) + ")"
	}
	return codeString(connectStatusNames, uint32(s))
}

// SubmitResult is the 4-octet Result of CMPP_SUBMIT_RESP (spec reference
// §9.2). Compare it with the untyped Result* constants.
type SubmitResult uint32

// DeliverResult is the 4-octet Result of CMPP_DELIVER_RESP (§9.3): 0–8 as
// for SUBMIT_RESP, ≥ 9 other errors.
type DeliverResult uint32

// FwdResult is the 4-octet Result of CMPP_FWD_RESP (§9.5): 0–8 as for
// SUBMIT_RESP, 9 wrong forward decision, ≥ 10 other errors.
type FwdResult uint32

// Result codes of SUBMIT_RESP, DELIVER_RESP and FWD_RESP. They are untyped
// so that they compare with all three result types. 0–8 mean the same in
// all three; 9–13 are SUBMIT_RESP's (9 means "wrong forward decision" in
// FWD_RESP); 100–199 are vendor codes.
const (
	ResultSuccess           = 0  // 正确
	ResultBadStructure      = 1  // 消息结构错
	ResultBadCommand        = 2  // 命令字错
	ResultDuplicateSequence = 3  // 消息序号重复
	ResultBadLength         = 4  // 消息长度错
	ResultBadFee            = 5  // 资费代码错
	ResultTooLong           = 6  // 超过最大信息长
	ResultBadServiceID      = 7  // 业务代码错
	ResultFlowControl       = 8  // 流量控制错
	ResultNotServed         = 9  // SUBMIT_RESP: 本网关不负责服务此计费号码
	ResultWrongForward      = 9  // FWD_RESP: 前转判断错
	ResultBadSrcID          = 10 // SUBMIT_RESP: Src_Id错误
	ResultBadMsgSrc         = 11 // SUBMIT_RESP: Msg_src错误
	ResultBadFeeTerminalID  = 12 // SUBMIT_RESP: Fee_terminal_Id错误
	ResultBadDestTerminalID = 13 // SUBMIT_RESP: Dest_terminal_Id错误
)

var submitResultNames = map[uint32]string{
	0:  "success",
	1:  "message structure error",
	2:  "bad command word",
	3:  "duplicate message sequence number",
	4:  "bad message length",
	5:  "bad fee code",
	6:  "exceeds the maximum message length",
	7:  "bad service code",
	8:  "flow-control error",
	9:  "charged number not served by this gateway",
	10: "bad Src_Id",
	11: "bad Msg_src",
	12: "bad Fee_terminal_Id",
	13: "bad Dest_terminal_Id",
}

func (r SubmitResult) String() string { return codeString(submitResultNames, uint32(r)) }

func (r DeliverResult) String() string {
	if r >= 9 && r < 100 {
		return "other error (" + strconv.FormatUint(uint64(r), 10) + ")"
	}
	return codeString(submitResultNames, uint32(r))
}

func (r FwdResult) String() string {
	switch {
	case r == ResultWrongForward:
		return "wrong forward decision"
	case r >= 10 && r < 100:
		return "other error (" + strconv.FormatUint(uint64(r), 10) + ")"
	}
	return codeString(submitResultNames, uint32(r))
}

// RouteResult is the 1-octet Result of the ISMG–GNS responses (spec
// reference §9.7).
type RouteResult uint8

// ISMG–GNS result codes (§8.7.3). 7 and 8 are undefined; 100–199 are
// vendor codes.
const (
	RouteOK                RouteResult = 0
	RouteNoMatch           RouteResult = 1
	RouteBadSourceID       RouteResult = 2
	RouteBadType           RouteResult = 3
	RouteUpdateNotAccepted RouteResult = 4
	RouteUpdateFailed      RouteResult = 5
	RouteStaleTimestamp    RouteResult = 6
	RouteBusy              RouteResult = 9
	RouteBadUpdateType     RouteResult = 10
	RouteBadRouteID        RouteResult = 11
	RouteBadDestinationID  RouteResult = 12
	RouteBadGatewayIP      RouteResult = 13
	RouteBadGatewayPort    RouteResult = 14
	RouteBadStartID        RouteResult = 15
	RouteBadEndID          RouteResult = 16
	RouteBadAreaCode       RouteResult = 17
	RouteBadUserType       RouteResult = 18
	RouteBadSPID           RouteResult = 19
	RouteBadSPCode         RouteResult = 20
	RouteBadSPAccessType   RouteResult = 21
	RouteBadServiceID      RouteResult = 22
	RouteBadStartCode      RouteResult = 23
	RouteBadEndCode        RouteResult = 24
)

var routeResultNames = map[uint32]string{
	0:  "success",
	1:  "no matching route",
	2:  "bad source gateway code",
	3:  "bad route type",
	4:  "node does not accept updates",
	5:  "route update failed",
	6:  "GNS timestamp older than local",
	9:  "system busy",
	10: "bad Update_type",
	11: "bad route number",
	12: "bad destination gateway code",
	13: "bad destination gateway IP",
	14: "bad destination gateway port",
	15: "bad MT range start",
	16: "bad MT range end",
	17: "bad province code",
	18: "bad user type",
	19: "bad SP_Id",
	20: "bad SP_Code",
	21: "bad SP_AccessType",
	22: "bad Service_Id",
	23: "bad Start_code",
	24: "bad End_code",
}

func (r RouteResult) String() string { return codeString(routeResultNames, uint32(r)) }
