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
// When a body fails to decode, [Decode] and [Decoder.Decode] still return
// the Header (with a nil Packet), as long as the 12 header octets are
// there and Total_Length matches: a gateway can answer a broken SUBMIT
// with its Sequence_Id (and Result 1, message structure error).
//
// # Octet strings
//
// Fixed-width Octet String fields are []byte values (spec reference §1):
//
//   - Decode cuts a field at its first 0x00: the spec's 0x00 padding ends
//     the string, so octets a careless peer leaves after it
//     ("13800138000\x00XYZ") are not part of the value. Only 0x00 ends a
//     value; a trailing space is data. An empty field decodes as nil.
//   - Encode pads with 0x00 on the right, refuses a value longer than its
//     field ([ErrFieldTooLong]) and refuses a 0x00 inside a value
//     ([ErrInvalid]), which no reader could get back. Nothing is ever cut.
//   - The exceptions: Msg_Content is never cut (Msg_Length gives its
//     length); Reserve and Reserved fields, undefined octets rather than
//     strings, lose only their trailing 0x00 octets and are written as
//     given; the right-aligned CMPP_FWD Source_Id and Destination_Id are
//     decoded as the 6 octets they are, and encoded padded on the left
//     with ASCII '0'.
//
// So a PDU whose padding is all 0x00, which is what every encoder we know
// writes, re-encodes byte for byte; any other PDU re-encodes to that
// canonical form, which then stays the same through any number of decode
// and encode rounds.
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
//   - Decoded []byte fields alias the input: they are subslices of it
//     (capacity-limited, so appending to one never writes into the input).
//   - Values returned by [Decoder.Decode] are owned by the Decoder and
//     valid until its next call. Clone gives a deep copy that owns its
//     memory.
//
// # Input and output
//
// [ReadPacket] and [SplitPacket] frame a byte stream into PDUs;
// [WritePacket] encodes one PDU and writes it with a single Write call,
// so PDUs written by concurrent callers under a lock never interleave.
// Nothing in this package sets or waits for a deadline: the codec never
// times out, and a read from a peer that stops sending blocks forever.
// Set deadlines on the connection (net.Conn.SetReadDeadline and
// SetWriteDeadline) around every ReadPacket and WritePacket.
//
// # Times, ids and reports
//
// Every CMPP clock field is China Standard Time ([ChinaStandardTime],
// UTC+8): [Timestamp] and [NewConnect] (CONNECT's MMDDHHMMSS),
// [NewMsgIDAt] (the Msg_Id parts), [ParseReportTime] and
// [AppendReportTime] (a report's Submit_time and Done_time, YYMMDDHHMM),
// [ParseSMPPTime], [AppendSMPPTime] and [AppendSMPPRelative] (ValId_Time
// and At_Time) convert whatever zone they are given. [Deliver.Report],
// [Fwd.Report] and [Fwd.MOReport] read status reports, and [StatText]
// says what their Stat means.
//
// # Errors
//
// Bad input gives a [*DecodeError] naming the field (in the spec's
// spelling) and its offset from the first octet of the PDU; a value that
// cannot be written gives an [*EncodeError], as does a Validate method
// (with Op "validate": "cmpp: validate CMPP_FWD: FeeType: …"). Both wrap one of the sentinel
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

// To add a PDU: a Cmd constant and its row in pduTypes → the type and its
// methods in the file of its family (AppendBody, DecodeBody, bodyLen,
// Validate, Clone) with a `var _ Packet` line → a fixture in
// testdata/packets and its field table in internal/layout (and, for
// constant offsets, a row in offsetTables of offsets_test.go, then
// go test -run TestOffsets -update-offsets .); the golden, truncation,
// fuzz and allocation tests pick it up from there.

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

// pduTypes is the one list of the PDU types this package models, as
// http2's frame parsers are one table: each Command_Id with its spec name
// and its body type. CommandID.String, ParseCommandID, NewPacket, Clone
// and the Decoder all read it; adding a row is all a new PDU
// type needs here.
var pduTypes = [...]pduType{
	pdu[Connect](CmdConnect, "CMPP_CONNECT"),
	pdu[ConnectResp](CmdConnectResp, "CMPP_CONNECT_RESP"),
	pdu[Terminate](CmdTerminate, "CMPP_TERMINATE"),
	pdu[TerminateResp](CmdTerminateResp, "CMPP_TERMINATE_RESP"),
	pdu[Submit](CmdSubmit, "CMPP_SUBMIT"),
	pdu[SubmitResp](CmdSubmitResp, "CMPP_SUBMIT_RESP"),
	pdu[Deliver](CmdDeliver, "CMPP_DELIVER"),
	pdu[DeliverResp](CmdDeliverResp, "CMPP_DELIVER_RESP"),
	pdu[Query](CmdQuery, "CMPP_QUERY"),
	pdu[QueryResp](CmdQueryResp, "CMPP_QUERY_RESP"),
	pdu[Cancel](CmdCancel, "CMPP_CANCEL"),
	pdu[CancelResp](CmdCancelResp, "CMPP_CANCEL_RESP"),
	pdu[ActiveTest](CmdActiveTest, "CMPP_ACTIVE_TEST"),
	pdu[ActiveTestResp](CmdActiveTestResp, "CMPP_ACTIVE_TEST_RESP"),
	pdu[Fwd](CmdFwd, "CMPP_FWD"),
	pdu[FwdResp](CmdFwdResp, "CMPP_FWD_RESP"),
	pdu[MTRoute](CmdMTRoute, "CMPP_MT_ROUTE"),
	pdu[MTRouteResp](CmdMTRouteResp, "CMPP_MT_ROUTE_RESP"),
	pdu[MORoute](CmdMORoute, "CMPP_MO_ROUTE"),
	pdu[MORouteResp](CmdMORouteResp, "CMPP_MO_ROUTE_RESP"),
	pdu[GetMTRoute](CmdGetMTRoute, "CMPP_GET_MT_ROUTE"),
	pdu[GetMTRouteResp](CmdGetMTRouteResp, "CMPP_GET_MT_ROUTE_RESP"),
	pdu[MTRouteUpdate](CmdMTRouteUpdate, "CMPP_MT_ROUTE_UPDATE"),
	pdu[MTRouteUpdateResp](CmdMTRouteUpdateResp, "CMPP_MT_ROUTE_UPDATE_RESP"),
	pdu[MORouteUpdate](CmdMORouteUpdate, "CMPP_MO_ROUTE_UPDATE"),
	pdu[MORouteUpdateResp](CmdMORouteUpdateResp, "CMPP_MO_ROUTE_UPDATE_RESP"),
	pdu[PushMTRouteUpdate](CmdPushMTRouteUpdate, "CMPP_PUSH_MT_ROUTE_UPDATE"),
	pdu[PushMTRouteUpdateResp](CmdPushMTRouteUpdateResp, "CMPP_PUSH_MT_ROUTE_UPDATE_RESP"),
	pdu[PushMORouteUpdate](CmdPushMORouteUpdate, "CMPP_PUSH_MO_ROUTE_UPDATE"),
	pdu[PushMORouteUpdateResp](CmdPushMORouteUpdateResp, "CMPP_PUSH_MO_ROUTE_UPDATE_RESP"),
	pdu[GetMORoute](CmdGetMORoute, "CMPP_GET_MO_ROUTE"),
	pdu[GetMORouteResp](CmdGetMORouteResp, "CMPP_GET_MO_ROUTE_RESP"),
}

// A pduType is one row of pduTypes.
type pduType struct {
	id    CommandID
	name  string
	new   func() Packet
	clone func(Packet) Packet // p must be of this row's type
}

// pdu makes the row of body type T: its constructor and its deep copy.
func pdu[T any, P interface {
	*T
	Packet
	Clone() P
}](id CommandID, name string) pduType {
	return pduType{id, name,
		func() Packet { return P(new(T)) },
		func(p Packet) Packet { return p.(P).Clone() }}
}

// The ids of pduTypes run 0x01–0x17 with holes, plus the response bit, so
// slot packs a Command_Id into a small dense index: a request id below
// 0x20 is its own slot, its response that + 0x20. Any other id has no slot.
const (
	slotBits = 0x1f // the low bits that pick a slot; every id of pduTypes is below 0x20
	numSlots = 2 * (slotBits + 1)
)

// slot returns the slot of id, or false if id has bits outside slotBits
// and the response bit. It is a test and two shifts, no branch on the
// response bit, so that Decoder.Decode inlines it.
func slot(id CommandID) (uint, bool) {
	return uint(id>>26&(slotBits+1) | id&slotBits), id&^(responseBit|slotBits) == 0
}

// pduBySlot maps a slot to 1 + the index of its row in pduTypes, 0 for a
// hole: Command_Id → row without a map lookup.
var pduBySlot = func() (s [numSlots]uint8) {
	for i, t := range pduTypes {
		k, ok := slot(t.id)
		if !ok || s[k] != 0 {
			panic("cmpp: pduTypes: bad or repeated " + t.name)
		}
		s[k] = uint8(i + 1)
	}
	return s
}()

// pduIndex returns the index of id's row in pduTypes, or false for a
// Command_Id this package does not model.
func pduIndex(id CommandID) (int, bool) {
	k, ok := slot(id)
	if !ok || pduBySlot[k%numSlots] == 0 {
		return 0, false
	}
	return int(pduBySlot[k%numSlots]) - 1, true
}

// String returns the spec's name, e.g. "CMPP_SUBMIT_RESP"; an id the spec
// does not define prints as "CMPP_0x00000003".
func (id CommandID) String() string {
	if i, ok := pduIndex(id); ok {
		return pduTypes[i].name
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
	for _, t := range pduTypes {
		if t.name == s {
			return t.id, true
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
//
// When the header is sound but the body is not (or the command is
// unknown), Decode returns the Header with a nil Packet and the error, so
// the caller can still answer with the request's Sequence_Id.
func Decode(pdu []byte) (Header, Packet, error) {
	return Version30.Decode(pdu)
}

// A Decoder decodes PDUs into values it owns and reuses, so that decoding
// allocates nothing once the Decoder has seen each type (slices keep their
// capacity). The Packet returned by Decode, and everything reachable from
// it, is valid only until the next call to Decode; it aliases the input.
// A Decoder must not be used by several goroutines at once, nor copied
// after first use. The zero value is ready to use.
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

	// vals holds the Decoder's value of each type, by its slot (the
	// Command_Id's low bits and response bit), made the first time that
	// type arrives.
	vals [numSlots]Packet
	raw  Raw
}

// Decode decodes exactly one PDU: len(pdu) must equal Total_Length, which
// must lie in [HeaderLen, MaxPacketLen]. The returned Packet is one of the
// Decoder's own values; it and its []byte fields (which alias pdu) are
// valid until the next call. As with the function [Decode], a body that
// fails still gives its Header.
func (d *Decoder) Decode(pdu []byte) (Header, Packet, error) {
	h, ok := pduHeader(pdu)
	if !ok {
		return badHeader(pdu)
	}
	k, ok := slot(h.CommandID)
	p := d.vals[k%numSlots] // the value of a type seen before: no call
	if p == nil || !ok {
		if p = d.packet(h.CommandID); p == nil {
			return h, nil, unknownCommand(h)
		}
	}
	body := pdu[HeaderLen:]
	var err error
	if d.Version.is2x() {
		err = decodeBodyAs(d.Version, p, body)
	} else if err = p.DecodeBody(body); err != nil { // 3.0 without a call in between
		err = withVersionHint(d.Version, p, body, err)
	}
	if err != nil {
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

// packet returns the Decoder's value for id, made on first use and kept
// in id's slot, or nil for an unknown id when KeepUnknown is not set.
// Decode reads the slot itself and comes here only when it is empty.
func (d *Decoder) packet(id CommandID) Packet {
	k, ok := slot(id)
	i, known := pduIndex(id)
	if !ok || !known {
		if d.KeepUnknown {
			d.raw.Command = id
			return &d.raw
		}
		return nil
	}
	p := d.vals[k%numSlots]
	if p == nil {
		p = pduTypes[i].new()
		d.vals[k%numSlots] = p
	}
	return p
}

// NewPacket returns a new zero value of the body type for id (a *Submit
// for CmdSubmit, …), or nil for a Command_Id this package does not model.
// Tools that build PDUs from a command name use it with ParseCommandID.
func NewPacket(id CommandID) Packet {
	if i, ok := pduIndex(id); ok {
		return pduTypes[i].new()
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
