// Package cmpp encodes and decodes every PDU of CMPP 3.0, China Mobile's SMS
// gateway protocol (中国移动通信互联网短信网关接口协议, QB-GF-028-2003,
// version 3.0.0): the SP–ISMG messages (CONNECT, TERMINATE, SUBMIT, DELIVER
// with its status reports, QUERY, CANCEL, ACTIVE_TEST), the ISMG–ISMG
// CMPP_FWD, and the sixteen ISMG–GNS route messages.
//
// Section numbers in the documentation (§8.4.3.1, …) are those of the
// official specification; "spec reference §N" points to the project's wire
// reference, which summarises it.
//
// # Encoding and decoding
//
// A PDU is a 12-octet [Header] followed by a body. Every body type
// implements [Packet]. [Append] writes a whole PDU, deriving Total_Length,
// Msg_Length and DestUsr_tl from the data; [Decode] and [Decoder.Decode]
// read one:
//
//	b, err := cmpp.Append(nil, seq, &cmpp.Submit{...})
//	h, p, err := dec.Decode(pdu)
//	if s, ok := p.(*cmpp.Submit); ok { ... }
//
// Decoding is strict about lengths and liberal about values: Total_Length
// must equal the input, and the body must be consumed exactly, but any
// value of a value field decodes. Spec limits (at most 99 destinations,
// Msg_Length ≤ 140, …) are checked by each type's Validate method, which
// the codec never calls on its own.
//
// # CMPP 2.0 and 2.1
//
// The same types carry CMPP 2.0 and 2.1 (spec reference §12.1): a
// [Version] is also the codec, so [Version20].Append lays a *Submit out as
// 2.0, and a Decoder whose Version field is Version20 reads 2.0. Append,
// Decode, AppendBody, DecodeBody and Validate mean 3.0. Six SP–ISMG PDUs
// differ (CONNECT_RESP, SUBMIT, SUBMIT_RESP, DELIVER, DELIVER_RESP,
// CANCEL_RESP); every other PDU, CMPP_FWD and the GNS PDUs included, keeps
// its 3.0 layout under every version. 2.0's CMPP_GET_ROUTE and its CMPP_FWD
// are not modelled.
//
// # Memory
//
//   - Append never retains b and never modifies b[:len(b)].
//   - Decoded []byte fields alias the input: they are subslices of it, with
//     trailing 0x00 octets removed from fixed-width Octet String fields.
//     Re-encoding pads with 0x00, so it restores the input exactly.
//   - Values returned by [Decoder.Decode] are owned by the Decoder and
//     valid until its next call. Clone gives a deep copy that owns its
//     memory.
//
// # Errors
//
// Bad input gives a [*DecodeError] naming the field (in the spec's
// spelling) and its offset from the first octet of the PDU; a value that
// cannot be written gives an [*EncodeError]. Both wrap one of the sentinel
// errors ([ErrTruncated], [ErrTrailingBytes], [ErrTotalLength],
// [ErrUnknownCommand], [ErrFieldTooLong], [ErrInvalid]). No input makes the
// package panic. Protocol result codes ([SubmitResult], [ConnectStatus],
// …) are integers, not Go errors.
//
// # Concurrency
//
// All functions are safe for concurrent use. A [Decoder] is not: use one
// per goroutine (one per connection).
package cmpp

// To add a PDU: a Cmd constant and its commandNames entry → the type and its
// methods in the file of its family (AppendBody, DecodeBody, bodyLen,
// Validate, Clone) with a `var _ Packet` line → a Decoder field and a case
// in Decoder.packet → a fixture in testdata/packets and its layout in
// layout_test.go; the golden, truncation, fuzz and allocation tests pick it
// up from there.

import (
	"encoding/binary"
	"strconv"
)

// CommandID is the Command_Id header field (spec reference §4). A response
// id is its request id with the top bit set.
type CommandID uint32

// Command_Id values of CMPP 3.0 (§8.7.1). The ids jump from 0x09 to 0x10.
const (
	CmdConnect               CommandID = 0x00000001
	CmdConnectResp           CommandID = 0x80000001
	CmdTerminate             CommandID = 0x00000002
	CmdTerminateResp         CommandID = 0x80000002
	CmdSubmit                CommandID = 0x00000004
	CmdSubmitResp            CommandID = 0x80000004
	CmdDeliver               CommandID = 0x00000005
	CmdDeliverResp           CommandID = 0x80000005
	CmdQuery                 CommandID = 0x00000006
	CmdQueryResp             CommandID = 0x80000006
	CmdCancel                CommandID = 0x00000007
	CmdCancelResp            CommandID = 0x80000007
	CmdActiveTest            CommandID = 0x00000008
	CmdActiveTestResp        CommandID = 0x80000008
	CmdFwd                   CommandID = 0x00000009
	CmdFwdResp               CommandID = 0x80000009
	CmdMTRoute               CommandID = 0x00000010
	CmdMTRouteResp           CommandID = 0x80000010
	CmdMORoute               CommandID = 0x00000011
	CmdMORouteResp           CommandID = 0x80000011
	CmdGetMTRoute            CommandID = 0x00000012
	CmdGetMTRouteResp        CommandID = 0x80000012
	CmdMTRouteUpdate         CommandID = 0x00000013
	CmdMTRouteUpdateResp     CommandID = 0x80000013
	CmdMORouteUpdate         CommandID = 0x00000014
	CmdMORouteUpdateResp     CommandID = 0x80000014
	CmdPushMTRouteUpdate     CommandID = 0x00000015
	CmdPushMTRouteUpdateResp CommandID = 0x80000015
	CmdPushMORouteUpdate     CommandID = 0x00000016
	CmdPushMORouteUpdateResp CommandID = 0x80000016
	CmdGetMORoute            CommandID = 0x00000017
	CmdGetMORouteResp        CommandID = 0x80000017
	responseBit              CommandID = 0x80000000
)

var commandNames = map[CommandID]string{
	CmdConnect:               "CMPP_CONNECT",
	CmdConnectResp:           "CMPP_CONNECT_RESP",
	CmdTerminate:             "CMPP_TERMINATE",
	CmdTerminateResp:         "CMPP_TERMINATE_RESP",
	CmdSubmit:                "CMPP_SUBMIT",
	CmdSubmitResp:            "CMPP_SUBMIT_RESP",
	CmdDeliver:               "CMPP_DELIVER",
	CmdDeliverResp:           "CMPP_DELIVER_RESP",
	CmdQuery:                 "CMPP_QUERY",
	CmdQueryResp:             "CMPP_QUERY_RESP",
	CmdCancel:                "CMPP_CANCEL",
	CmdCancelResp:            "CMPP_CANCEL_RESP",
	CmdActiveTest:            "CMPP_ACTIVE_TEST",
	CmdActiveTestResp:        "CMPP_ACTIVE_TEST_RESP",
	CmdFwd:                   "CMPP_FWD",
	CmdFwdResp:               "CMPP_FWD_RESP",
	CmdMTRoute:               "CMPP_MT_ROUTE",
	CmdMTRouteResp:           "CMPP_MT_ROUTE_RESP",
	CmdMORoute:               "CMPP_MO_ROUTE",
	CmdMORouteResp:           "CMPP_MO_ROUTE_RESP",
	CmdGetMTRoute:            "CMPP_GET_MT_ROUTE",
	CmdGetMTRouteResp:        "CMPP_GET_MT_ROUTE_RESP",
	CmdMTRouteUpdate:         "CMPP_MT_ROUTE_UPDATE",
	CmdMTRouteUpdateResp:     "CMPP_MT_ROUTE_UPDATE_RESP",
	CmdMORouteUpdate:         "CMPP_MO_ROUTE_UPDATE",
	CmdMORouteUpdateResp:     "CMPP_MO_ROUTE_UPDATE_RESP",
	CmdPushMTRouteUpdate:     "CMPP_PUSH_MT_ROUTE_UPDATE",
	CmdPushMTRouteUpdateResp: "CMPP_PUSH_MT_ROUTE_UPDATE_RESP",
	CmdPushMORouteUpdate:     "CMPP_PUSH_MO_ROUTE_UPDATE",
	CmdPushMORouteUpdateResp: "CMPP_PUSH_MO_ROUTE_UPDATE_RESP",
	CmdGetMORoute:            "CMPP_GET_MO_ROUTE",
	CmdGetMORouteResp:        "CMPP_GET_MO_ROUTE_RESP",
}

// String returns the spec's name, e.g. "CMPP_SUBMIT_RESP"; an id the spec
// does not define prints as "CMPP_0x00000003".
func (id CommandID) String() string {
	if s, ok := commandNames[id]; ok {
		return s
	}
	return "CMPP_0x" + hex8(uint32(id))
}

// IsResponse reports whether id has the response bit (0x80000000) set.
func (id CommandID) IsResponse() bool { return id&responseBit != 0 }

// Response returns the id of the response to request id.
func (id CommandID) Response() CommandID { return id | responseBit }

// ParseCommandID returns the CommandID whose spec name is s
// ("CMPP_SUBMIT"), or whose String form is s ("CMPP_0x0000000a").
func ParseCommandID(s string) (CommandID, bool) {
	for id, name := range commandNames {
		if name == s {
			return id, true
		}
	}
	if len(s) == len("CMPP_0x00000000") && s[:7] == "CMPP_0x" {
		v, err := strconv.ParseUint(s[7:], 16, 32)
		if err == nil {
			return CommandID(v), true
		}
	}
	return 0, false
}

func hex8(v uint32) string {
	const digits = "0123456789abcdef"
	var b [8]byte
	for i := 7; i >= 0; i-- {
		b[i] = digits[v&0xf]
		v >>= 4
	}
	return string(b[:])
}

// Sizes of the framing.
const (
	// HeaderLen is the length of the message header (§8.2).
	HeaderLen = 12
	// MaxPacketLen bounds Total_Length in Decode, ParseHeader and Append.
	// The largest legal PDU is a SUBMIT with 99 destinations and a 159-octet
	// ASCII content: 3490 octets (spec reference §10).
	MaxPacketLen = 4096
)

// Version is the one-octet protocol version of CONNECT and CONNECT_RESP:
// major version in the high nibble, minor in the low (§5.1). As a value it
// is also a codec, as binary.BigEndian is: [Version.Append] and
// [Version.Decode] lay PDUs out as that version (see version.go). Any
// version with major number 2 selects the CMPP 2.0/2.1 layouts; every
// other value, the zero value included, the 3.0 layouts.
type Version uint8

// The versions this package speaks. 2.0 and 2.1 share their SP–ISMG
// layouts (spec reference §12.1); Append, Decode, AppendBody and
// DecodeBody are 3.0.
const (
	Version20 Version = 0x20 // CMPP 2.0
	Version21 Version = 0x21 // CMPP 2.1
	Version30 Version = 0x30 // CMPP 3.0
)

func (v Version) String() string {
	return strconv.Itoa(int(v>>4)) + "." + strconv.Itoa(int(v&0xf))
}

// MsgFmt is the Msg_Fmt field: the coding of Msg_Content (spec reference
// §5.6). Any value decodes; the named ones are the spec's.
type MsgFmt uint8

// Msg_Fmt values of the spec.
const (
	FmtASCII  MsgFmt = 0  // ASCII string
	FmtSIM    MsgFmt = 3  // 短信写卡操作 (SIM card write), binary
	FmtBinary MsgFmt = 4  // binary data
	FmtUCS2   MsgFmt = 8  // UCS2 (UTF-16BE)
	FmtGB     MsgFmt = 15 // 含GB汉字 (GBK / GB18030)
)

func (f MsgFmt) String() string {
	switch f {
	case FmtASCII:
		return "ASCII"
	case FmtSIM:
		return "SIM"
	case FmtBinary:
		return "binary"
	case FmtUCS2:
		return "UCS2"
	case FmtGB:
		return "GB"
	}
	return "Msg_Fmt(" + strconv.Itoa(int(f)) + ")"
}

// MaxContentLen returns the spec's limit on Msg_Length for content of this
// format: 159 octets for ASCII (fewer than 160), 140 for any other.
func (f MsgFmt) MaxContentLen() int {
	if f == FmtASCII {
		return 159
	}
	return 140
}

// Packet is the body of one CMPP PDU. The set of implementations is
// closed: one type per Command_Id of the spec, plus [*Raw] for commands
// this package does not model. Its methods are those of CMPP 3.0; a
// [Version] lays the same values out as 2.0 or 2.1.
type Packet interface {
	// CommandID returns the Command_Id of the PDU this body belongs to.
	CommandID() CommandID
	// AppendBody appends the encoded body (no header) to b. On error it
	// returns b unchanged and an *EncodeError.
	AppendBody(b []byte) ([]byte, error)
	// DecodeBody decodes body (no header) into the receiver, replacing
	// every field. []byte fields keep subslices of body. Errors are
	// *DecodeError values with PDU offsets (HeaderLen + body offset).
	DecodeBody(body []byte) error
	// bodyLen returns the exact length AppendBody will append, for
	// presizing; a value that does not fit is still caught by AppendBody.
	bodyLen() int
}

// Append appends the whole PDU for p (header with seq as Sequence_Id, then
// the body) to b and returns the extended buffer. Total_Length is taken
// from the octets written. On error it returns b unchanged; b[:len(b)] is
// never modified.
// It writes CMPP 3.0; [Version.Append] writes another version.
func Append(b []byte, seq uint32, p Packet) ([]byte, error) {
	return Version30.Append(b, seq, p)
}

// Decode decodes exactly one PDU: len(pdu) must equal Total_Length. It
// allocates the returned Packet (and the outer slice of a repeated field);
// its []byte fields alias pdu. Unknown commands give ErrUnknownCommand. For
// decoding without allocations, use a [Decoder]. It reads CMPP 3.0;
// [Version.Decode] reads another version.
func Decode(pdu []byte) (Header, Packet, error) {
	return Version30.Decode(pdu)
}

// A Decoder decodes PDUs into values it owns and reuses, so that decoding
// allocates nothing once the Decoder has seen each type (slices keep their
// capacity). The Packet returned by Decode, and everything reachable from
// it, is valid only until the next call to Decode; it aliases the input.
// A Decoder must not be used by several goroutines at once. The zero value
// is ready to use.
type Decoder struct {
	// KeepUnknown makes Decode return a *Raw for a Command_Id this package
	// does not model, instead of an ErrUnknownCommand error.
	KeepUnknown bool
	// Version is the layout to read: the zero value and Version30 read
	// CMPP 3.0, Version20 and Version21 read 2.0/2.1 (see [Version.Decode]).
	// A connection sets it from the Version its CONNECT negotiated. Decoding
	// as 2.x leaves the 3.0-only fields (LinkID, the *_type flags) zero, and
	// as 3.0 the 2.x Reserve empty.
	Version Version

	connect               Connect
	connectResp           ConnectResp
	terminate             Terminate
	terminateResp         TerminateResp
	submit                Submit
	submitResp            SubmitResp
	deliver               Deliver
	deliverResp           DeliverResp
	query                 Query
	queryResp             QueryResp
	cancel                Cancel
	cancelResp            CancelResp
	activeTest            ActiveTest
	activeTestResp        ActiveTestResp
	fwd                   Fwd
	fwdResp               FwdResp
	mtRoute               MTRoute
	mtRouteResp           MTRouteResp
	moRoute               MORoute
	moRouteResp           MORouteResp
	getMTRoute            GetMTRoute
	getMTRouteResp        GetMTRouteResp
	getMORoute            GetMORoute
	getMORouteResp        GetMORouteResp
	mtRouteUpdate         MTRouteUpdate
	mtRouteUpdateResp     MTRouteUpdateResp
	moRouteUpdate         MORouteUpdate
	moRouteUpdateResp     MORouteUpdateResp
	pushMTRouteUpdate     PushMTRouteUpdate
	pushMTRouteUpdateResp PushMTRouteUpdateResp
	pushMORouteUpdate     PushMORouteUpdate
	pushMORouteUpdateResp PushMORouteUpdateResp
	raw                   Raw
}

// Decode decodes exactly one PDU: len(pdu) must equal Total_Length, which
// must lie in [HeaderLen, MaxPacketLen]. The returned Packet is one of the
// Decoder's own values; it and its []byte fields (which alias pdu) are
// valid until the next call.
func (d *Decoder) Decode(pdu []byte) (Header, Packet, error) {
	h, ok := pduHeader(pdu)
	if !ok {
		return badHeader(pdu)
	}
	p := d.packet(h.CommandID)
	if p == nil {
		return h, nil, unknownCommand(h)
	}
	if err := decodeBodyAs(d.Version, p, pdu[HeaderLen:]); err != nil {
		return h, nil, err
	}
	return h, p, nil
}

// pduHeader reads the header of a whole PDU, reporting false unless
// Total_Length is len(pdu) and within bounds (then badHeader gives the
// precise error).
func pduHeader(pdu []byte) (Header, bool) {
	if len(pdu) < HeaderLen || len(pdu) > MaxPacketLen || binary.BigEndian.Uint32(pdu) != uint32(len(pdu)) {
		return Header{}, false
	}
	return Header{
		TotalLength: uint32(len(pdu)),
		CommandID:   CommandID(binary.BigEndian.Uint32(pdu[4:])),
		SequenceID:  binary.BigEndian.Uint32(pdu[8:]),
	}, true
}

// badHeader gives the error for a PDU whose header is short, whose
// Total_Length is out of bounds, or whose Total_Length is not len(pdu).
func badHeader(pdu []byte) (Header, Packet, error) {
	h, err := ParseHeader(pdu)
	if err == nil {
		err = &DecodeError{Command: h.CommandID, Field: "Total_Length", Offset: 0,
			Err: detail(ErrTotalLength, "Total_Length "+itoa(int(h.TotalLength))+" but "+itoa(len(pdu))+" octets")}
	}
	return h, nil, err
}

func unknownCommand(h Header) error {
	return &DecodeError{Command: h.CommandID, Field: "Command_Id", Offset: 4, Err: ErrUnknownCommand}
}

// packet returns the Decoder's value for id, or nil for an unknown id when
// KeepUnknown is not set. It lists the same types as NewPacket
// (TestCommandIDString checks that both cover every id with one type).
func (d *Decoder) packet(id CommandID) Packet {
	switch id {
	case CmdConnect:
		return &d.connect
	case CmdConnectResp:
		return &d.connectResp
	case CmdTerminate:
		return &d.terminate
	case CmdTerminateResp:
		return &d.terminateResp
	case CmdSubmit:
		return &d.submit
	case CmdSubmitResp:
		return &d.submitResp
	case CmdDeliver:
		return &d.deliver
	case CmdDeliverResp:
		return &d.deliverResp
	case CmdQuery:
		return &d.query
	case CmdQueryResp:
		return &d.queryResp
	case CmdCancel:
		return &d.cancel
	case CmdCancelResp:
		return &d.cancelResp
	case CmdActiveTest:
		return &d.activeTest
	case CmdActiveTestResp:
		return &d.activeTestResp
	case CmdFwd:
		return &d.fwd
	case CmdFwdResp:
		return &d.fwdResp
	case CmdMTRoute:
		return &d.mtRoute
	case CmdMTRouteResp:
		return &d.mtRouteResp
	case CmdMORoute:
		return &d.moRoute
	case CmdMORouteResp:
		return &d.moRouteResp
	case CmdGetMTRoute:
		return &d.getMTRoute
	case CmdGetMTRouteResp:
		return &d.getMTRouteResp
	case CmdGetMORoute:
		return &d.getMORoute
	case CmdGetMORouteResp:
		return &d.getMORouteResp
	case CmdMTRouteUpdate:
		return &d.mtRouteUpdate
	case CmdMTRouteUpdateResp:
		return &d.mtRouteUpdateResp
	case CmdMORouteUpdate:
		return &d.moRouteUpdate
	case CmdMORouteUpdateResp:
		return &d.moRouteUpdateResp
	case CmdPushMTRouteUpdate:
		return &d.pushMTRouteUpdate
	case CmdPushMTRouteUpdateResp:
		return &d.pushMTRouteUpdateResp
	case CmdPushMORouteUpdate:
		return &d.pushMORouteUpdate
	case CmdPushMORouteUpdateResp:
		return &d.pushMORouteUpdateResp
	}
	if d.KeepUnknown {
		d.raw.Command = id
		return &d.raw
	}
	return nil
}

// NewPacket returns a new zero value of the body type for id (a *Submit
// for CmdSubmit, …), or nil for a Command_Id this package does not model.
// Tools that build PDUs from a command name use it with ParseCommandID.
func NewPacket(id CommandID) Packet {
	switch id {
	case CmdConnect:
		return new(Connect)
	case CmdConnectResp:
		return new(ConnectResp)
	case CmdTerminate:
		return new(Terminate)
	case CmdTerminateResp:
		return new(TerminateResp)
	case CmdSubmit:
		return new(Submit)
	case CmdSubmitResp:
		return new(SubmitResp)
	case CmdDeliver:
		return new(Deliver)
	case CmdDeliverResp:
		return new(DeliverResp)
	case CmdQuery:
		return new(Query)
	case CmdQueryResp:
		return new(QueryResp)
	case CmdCancel:
		return new(Cancel)
	case CmdCancelResp:
		return new(CancelResp)
	case CmdActiveTest:
		return new(ActiveTest)
	case CmdActiveTestResp:
		return new(ActiveTestResp)
	case CmdFwd:
		return new(Fwd)
	case CmdFwdResp:
		return new(FwdResp)
	case CmdMTRoute:
		return new(MTRoute)
	case CmdMTRouteResp:
		return new(MTRouteResp)
	case CmdMORoute:
		return new(MORoute)
	case CmdMORouteResp:
		return new(MORouteResp)
	case CmdGetMTRoute:
		return new(GetMTRoute)
	case CmdGetMTRouteResp:
		return new(GetMTRouteResp)
	case CmdGetMORoute:
		return new(GetMORoute)
	case CmdGetMORouteResp:
		return new(GetMORouteResp)
	case CmdMTRouteUpdate:
		return new(MTRouteUpdate)
	case CmdMTRouteUpdateResp:
		return new(MTRouteUpdateResp)
	case CmdMORouteUpdate:
		return new(MORouteUpdate)
	case CmdMORouteUpdateResp:
		return new(MORouteUpdateResp)
	case CmdPushMTRouteUpdate:
		return new(PushMTRouteUpdate)
	case CmdPushMTRouteUpdateResp:
		return new(PushMTRouteUpdateResp)
	case CmdPushMORouteUpdate:
		return new(PushMORouteUpdate)
	case CmdPushMORouteUpdateResp:
		return new(PushMORouteUpdateResp)
	}
	return nil
}

// Raw is the body of a PDU whose Command_Id this package does not model
// (returned by a Decoder with KeepUnknown set). It can also be appended, to
// send any command or a deliberately malformed body from a test tool.
type Raw struct {
	Command CommandID // Command_Id from the header
	Body    []byte    // the whole body, as received; aliases the input
}

var _ Packet = (*Raw)(nil)

// CommandID returns p.Command.
func (p *Raw) CommandID() CommandID { return p.Command }

func (p *Raw) bodyLen() int { return len(p.Body) }

// AppendBody appends p.Body as it is.
func (p *Raw) AppendBody(b []byte) ([]byte, error) { return append(b, p.Body...), nil }

// DecodeBody keeps body as p.Body (nil when empty); it never fails.
func (p *Raw) DecodeBody(body []byte) error {
	p.Body = nil
	if len(body) > 0 {
		p.Body = body
	}
	return nil
}

// Clone returns a deep copy of p.
func (p *Raw) Clone() *Raw { return &Raw{Command: p.Command, Body: cloneBytes(p.Body)} }

// MsgID is the 8-octet Msg_Id (§8.4.3.2, spec reference §5.5). The ISMG
// builds it from the time, its gateway code and a sequence number:
//
//	bits 63–60 month, 59–55 day, 54–50 hour, 49–44 minute, 43–38 second,
//	bits 37–16 gateway code (22 bits), 15–0 sequence number
//
// A receiver should treat it as opaque: store and compare the whole value,
// and use [MsgID.Parts] only for display.
type MsgID uint64

// MsgIDParts are the parts of a Msg_Id.
type MsgIDParts struct {
	Month, Day, Hour, Minute, Second uint8
	Gateway                          uint32 // ISMG_Id as a number ("001001" → 1001), 22 bits
	Sequence                         uint16
}

// Widths and shifts of the Msg_Id parts.
const (
	msgIDMonthShift  = 60
	msgIDDayShift    = 55
	msgIDHourShift   = 50
	msgIDMinuteShift = 44
	msgIDSecondShift = 38
	msgIDGatewayBits = 22
	msgIDGWShift     = 16
)

// NewMsgID packs parts into a Msg_Id. A part outside its range (month
// 1–12, day 1–31, hour 0–23, minute and second 0–59, gateway below 2^22)
// is an ErrInvalid error: it is never allowed to bleed into its neighbour.
func NewMsgID(p MsgIDParts) (MsgID, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	return MsgID(uint64(p.Month)<<msgIDMonthShift |
		uint64(p.Day)<<msgIDDayShift |
		uint64(p.Hour)<<msgIDHourShift |
		uint64(p.Minute)<<msgIDMinuteShift |
		uint64(p.Second)<<msgIDSecondShift |
		uint64(p.Gateway)<<msgIDGWShift |
		uint64(p.Sequence)), nil
}

// Validate checks every part against its range.
func (p MsgIDParts) Validate() error {
	bad := func(field, why string) error {
		return &EncodeError{Field: "Msg_Id " + field, Err: detail(ErrInvalid, why)}
	}
	switch {
	case p.Month < 1 || p.Month > 12:
		return bad("month", itoa(int(p.Month))+" is not 1 to 12")
	case p.Day < 1 || p.Day > 31:
		return bad("day", itoa(int(p.Day))+" is not 1 to 31")
	case p.Hour > 23:
		return bad("hour", itoa(int(p.Hour))+" is not 0 to 23")
	case p.Minute > 59:
		return bad("minute", itoa(int(p.Minute))+" is not 0 to 59")
	case p.Second > 59:
		return bad("second", itoa(int(p.Second))+" is not 0 to 59")
	case p.Gateway >= 1<<msgIDGatewayBits:
		return bad("gateway", strconv.FormatUint(uint64(p.Gateway), 10)+" does not fit 22 bits")
	}
	return nil
}

// Parts unpacks id. It never fails: a Msg_Id from the wire may hold any
// bits, and the parts report them as they are (check with Validate).
func (id MsgID) Parts() MsgIDParts {
	return MsgIDParts{
		Month:    uint8(id >> msgIDMonthShift & 0xf),
		Day:      uint8(id >> msgIDDayShift & 0x1f),
		Hour:     uint8(id >> msgIDHourShift & 0x1f),
		Minute:   uint8(id >> msgIDMinuteShift & 0x3f),
		Second:   uint8(id >> msgIDSecondShift & 0x3f),
		Gateway:  uint32(id >> msgIDGWShift & (1<<msgIDGatewayBits - 1)),
		Sequence: uint16(id),
	}
}

// String returns id as 16 lower-case hex digits with a 0x prefix, the
// form Wireshark shows.
func (id MsgID) String() string {
	return "0x" + hex8(uint32(id>>32)) + hex8(uint32(id))
}

// String returns the parts as "MM-DD hh:mm:ss gw=G seq=S".
func (p MsgIDParts) String() string {
	two := func(v uint8) string {
		return string([]byte{'0' + v/10%10, '0' + v%10})
	}
	return two(p.Month) + "-" + two(p.Day) + " " + two(p.Hour) + ":" + two(p.Minute) + ":" + two(p.Second) +
		" gw=" + strconv.FormatUint(uint64(p.Gateway), 10) + " seq=" + strconv.Itoa(int(p.Sequence))
}
