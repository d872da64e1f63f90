package cmpp

import "encoding/binary"

// Body lengths (spec reference §10).
const (
	submitFixedLen = submitRun0 + submitRun1 + submitRun2 // 151, + 32·N + Msg_Length
	submitDestLen  = submitDestTerminalIDsWidth           // 32, one Dest_terminal_Id
	submitRespLen  = 12
	// The 2.x bodies (spec reference §12.1).
	submitFixedLen20 = 126 // + 21·N + Msg_Length
	submitRespLen20  = 9
	// MaxSubmitDest is the largest DestUsr_tl the spec allows (fewer than 100).
	MaxSubmitDest = 99
)

// Submit is CMPP_SUBMIT (0x00000004, §8.4.3.1, spec reference §6.4): an SP
// sends a mobile-terminated message. Body 151 + 32·N + L octets, where N is
// len(DestTerminalIDs) and L is len(MsgContent); DestUsr_tl and Msg_Length
// are derived from them.
//
// The same value goes out as CMPP 2.0/2.1 with [Version20] (spec reference
// §12.1): body 126 + 21·N + L, the numbers 21 octets, no
// Fee_terminal_type, Dest_terminal_type or LinkID (they must be zero or
// empty), and the 8-octet Reserve at the end.
type Submit struct {
	// Msg_Id, 8 octets: 0 from an SP; the ISMG assigns the real id and
	// returns it in CMPP_SUBMIT_RESP.
	MsgID MsgID
	// Pk_total, 1 octet: number of parts sharing this message, ≥ 1.
	PkTotal uint8
	// Pk_number, 1 octet: this part's number, from 1.
	PkNumber uint8
	// Registered_Delivery, 1 octet: 0 no status report, 1 report wanted
	// (2.x also 2: an SMC bill, 计费话单).
	RegisteredDelivery uint8
	// Msg_level, 1 octet: information level (the spec defines no values).
	MsgLevel uint8
	// Service_Id, 10 octets: the SP's service code.
	ServiceID []byte
	// Fee_UserType, 1 octet: who pays (0 destination, 1 source, 2 SP,
	// 3 the number in Fee_terminal_Id).
	FeeUserType uint8
	// Fee_terminal_Id, 32 octets (21 in 2.x): the charged number, used
	// only when Fee_UserType is 3.
	FeeTerminalID []byte
	// Fee_terminal_type, 1 octet: 0 real number, 1 pseudo-number. Not in
	// 2.x.
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
	// FeeType, 2 octets: "01" free, "02" per message, "03" monthly (2.x
	// also "04" capped and "05" charged by the SP).
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
	// Dest_terminal_Id, 32 octets (21 in 2.x) × DestUsr_tl: the
	// recipients' MSISDNs. DestUsr_tl (1 octet) is len(DestTerminalIDs).
	DestTerminalIDs [][]byte
	// Dest_terminal_type, 1 octet: 0 real numbers, 1 pseudo-numbers (one
	// value for all recipients). Not in 2.x.
	DestTerminalType uint8
	// Msg_Content, Msg_Length octets, including any UDH. Msg_Length
	// (1 octet) is len(MsgContent). Never trimmed.
	MsgContent []byte
	// LinkID, 20 octets: on-demand service link, echoed from the DELIVER
	// that asked for this message; empty otherwise. Not in 2.x.
	LinkID []byte
	// Reserve, 8 octets, 2.x only (where 3.0 has LinkID): reserved. Kept
	// as received (only trailing 0x00 dropped) and written as given; it
	// must be empty to encode as 3.0.
	Reserve []byte
}

var _ Packet = (*Submit)(nil)

// CommandID returns CmdSubmit.
func (p *Submit) CommandID() CommandID { return CmdSubmit }

func (p *Submit) bodyLen() int { return p.bodyLenAs(Version30) }

func (p *Submit) bodyLenAs(v Version) int {
	return v.width(submitFixedLen20, submitFixedLen) + v.width(21, submitDestLen)*len(p.DestTerminalIDs) + len(p.MsgContent)
}

// AppendBody appends the 3.0 body. Octet strings longer than their field,
// more than 255 destinations, more than 255 octets of content, or a
// Reserve (2.x only) are refused with an *EncodeError naming the field.
//
// AppendBody and DecodeBody are the fast path of CMPP 3.0: the body is
// three fixed runs cut by Dest_terminal_Id × DestUsr_tl and by
// Msg_Content, h (Msg_Id … DestUsr_tl), m (Dest_terminal_type,
// Msg_Length) and t (LinkID), each read or written at the constant offsets
// of offsets.go once the counts before it say the body is long enough. For
// anything else (a body of another length, a value that cannot be written)
// they hand over to appendBody and decodeBody, which give the error.
func (p *Submit) AppendBody(b []byte) ([]byte, error) {
	if len(p.Reserve) != 0 {
		return p.appendBody(Version30, b) // refuses it
	}
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
	if out, err := e.result(b, out); err == nil {
		return out, nil
	}
	return p.appendBody(Version30, b) // names the field
}

// DecodeBody decodes the 3.0 body. DestTerminalIDs reuses its capacity.
func (p *Submit) DecodeBody(body []byte) error {
	if len(body) < submitRun0 {
		return p.decodeBody(Version30, body) // names the field
	}
	h := (*[submitRun0]byte)(body)
	mOff := submitRun0 + int(h[submitDestUsrtl])*submitDestTerminalIDsWidth
	// Run m (Dest_terminal_type, Msg_Length) must fit before Msg_Length
	// is read; then the body ends exactly with run t (LinkID).
	if len(body) < mOff+submitRun1 || len(body) != mOff+submitRun1+int(body[mOff+submitMsgLength])+submitRun2 {
		return p.decodeBody(Version30, body) // names the field
	}
	t := (*[submitRun2]byte)(body[len(body)-submitRun2:])

	p.MsgID = MsgID(binary.BigEndian.Uint64(h[submitMsgID:]))
	p.PkTotal = h[submitPkTotal]
	p.PkNumber = h[submitPkNumber]
	p.RegisteredDelivery = h[submitRegisteredDelivery]
	p.MsgLevel = h[submitMsgLevel]
	p.ServiceID = str16(h[submitServiceID:submitServiceIDEnd])
	p.FeeUserType = h[submitFeeUserType]
	p.FeeTerminalID = strLong(h[submitFeeTerminalID:submitFeeTerminalIDEnd])
	p.FeeTerminalType = h[submitFeeTerminalType]
	p.TPPID = h[submitTPPID]
	p.TPUDHI = h[submitTPUDHI]
	p.MsgFmt = MsgFmt(h[submitMsgFmt])
	p.MsgSrc = strShort(h[submitMsgSrc:submitMsgSrcEnd])
	p.FeeType = str2(h[submitFeeType:submitFeeTypeEnd])
	p.FeeCode = strShort(h[submitFeeCode:submitFeeCodeEnd])
	p.ValidTime = strLong(h[submitValidTime:submitValidTimeEnd])
	p.AtTime = strLong(h[submitAtTime:submitAtTimeEnd])
	p.SrcID = strLong(h[submitSrcID:submitSrcIDEnd])
	if d := p.DestTerminalIDs; mOff == submitRun0+submitDestLen && cap(d) != 0 { // 1 destination, reused: no call
		p.DestTerminalIDs = append(d[:0], strLong(body[submitRun0:mOff]))
	} else {
		p.DestTerminalIDs = strs(d[:0], body[submitRun0:mOff], submitDestTerminalIDsWidth)
	}
	p.DestTerminalType = body[mOff+submitDestTerminalType]
	p.MsgContent = raw(body[mOff+submitRun1 : len(body)-submitRun2])
	p.LinkID = strLong(t[submitLinkID:submitLinkIDEnd])
	p.Reserve = nil // 2.x only
	return nil
}

// appendBody and decodeBody are the spec table of §8.4.3.1 (3.0) and of
// spec reference §12.1 (2.x): the version picks the width of the numbers
// and which of Fee_terminal_type, Dest_terminal_type, LinkID and Reserve
// are there (width 0: absent). They are the general path: 3.0 comes here
// only for a body or a value the fast path does not take, so that every
// error comes from this one table.
func (p *Submit) appendBody(v Version, b []byte) ([]byte, error) {
	number := v.width(21, submitDestLen)
	w := newWriter(CmdSubmit, b, p.bodyLenAs(v))
	w.u64(uint64(p.MsgID))
	w.u8(p.PkTotal)
	w.u8(p.PkNumber)
	w.u8(p.RegisteredDelivery)
	w.u8(p.MsgLevel)
	w.octets("Service_Id", p.ServiceID, 10)
	w.u8(p.FeeUserType)
	w.octets("Fee_terminal_Id", p.FeeTerminalID, number)
	w.flag8(v, "Fee_terminal_type", p.FeeTerminalType, v.width(0, 1))
	w.u8(p.TPPID)
	w.u8(p.TPUDHI)
	w.u8(uint8(p.MsgFmt))
	w.octets("Msg_src", p.MsgSrc, 6)
	w.octets("FeeType", p.FeeType, 2)
	w.octets("FeeCode", p.FeeCode, 6)
	w.octets("ValId_Time", p.ValidTime, 17)
	w.octets("At_Time", p.AtTime, 17)
	w.octets("Src_Id", p.SrcID, 21)
	w.count("DestUsr_tl", len(p.DestTerminalIDs))
	for _, d := range p.DestTerminalIDs {
		w.octets("Dest_terminal_Id", d, number)
	}
	w.flag8(v, "Dest_terminal_type", p.DestTerminalType, v.width(0, 1))
	w.count("Msg_Length", len(p.MsgContent))
	w.bytes(p.MsgContent)
	w.octetsAs(v, "LinkID", p.LinkID, v.width(0, 20))
	w.reserveAs(v, "Reserve", p.Reserve, v.width(8, 0))
	return w.result(b)
}

func (p *Submit) decodeBody(v Version, body []byte) error {
	number := v.width(21, submitDestLen)
	r := newReader(CmdSubmit, body)
	p.MsgID = MsgID(r.u64("Msg_Id"))
	p.PkTotal = r.u8("Pk_total")
	p.PkNumber = r.u8("Pk_number")
	p.RegisteredDelivery = r.u8("Registered_Delivery")
	p.MsgLevel = r.u8("Msg_level")
	p.ServiceID = r.octets("Service_Id", 10)
	p.FeeUserType = r.u8("Fee_UserType")
	p.FeeTerminalID = r.octets("Fee_terminal_Id", number)
	p.FeeTerminalType = r.flag8("Fee_terminal_type", v.width(0, 1))
	p.TPPID = r.u8("TP_pId")
	p.TPUDHI = r.u8("TP_udhi")
	p.MsgFmt = MsgFmt(r.u8("Msg_Fmt"))
	p.MsgSrc = r.octets("Msg_src", 6)
	p.FeeType = r.octets("FeeType", 2)
	p.FeeCode = r.octets("FeeCode", 6)
	p.ValidTime = r.octets("ValId_Time", 17)
	p.AtTime = r.octets("At_Time", 17)
	p.SrcID = r.octets("Src_Id", 21)
	p.DestTerminalIDs = r.repeated("Dest_terminal_Id", int(r.u8("DestUsr_tl")), number, p.DestTerminalIDs[:0])
	p.DestTerminalType = r.flag8("Dest_terminal_type", v.width(0, 1))
	p.MsgContent = r.raw("Msg_Content", int(r.u8("Msg_Length")))
	p.LinkID = r.octets("LinkID", v.width(0, 20))
	p.Reserve = r.reserve("Reserve", v.width(8, 0))
	return r.finish()
}

// Validate checks the spec's limits, which AppendBody and DecodeBody do not:
// 1 to 99 destinations, Msg_Length within the limit of Msg_Fmt (159 for
// ASCII, 140 otherwise), a known Msg_Fmt, Registered_Delivery 0 or 1,
// 1 ≤ Pk_number ≤ Pk_total, Fee_UserType 0–3, the *_type flags and TP_udhi
// 0 or 1, FeeType "01", "02" or "03", and no Reserve (a 2.x field). Field
// widths are checked by AppendBody. It is ValidateVersion(Version30).
func (p *Submit) Validate() error { return p.ValidateVersion(Version30) }

// ValidateVersion checks the limits of the version p is sent as. Under
// 2.x (spec reference §12.1) Registered_Delivery may also be 2 (SMC bill)
// and FeeType "04" or "05", and Fee_terminal_type, Dest_terminal_type and
// LinkID, which 2.x does not have, must be zero or empty; under 3.0
// Reserve must be empty. The other limits are those of Validate.
func (p *Submit) ValidateVersion(v Version) error {
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
	feeType := validateFeeType(cmd, p.FeeType, false)
	if v.is2x() {
		feeType = validateFeeType20(cmd, p.FeeType)
	}
	return firstError(
		flag(cmd, "Registered_Delivery", p.RegisteredDelivery, uint8(v.width(2, 1))),
		flag(cmd, "Fee_UserType", p.FeeUserType, 3),
		flag(cmd, "Fee_terminal_type", p.FeeTerminalType, 1),
		notIn2x(v, cmd, "Fee_terminal_type", p.FeeTerminalType != 0),
		flag(cmd, "TP_udhi", p.TPUDHI, 1),
		flag(cmd, "Dest_terminal_type", p.DestTerminalType, 1),
		notIn2x(v, cmd, "Dest_terminal_type", p.DestTerminalType != 0),
		feeType,
		notIn2x(v, cmd, "LinkID", len(p.LinkID) != 0),
		notIn30(v, cmd, "Reserve", len(p.Reserve) != 0),
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
	c.Reserve = cloneBytes(p.Reserve)
	return &c
}

// SubmitResp is CMPP_SUBMIT_RESP (0x80000004, §8.4.3.2). Body 12 octets;
// 9 in CMPP 2.x, whose Result is 1 octet (spec reference §12.1).
type SubmitResp struct {
	// Msg_Id, 8 octets: the id the ISMG assigned; status reports for this
	// message carry it. A SUBMIT to N recipients reserves Msg_Id … Msg_Id+N−1.
	MsgID MsgID
	// Result, 4 octets (1 in 2.x): 0 success, 1–13 the errors of §9.2.
	Result SubmitResult
}

var _ Packet = (*SubmitResp)(nil)

// CommandID returns CmdSubmitResp.
func (p *SubmitResp) CommandID() CommandID    { return CmdSubmitResp }
func (p *SubmitResp) bodyLen() int            { return submitRespLen }
func (p *SubmitResp) bodyLenAs(v Version) int { return v.width(submitRespLen20, submitRespLen) }

// AppendBody appends the 12-octet 3.0 body.
func (p *SubmitResp) AppendBody(b []byte) ([]byte, error) { return p.appendBody(Version30, b) }

// DecodeBody decodes a 12-octet 3.0 body.
func (p *SubmitResp) DecodeBody(body []byte) error { return p.decodeBody(Version30, body) }

func (p *SubmitResp) appendBody(v Version, b []byte) ([]byte, error) {
	return appendMsgIDResult(v, CmdSubmitResp, b, p.MsgID, uint32(p.Result))
}

func (p *SubmitResp) decodeBody(v Version, body []byte) error {
	id, res, err := decodeMsgIDResult(v, CmdSubmitResp, body)
	p.MsgID, p.Result = id, SubmitResult(res)
	return err
}

// Validate has nothing to check: every value is legal.
func (p *SubmitResp) Validate() error { return nil }

// ValidateVersion checks the limits of version v: under 2.x, Result must
// fit its one octet.
func (p *SubmitResp) ValidateVersion(v Version) error {
	return fitsOctet(v, CmdSubmitResp, "Result", uint32(p.Result))
}

// Clone returns a copy of p (it holds no slices).
func (p *SubmitResp) Clone() *SubmitResp { c := *p; return &c }

// appendMsgIDResult and decodeMsgIDResult are the shared body of
// SUBMIT_RESP and DELIVER_RESP: Msg_Id (8) + Result (4; 1 in 2.x).
func appendMsgIDResult(v Version, cmd CommandID, b []byte, id MsgID, result uint32) ([]byte, error) {
	w := newWriter(cmd, b, v.width(submitRespLen20, submitRespLen))
	w.u64(uint64(id))
	w.uint("Result", result, v.width(1, 4))
	return w.result(b)
}

func decodeMsgIDResult(v Version, cmd CommandID, body []byte) (MsgID, uint32, error) {
	r := newReader(cmd, body)
	id := MsgID(r.u64("Msg_Id"))
	res := r.uint("Result", v.width(1, 4))
	return id, res, r.finish()
}
