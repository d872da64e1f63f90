package cmpp

import (
	"encoding/binary"

	"github.com/go-cmpp/cmpp/internal/layout"
)

// Body lengths (spec reference §10).
const (
	submitFixedLen = submitRun0 + submitRun1 + submitRun2 // 151, + 32·N + Msg_Length
	submitDestLen  = submitDestTerminalIDsWidth           // 32, one Dest_terminal_Id
	submitRespLen  = 12
	// MaxSubmitDest is the largest DestUsr_tl the spec allows (fewer than 100).
	MaxSubmitDest = 99
)

// Submit is CMPP_SUBMIT (0x00000004, §8.4.3.1, spec reference §6.4): an SP
// sends a mobile-terminated message. Body 151 + 32·N + L octets, where N is
// len(DestTerminalIDs) and L is len(MsgContent); DestUsr_tl and Msg_Length
// are derived from them.
type Submit struct {
	// Msg_Id, 8 octets: 0 from an SP; the ISMG assigns the real id and
	// returns it in CMPP_SUBMIT_RESP.
	MsgID MsgID
	// Pk_total, 1 octet: number of parts sharing this message, ≥ 1.
	PkTotal uint8
	// Pk_number, 1 octet: this part's number, from 1.
	PkNumber uint8
	// Registered_Delivery, 1 octet: 0 no status report, 1 report wanted.
	RegisteredDelivery uint8
	// Msg_level, 1 octet: information level (the spec defines no values).
	MsgLevel uint8
	// Service_Id, 10 octets: the SP's service code.
	ServiceID []byte
	// Fee_UserType, 1 octet: who pays (0 destination, 1 source, 2 SP,
	// 3 the number in Fee_terminal_Id).
	FeeUserType uint8
	// Fee_terminal_Id, 32 octets: the charged number, used only when
	// Fee_UserType is 3.
	FeeTerminalID []byte
	// Fee_terminal_type, 1 octet: 0 real number, 1 pseudo-number.
	FeeTerminalType uint8
	// TP_pId, 1 octet: GSM 03.40 TP-Protocol-Identifier.
	TPPID uint8
	// TP_udhi, 1 octet: GSM 03.40 TP-User-Data-Header-Indicator; 1 when
	// MsgContent starts with a UDH.
	TPUDHI uint8
	// Msg_Fmt, 1 octet: coding of MsgContent.
	MsgFmt MsgFmt
	// Msg_src, 6 octets: content source, the SP_Id.
	MsgSrc []byte
	// FeeType, 2 octets: "01" free, "02" per message, "03" monthly.
	FeeType []byte
	// FeeCode, 6 octets: the fee in fen (分), ASCII digits.
	FeeCode []byte
	// ValId_Time, 17 octets: validity period in SMPP 3.3 time format;
	// empty for the gateway's default.
	ValidTime []byte
	// At_Time, 17 octets: scheduled delivery time in SMPP 3.3 format;
	// empty to send at once.
	AtTime []byte
	// Src_Id, 21 octets: the source number the handset shows: SP_Code, or
	// a long number starting with it.
	SrcID []byte
	// Dest_terminal_Id, 32 octets × DestUsr_tl: the recipients' MSISDNs.
	// DestUsr_tl (1 octet) is len(DestTerminalIDs).
	DestTerminalIDs [][]byte
	// Dest_terminal_type, 1 octet: 0 real numbers, 1 pseudo-numbers (one
	// value for all recipients).
	DestTerminalType uint8
	// Msg_Content, Msg_Length octets, including any UDH. Msg_Length
	// (1 octet) is len(MsgContent). Never trimmed.
	MsgContent []byte
	// LinkID, 20 octets: on-demand service link, echoed from the DELIVER
	// that asked for this message; empty otherwise.
	LinkID []byte
}

var _ Packet = (*Submit)(nil)

// CommandID returns CmdSubmit.
func (p *Submit) CommandID() CommandID { return CmdSubmit }

func (p *Submit) bodyLen() int {
	return submitFixedLen + submitDestLen*len(p.DestTerminalIDs) + len(p.MsgContent)
}

// AppendBody appends the body. Octet strings longer than their field, more
// than 255 destinations or more than 255 octets of content are refused
// with an *EncodeError naming the field.
func (p *Submit) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdSubmit}
	out, body := grow(b, p.bodyLen())
	dests := len(p.DestTerminalIDs) * submitDestTerminalIDsWidth
	h := (*[submitRun0]byte)(body)
	*h = [submitRun0]byte{}
	binary.BigEndian.PutUint64(h[submitMsgID:], uint64(p.MsgID))
	h[submitPkTotal] = p.PkTotal
	h[submitPkNumber] = p.PkNumber
	h[submitRegisteredDelivery] = p.RegisteredDelivery
	h[submitMsgLevel] = p.MsgLevel
	e.str("Service_Id", h[submitServiceID:submitServiceIDEnd], p.ServiceID)
	h[submitFeeUserType] = p.FeeUserType
	e.str("Fee_terminal_Id", h[submitFeeTerminalID:submitFeeTerminalIDEnd], p.FeeTerminalID)
	h[submitFeeTerminalType] = p.FeeTerminalType
	h[submitTPPID] = p.TPPID
	h[submitTPUDHI] = p.TPUDHI
	h[submitMsgFmt] = uint8(p.MsgFmt)
	e.str("Msg_src", h[submitMsgSrc:submitMsgSrcEnd], p.MsgSrc)
	e.str("FeeType", h[submitFeeType:submitFeeTypeEnd], p.FeeType)
	e.str("FeeCode", h[submitFeeCode:submitFeeCodeEnd], p.FeeCode)
	e.str("ValId_Time", h[submitValidTime:submitValidTimeEnd], p.ValidTime)
	e.str("At_Time", h[submitAtTime:submitAtTimeEnd], p.AtTime)
	e.str("Src_Id", h[submitSrcID:submitSrcIDEnd], p.SrcID)
	h[submitDestUsrtl] = e.count("DestUsr_tl", len(p.DestTerminalIDs))
	for i, d := range p.DestTerminalIDs {
		dst := (*[submitDestTerminalIDsWidth]byte)(body[submitRun0+i*submitDestTerminalIDsWidth:])
		*dst = [submitDestTerminalIDsWidth]byte{}
		e.str("Dest_terminal_Id", dst[:], d)
	}
	m := (*[submitRun1]byte)(body[submitRun0+dests:])
	m[submitDestTerminalType] = p.DestTerminalType
	m[submitMsgLength] = e.count("Msg_Length", len(p.MsgContent))
	copy(body[submitRun0+dests+submitRun1:], p.MsgContent)
	t := (*[submitRun2]byte)(body[len(body)-submitRun2:])
	*t = [submitRun2]byte{}
	e.str("LinkID", t[submitLinkID:submitLinkIDEnd], p.LinkID)
	return e.result(b, out)
}

// DecodeBody decodes the body. DestTerminalIDs reuses its capacity.
func (p *Submit) DecodeBody(body []byte) error {
	// The body is three fixed runs cut by Dest_terminal_Id × DestUsr_tl
	// and by Msg_Content: h (Msg_Id … DestUsr_tl), m (Dest_terminal_type,
	// Msg_Length) and t (LinkID). Each is read at constant offsets once the
	// counts before it say the body is long enough; if not, bodyError
	// names the field that runs out.
	if len(body) < submitRun0 {
		return bodyError(CmdSubmit, layout.Tables[uint32(CmdSubmit)], body)
	}
	h := (*[submitRun0]byte)(body)
	mOff := submitRun0 + int(h[submitDestUsrtl])*submitDestTerminalIDsWidth
	if len(body) < mOff+submitRun1 {
		return bodyError(CmdSubmit, layout.Tables[uint32(CmdSubmit)], body)
	}
	m := (*[submitRun1]byte)(body[mOff:])
	tOff := mOff + submitRun1 + int(m[submitMsgLength])
	if len(body) != tOff+submitRun2 {
		return bodyError(CmdSubmit, layout.Tables[uint32(CmdSubmit)], body)
	}
	t := (*[submitRun2]byte)(body[tOff:])

	p.MsgID = MsgID(binary.BigEndian.Uint64(h[submitMsgID:]))
	p.PkTotal = h[submitPkTotal]
	p.PkNumber = h[submitPkNumber]
	p.RegisteredDelivery = h[submitRegisteredDelivery]
	p.MsgLevel = h[submitMsgLevel]
	p.ServiceID = strLong(h[submitServiceID:submitServiceIDEnd])
	p.FeeUserType = h[submitFeeUserType]
	p.FeeTerminalID = strLong(h[submitFeeTerminalID:submitFeeTerminalIDEnd])
	p.FeeTerminalType = h[submitFeeTerminalType]
	p.TPPID = h[submitTPPID]
	p.TPUDHI = h[submitTPUDHI]
	p.MsgFmt = MsgFmt(h[submitMsgFmt])
	p.MsgSrc = strShort(h[submitMsgSrc:submitMsgSrcEnd])
	p.FeeType = str(h[submitFeeType:submitFeeTypeEnd])
	p.FeeCode = strShort(h[submitFeeCode:submitFeeCodeEnd])
	p.ValidTime = strLong(h[submitValidTime:submitValidTimeEnd])
	p.AtTime = strLong(h[submitAtTime:submitAtTimeEnd])
	p.SrcID = strLong(h[submitSrcID:submitSrcIDEnd])
	p.DestTerminalIDs = strs(p.DestTerminalIDs[:0], body[submitRun0:mOff], submitDestTerminalIDsWidth)
	p.DestTerminalType = m[submitDestTerminalType]
	p.MsgContent = raw(body[mOff+submitRun1 : tOff])
	p.LinkID = strLong(t[submitLinkID:submitLinkIDEnd])
	return nil
}

// Validate checks the spec's limits, which AppendBody and DecodeBody do not:
// 1 to 99 destinations, Msg_Length within the limit of Msg_Fmt (159 for
// ASCII, 140 otherwise), a known Msg_Fmt, Registered_Delivery 0 or 1,
// 1 ≤ Pk_number ≤ Pk_total, Fee_UserType 0–3, the *_type flags and TP_udhi
// 0 or 1, and FeeType "01", "02" or "03". Field widths are checked by
// AppendBody.
func (p *Submit) Validate() error {
	const cmd = CmdSubmit
	if n := len(p.DestTerminalIDs); n < 1 || n > MaxSubmitDest {
		return invalid(cmd, "DestUsr_tl", itoa(n)+" destinations, want 1 to "+itoa(MaxSubmitDest))
	}
	if err := validatePk(cmd, p.PkTotal, p.PkNumber); err != nil {
		return err
	}
	if err := validateContent(cmd, p.MsgFmt, p.MsgContent); err != nil {
		return err
	}
	return firstError(
		flag(cmd, "Registered_Delivery", p.RegisteredDelivery, 1),
		flag(cmd, "Fee_UserType", p.FeeUserType, 3),
		flag(cmd, "Fee_terminal_type", p.FeeTerminalType, 1),
		flag(cmd, "TP_udhi", p.TPUDHI, 1),
		flag(cmd, "Dest_terminal_type", p.DestTerminalType, 1),
		validateFeeType(cmd, p.FeeType, false),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *Submit) Clone() *Submit {
	c := *p
	c.ServiceID = cloneBytes(p.ServiceID)
	c.FeeTerminalID = cloneBytes(p.FeeTerminalID)
	c.MsgSrc = cloneBytes(p.MsgSrc)
	c.FeeType = cloneBytes(p.FeeType)
	c.FeeCode = cloneBytes(p.FeeCode)
	c.ValidTime = cloneBytes(p.ValidTime)
	c.AtTime = cloneBytes(p.AtTime)
	c.SrcID = cloneBytes(p.SrcID)
	c.DestTerminalIDs = cloneAll(p.DestTerminalIDs)
	c.MsgContent = cloneBytes(p.MsgContent)
	c.LinkID = cloneBytes(p.LinkID)
	return &c
}

// SubmitResp is CMPP_SUBMIT_RESP (0x80000004, §8.4.3.2). Body 12 octets.
type SubmitResp struct {
	// Msg_Id, 8 octets: the id the ISMG assigned; status reports for this
	// message carry it. A SUBMIT to N recipients reserves Msg_Id … Msg_Id+N−1.
	MsgID MsgID
	// Result, 4 octets: 0 success, 1–13 the errors of §9.2.
	Result SubmitResult
}

var _ Packet = (*SubmitResp)(nil)

// CommandID returns CmdSubmitResp.
func (p *SubmitResp) CommandID() CommandID { return CmdSubmitResp }
func (p *SubmitResp) bodyLen() int         { return submitRespLen }

// AppendBody appends the 12-octet body.
func (p *SubmitResp) AppendBody(b []byte) ([]byte, error) {
	return appendMsgIDResult(b, p.MsgID, uint32(p.Result)), nil
}

// DecodeBody decodes a 12-octet body.
func (p *SubmitResp) DecodeBody(body []byte) error {
	id, res, err := decodeMsgIDResult(CmdSubmitResp, body)
	p.MsgID, p.Result = id, SubmitResult(res)
	return err
}

// Validate has nothing to check: every value is legal.
func (p *SubmitResp) Validate() error { return nil }

// Clone returns a copy of p (it holds no slices).
func (p *SubmitResp) Clone() *SubmitResp { c := *p; return &c }

// appendMsgIDResult and decodeMsgIDResult are the shared body of
// SUBMIT_RESP and DELIVER_RESP: Msg_Id (8) + Result (4).
func appendMsgIDResult(b []byte, id MsgID, result uint32) []byte {
	w := newWriter(0, b, submitRespLen)
	w.u64(uint64(id))
	w.u32(result)
	return w.b
}

func decodeMsgIDResult(cmd CommandID, body []byte) (MsgID, uint32, error) {
	r := newReader(cmd, body)
	id := MsgID(r.u64("Msg_Id"))
	res := r.u32("Result")
	return id, res, r.finish()
}
