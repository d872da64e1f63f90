package cmpp

import (
	"encoding/binary"

	"github.com/go-cmpp/cmpp/internal/layout"
)

// Body lengths (spec reference §10).
const (
	fwdFixedLen = fwdRun0 + fwdRun1 + fwdRun2 // 252, + 21·N + Msg_Length
	fwdDestLen  = fwdDestIDsWidth             // 21, one Dest_Id
	fwdRespLen  = 14
	// fwdContentOff is the body offset of Msg_Content less 21·N.
	fwdContentOff = fwdRun0 + fwdRun1 // 232

	// MOReportLen is the length of the MO status report a FWD with
	// Msg_Fwd_Type 3 carries (§8.5.4.1, spec reference §7.1.1).
	MOReportLen = moReportRun0 // 60
)

// FwdType is Msg_Fwd_Type of CMPP_FWD: what the FWD carries.
type FwdType uint8

// Msg_Fwd_Type values (§8.5.4.1).
const (
	FwdMT       FwdType = 0 // an SP's MT message
	FwdMO       FwdType = 1 // a user's MO message
	FwdMTReport FwdType = 2 // a status report for an MT ([Fwd.Report])
	FwdMOReport FwdType = 3 // a status report for an MO ([Fwd.MOReport])
)

func (t FwdType) String() string {
	switch t {
	case FwdMT:
		return "MT"
	case FwdMO:
		return "MO"
	case FwdMTReport:
		return "MT report"
	case FwdMOReport:
		return "MO report"
	}
	return "Msg_Fwd_Type(" + itoa(int(t)) + ")"
}

// Fwd is CMPP_FWD (0x00000009, §8.5.4.1, spec reference §7.1): one ISMG
// forwards an MT or MO message, or a status report, to another. Body
// 252 + 21·N + L octets; the spec requires N = len(DestIDs) = 1.
type Fwd struct {
	// Source_Id, 6 octets: the source gateway code. Right-aligned: a
	// shorter value is padded on the left with ASCII '0' when encoded, and
	// decode returns the 6 octets as they are.
	SourceID []byte
	// Destination_Id, 6 octets: the destination gateway code,
	// right-aligned like SourceID.
	DestinationID []byte
	// NodesCount, 1 octet: gateways passed through so far.
	NodesCount uint8
	// Msg_Fwd_Type, 1 octet: 0 MT, 1 MO, 2 MT status report, 3 MO status
	// report.
	MsgFwdType FwdType
	// Msg_Id, 8 octets: the message id.
	MsgID MsgID
	// Pk_total, 1 octet: number of parts, ≥ 1.
	PkTotal uint8
	// Pk_number, 1 octet: this part's number, from 1.
	PkNumber uint8
	// Registered_Delivery, 1 octet: 0 no report, 1 report wanted, 2 make
	// an SMC bill.
	RegisteredDelivery uint8
	// Msg_level, 1 octet: information level.
	MsgLevel uint8
	// Service_Id, 10 octets: the service code.
	ServiceID []byte
	// Fee_UserType, 1 octet: who pays (0–3, as in SUBMIT).
	FeeUserType uint8
	// Fee_terminal_Id, 21 octets: the charged number when Fee_UserType is 3.
	FeeTerminalID []byte
	// Fee_terminal_Pseudo, 32 octets: the charged user's pseudo-number.
	FeeTerminalPseudo []byte
	// Fee_terminal_UserType, 1 octet: 0 GoTone (全球通), 1 Easyown (神州行).
	FeeTerminalUserType uint8
	// TP_pid, 1 octet: GSM 03.40 TP-Protocol-Identifier.
	TPPID uint8
	// TP_udhi, 1 octet: GSM 03.40 TP-User-Data-Header-Indicator.
	TPUDHI uint8
	// Msg_Fmt, 1 octet: coding of MsgContent.
	MsgFmt MsgFmt
	// Msg_src, 6 octets: content source, the SP_Id.
	MsgSrc []byte
	// FeeType, 2 octets: "01", "02", "03" or "06".
	FeeType []byte
	// FeeCode, 6 octets: the fee in fen.
	FeeCode []byte
	// Valid_Time, 17 octets: validity period, SMPP 3.3 time format.
	ValidTime []byte
	// At_Time, 17 octets: scheduled time, SMPP 3.3 time format.
	AtTime []byte
	// Src_Id, 21 octets: source number; what it holds depends on
	// Msg_Fwd_Type (spec reference §7.1).
	SrcID []byte
	// Src_Pseudo, 32 octets: the source's pseudo-number.
	SrcPseudo []byte
	// Src_UserType, 1 octet: 0 GoTone, 1 Easyown.
	SrcUserType uint8
	// Src_type, 1 octet: type of the source number passed to the SP:
	// 0 real, 1 pseudo.
	SrcType uint8
	// Dest_Id, 21 octets × DestUsr_tl: destination numbers. DestUsr_tl
	// (1 octet) is len(DestIDs), which the spec requires to be 1.
	DestIDs [][]byte
	// Dest_Pseudo, 32 octets: the destination user's pseudo-number.
	DestPseudo []byte
	// Dest_UserType, 1 octet: 0 GoTone, 1 Easyown.
	DestUserType uint8
	// Msg_Content, Msg_Length octets: the message, or a status report
	// ([Fwd.Report], [Fwd.MOReport]). Msg_Length is len(MsgContent).
	MsgContent []byte
	// LinkID, 20 octets: on-demand service link.
	LinkID []byte
}

var _ Packet = (*Fwd)(nil)

// CommandID returns CmdFwd.
func (p *Fwd) CommandID() CommandID { return CmdFwd }

func (p *Fwd) bodyLen() int {
	return fwdFixedLen + fwdDestLen*len(p.DestIDs) + len(p.MsgContent)
}

// AppendBody appends the body; over-long fields, more than 255
// destinations or content octets are refused with an *EncodeError.
func (p *Fwd) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdFwd}
	out, body := grow(b, p.bodyLen())
	dests := len(p.DestIDs) * fwdDestIDsWidth
	h := (*[fwdRun0]byte)(body)
	*h = [fwdRun0]byte{}
	e.right("Source_Id", h[fwdSourceID:fwdSourceIDEnd], p.SourceID)
	e.right("Destination_Id", h[fwdDestinationID:fwdDestinationIDEnd], p.DestinationID)
	h[fwdNodesCount] = p.NodesCount
	h[fwdMsgFwdType] = uint8(p.MsgFwdType)
	binary.BigEndian.PutUint64(h[fwdMsgID:], uint64(p.MsgID))
	h[fwdPkTotal] = p.PkTotal
	h[fwdPkNumber] = p.PkNumber
	h[fwdRegisteredDelivery] = p.RegisteredDelivery
	h[fwdMsgLevel] = p.MsgLevel
	e.str("Service_Id", h[fwdServiceID:fwdServiceIDEnd], p.ServiceID)
	h[fwdFeeUserType] = p.FeeUserType
	e.str("Fee_terminal_Id", h[fwdFeeTerminalID:fwdFeeTerminalIDEnd], p.FeeTerminalID)
	e.str("Fee_terminal_Pseudo", h[fwdFeeTerminalPseudo:fwdFeeTerminalPseudoEnd], p.FeeTerminalPseudo)
	h[fwdFeeTerminalUserType] = p.FeeTerminalUserType
	h[fwdTPPID] = p.TPPID
	h[fwdTPUDHI] = p.TPUDHI
	h[fwdMsgFmt] = uint8(p.MsgFmt)
	e.str("Msg_src", h[fwdMsgSrc:fwdMsgSrcEnd], p.MsgSrc)
	e.str("FeeType", h[fwdFeeType:fwdFeeTypeEnd], p.FeeType)
	e.str("FeeCode", h[fwdFeeCode:fwdFeeCodeEnd], p.FeeCode)
	e.str("Valid_Time", h[fwdValidTime:fwdValidTimeEnd], p.ValidTime)
	e.str("At_Time", h[fwdAtTime:fwdAtTimeEnd], p.AtTime)
	e.str("Src_Id", h[fwdSrcID:fwdSrcIDEnd], p.SrcID)
	e.str("Src_Pseudo", h[fwdSrcPseudo:fwdSrcPseudoEnd], p.SrcPseudo)
	h[fwdSrcUserType] = p.SrcUserType
	h[fwdSrcType] = p.SrcType
	h[fwdDestUsrtl] = e.count("DestUsr_tl", len(p.DestIDs))
	for i, d := range p.DestIDs {
		dst := (*[fwdDestIDsWidth]byte)(body[fwdRun0+i*fwdDestIDsWidth:])
		*dst = [fwdDestIDsWidth]byte{}
		e.str("Dest_Id", dst[:], d)
	}
	m := (*[fwdRun1]byte)(body[fwdRun0+dests:])
	*m = [fwdRun1]byte{}
	e.str("Dest_Pseudo", m[fwdDestPseudo:fwdDestPseudoEnd], p.DestPseudo)
	m[fwdDestUserType] = p.DestUserType
	m[fwdMsgLength] = e.count("Msg_Length", len(p.MsgContent))
	copy(body[fwdRun0+dests+fwdRun1:], p.MsgContent)
	t := (*[fwdRun2]byte)(body[len(body)-fwdRun2:])
	*t = [fwdRun2]byte{}
	e.str("LinkID", t[fwdLinkID:fwdLinkIDEnd], p.LinkID)
	return e.result(b, out)
}

// DecodeBody decodes the body. DestIDs reuses its capacity.
func (p *Fwd) DecodeBody(body []byte) error {
	// The body is three fixed runs cut by Dest_Id × DestUsr_tl and by
	// Msg_Content: h (Source_Id … DestUsr_tl), m (Dest_Pseudo … Msg_Length)
	// and t (LinkID). Each is read at constant offsets once the counts
	// before it say the body is long enough; if not, bodyError names the
	// field that runs out.
	if len(body) < fwdRun0 {
		return bodyError(CmdFwd, layout.Tables[uint32(CmdFwd)], body)
	}
	h := (*[fwdRun0]byte)(body)
	mOff := fwdRun0 + int(h[fwdDestUsrtl])*fwdDestIDsWidth
	if len(body) < mOff+fwdRun1 {
		return bodyError(CmdFwd, layout.Tables[uint32(CmdFwd)], body)
	}
	m := (*[fwdRun1]byte)(body[mOff:])
	tOff := mOff + fwdRun1 + int(m[fwdMsgLength])
	if len(body) != tOff+fwdRun2 {
		return bodyError(CmdFwd, layout.Tables[uint32(CmdFwd)], body)
	}
	t := (*[fwdRun2]byte)(body[tOff:])

	p.SourceID = raw(h[fwdSourceID:fwdSourceIDEnd])
	p.DestinationID = raw(h[fwdDestinationID:fwdDestinationIDEnd])
	p.NodesCount = h[fwdNodesCount]
	p.MsgFwdType = FwdType(h[fwdMsgFwdType])
	p.MsgID = MsgID(binary.BigEndian.Uint64(h[fwdMsgID:]))
	p.PkTotal = h[fwdPkTotal]
	p.PkNumber = h[fwdPkNumber]
	p.RegisteredDelivery = h[fwdRegisteredDelivery]
	p.MsgLevel = h[fwdMsgLevel]
	p.ServiceID = str16(h[fwdServiceID:fwdServiceIDEnd])
	p.FeeUserType = h[fwdFeeUserType]
	p.FeeTerminalID = strLong(h[fwdFeeTerminalID:fwdFeeTerminalIDEnd])
	p.FeeTerminalPseudo = strLong(h[fwdFeeTerminalPseudo:fwdFeeTerminalPseudoEnd])
	p.FeeTerminalUserType = h[fwdFeeTerminalUserType]
	p.TPPID = h[fwdTPPID]
	p.TPUDHI = h[fwdTPUDHI]
	p.MsgFmt = MsgFmt(h[fwdMsgFmt])
	p.MsgSrc = strShort(h[fwdMsgSrc:fwdMsgSrcEnd])
	p.FeeType = str2(h[fwdFeeType:fwdFeeTypeEnd])
	p.FeeCode = strShort(h[fwdFeeCode:fwdFeeCodeEnd])
	p.ValidTime = strLong(h[fwdValidTime:fwdValidTimeEnd])
	p.AtTime = strLong(h[fwdAtTime:fwdAtTimeEnd])
	p.SrcID = strLong(h[fwdSrcID:fwdSrcIDEnd])
	p.SrcPseudo = strLong(h[fwdSrcPseudo:fwdSrcPseudoEnd])
	p.SrcUserType = h[fwdSrcUserType]
	p.SrcType = h[fwdSrcType]
	p.DestIDs = strs(p.DestIDs[:0], body[fwdRun0:mOff], fwdDestIDsWidth)
	p.DestPseudo = strLong(m[fwdDestPseudo:fwdDestPseudoEnd])
	p.DestUserType = m[fwdDestUserType]
	p.MsgContent = raw(body[mOff+fwdRun1 : tOff])
	p.LinkID = strLong(t[fwdLinkID:fwdLinkIDEnd])
	return nil
}

// Validate checks the spec's limits: exactly one Dest_Id, Source_Id and
// Destination_Id of 6 digits, Msg_Fwd_Type 0–3, Registered_Delivery 0–2,
// 1 ≤ Pk_number ≤ Pk_total, a known Msg_Fmt with Msg_Length in its limit,
// Fee_UserType 0–3, the user-type and type flags and TP_udhi 0 or 1,
// FeeType "01", "02", "03" or "06", and a report content of the right
// length (71 octets for type 2, 60 for type 3).
func (p *Fwd) Validate() error {
	const cmd = CmdFwd
	if n := len(p.DestIDs); n != 1 {
		return invalid(cmd, "DestUsr_tl", itoa(n)+" destinations, the spec requires 1")
	}
	if err := firstError(
		validateDigits(cmd, "Source_Id", p.SourceID, 6),
		validateDigits(cmd, "Destination_Id", p.DestinationID, 6),
		flag(cmd, "Msg_Fwd_Type", uint8(p.MsgFwdType), 3),
		flag(cmd, "Registered_Delivery", p.RegisteredDelivery, 2),
		validatePk(cmd, p.PkTotal, p.PkNumber),
		validateContent(cmd, p.MsgFmt, p.MsgContent),
		flag(cmd, "Fee_UserType", p.FeeUserType, 3),
		flag(cmd, "Fee_terminal_UserType", p.FeeTerminalUserType, 1),
		flag(cmd, "TP_udhi", p.TPUDHI, 1),
		flag(cmd, "Src_UserType", p.SrcUserType, 1),
		flag(cmd, "Src_type", p.SrcType, 1),
		flag(cmd, "Dest_UserType", p.DestUserType, 1),
		validateFeeType(cmd, p.FeeType, true),
	); err != nil {
		return err
	}
	want := -1
	switch p.MsgFwdType {
	case FwdMTReport:
		want = ReportLen
	case FwdMOReport:
		want = MOReportLen
	}
	if want >= 0 && len(p.MsgContent) != want {
		return invalid(cmd, "Msg_Length", "a "+p.MsgFwdType.String()+" is "+itoa(want)+" octets, not "+itoa(len(p.MsgContent)))
	}
	return nil
}

// Clone returns a deep copy of p that owns its memory.
func (p *Fwd) Clone() *Fwd {
	c := *p
	c.SourceID = cloneBytes(p.SourceID)
	c.DestinationID = cloneBytes(p.DestinationID)
	c.ServiceID = cloneBytes(p.ServiceID)
	c.FeeTerminalID = cloneBytes(p.FeeTerminalID)
	c.FeeTerminalPseudo = cloneBytes(p.FeeTerminalPseudo)
	c.MsgSrc = cloneBytes(p.MsgSrc)
	c.FeeType = cloneBytes(p.FeeType)
	c.FeeCode = cloneBytes(p.FeeCode)
	c.ValidTime = cloneBytes(p.ValidTime)
	c.AtTime = cloneBytes(p.AtTime)
	c.SrcID = cloneBytes(p.SrcID)
	c.SrcPseudo = cloneBytes(p.SrcPseudo)
	c.DestIDs = cloneAll(p.DestIDs)
	c.DestPseudo = cloneBytes(p.DestPseudo)
	c.MsgContent = cloneBytes(p.MsgContent)
	c.LinkID = cloneBytes(p.LinkID)
	return &c
}

// contentOffset is the PDU offset of Msg_Content, for report errors.
func (p *Fwd) contentOffset() int { return HeaderLen + fwdContentOff + fwdDestLen*len(p.DestIDs) }

// Report parses the MT status report of a FWD with Msg_Fwd_Type = 2: the
// 71-octet layout of a DELIVER report (or the 60-octet 2.0 form), chosen by
// Msg_Length. Its []byte fields alias MsgContent.
func (p *Fwd) Report() (Report, error) {
	if p.MsgFwdType != FwdMTReport {
		return Report{}, p.notType(FwdMTReport)
	}
	var r Report
	err := r.parse(CmdFwd, p.MsgContent, p.contentOffset(), 1) // Msg_Fwd_Type checked above
	return r, err
}

// MOReport parses the MO status report of a FWD with Msg_Fwd_Type = 3: the
// 60-octet structure of §8.5.4.1 (spec reference §7.1.1). Its []byte
// fields alias MsgContent.
func (p *Fwd) MOReport() (MOReport, error) {
	if p.MsgFwdType != FwdMOReport {
		return MOReport{}, p.notType(FwdMOReport)
	}
	if len(p.MsgContent) != MOReportLen {
		return MOReport{}, &DecodeError{Command: CmdFwd, Field: "Msg_Length", Offset: p.contentOffset() - 1,
			Err: detail(ErrInvalid, "an MO report is "+itoa(MOReportLen)+" octets, not "+itoa(len(p.MsgContent)))}
	}
	r := (*[moReportRun0]byte)(p.MsgContent)
	return MOReport{
		MsgID:           MsgID(binary.BigEndian.Uint64(r[moReportMsgID:])),
		Stat:            strShort(r[moReportStat:moReportStatEnd]),
		DeliverTime:     str16(r[moReportDeliverTime:moReportDeliverTimeEnd]),
		DeliverRespTime: str16(r[moReportDeliverRespTime:moReportDeliverRespTimeEnd]),
		DestID:          strLong(r[moReportDestID:moReportDestIDEnd]),
		Reserved:        [4]byte(r[moReportReserved:moReportReservedEnd]),
	}, nil
}

func (p *Fwd) notType(want FwdType) error {
	return &DecodeError{Command: CmdFwd, Field: "Msg_Fwd_Type", Offset: HeaderLen + fwdMsgFwdType,
		Err: detail(ErrInvalid, "Msg_Fwd_Type is "+itoa(int(p.MsgFwdType))+", not "+itoa(int(want)))}
}

// MOReport is the MO status report carried in the Msg_Content of a FWD with
// Msg_Fwd_Type = 3 (§8.5.4.1, spec reference §7.1.1): the SP's answer to an
// MO, passed back to the gateway that forwarded it. 60 octets.
type MOReport struct {
	// Msg_Id, 8 octets: the Msg_Id of the DELIVER sent to the SP.
	MsgID MsgID
	// Stat, 7 octets: "DELIVRD" when the DELIVER_RESP Result was 0,
	// otherwise e.g. "SA:xxxx" or "SB:xxxx".
	Stat []byte
	// CMPP_DELIVER_time, 10 octets: YYMMDDHHMM the DELIVER was sent.
	DeliverTime []byte
	// CMPP_DELIVER_RESP_time, 10 octets: YYMMDDHHMM its response arrived.
	DeliverRespTime []byte
	// Dest_Id, 21 octets: the destination SP's service code.
	DestID []byte
	// Reserved, 4 octets: send zeros.
	Reserved [4]byte
}

// AppendBinary appends the 60-octet encoding of r, ready to be the
// MsgContent of a FWD with Msg_Fwd_Type = 3.
func (r *MOReport) AppendBinary(b []byte) ([]byte, error) {
	e := encoder{}
	out, content := grow(b, MOReportLen)
	f := (*[moReportRun0]byte)(content)
	*f = [moReportRun0]byte{}
	binary.BigEndian.PutUint64(f[moReportMsgID:], uint64(r.MsgID))
	e.str("Stat", f[moReportStat:moReportStatEnd], r.Stat)
	e.str("CMPP_DELIVER_time", f[moReportDeliverTime:moReportDeliverTimeEnd], r.DeliverTime)
	e.str("CMPP_DELIVER_RESP_time", f[moReportDeliverRespTime:moReportDeliverRespTimeEnd], r.DeliverRespTime)
	e.str("Dest_Id", f[moReportDestID:moReportDestIDEnd], r.DestID)
	*(*[4]byte)(f[moReportReserved:moReportReservedEnd]) = r.Reserved
	return e.result(b, out)
}

// FwdResp is CMPP_FWD_RESP (0x80000009, §8.5.4.2, spec reference §7.2).
// Body 14 octets.
type FwdResp struct {
	// Msg_Id, 8 octets: from the FWD being answered.
	MsgID MsgID
	// Pk_total, 1 octet: echoed from the FWD.
	PkTotal uint8
	// Pk_number, 1 octet: echoed from the FWD.
	PkNumber uint8
	// Result, 4 octets: 0 success, 1–8 as for SUBMIT_RESP, 9 wrong forward
	// decision, ≥ 10 other.
	Result FwdResult
}

var _ Packet = (*FwdResp)(nil)

// CommandID returns CmdFwdResp.
func (p *FwdResp) CommandID() CommandID { return CmdFwdResp }
func (p *FwdResp) bodyLen() int         { return fwdRespLen }

// AppendBody appends the 14-octet body.
func (p *FwdResp) AppendBody(b []byte) ([]byte, error) {
	out, body := grow(b, fwdRespLen)
	f := (*[fwdRespRun0]byte)(body)
	binary.BigEndian.PutUint64(f[fwdRespMsgID:], uint64(p.MsgID))
	f[fwdRespPkTotal] = p.PkTotal
	f[fwdRespPkNumber] = p.PkNumber
	binary.BigEndian.PutUint32(f[fwdRespResult:], uint32(p.Result))
	return out, nil
}

// DecodeBody decodes a 14-octet body.
func (p *FwdResp) DecodeBody(body []byte) error {
	if len(body) != fwdRespRun0 {
		return bodyError(CmdFwdResp, layout.Tables[uint32(CmdFwdResp)], body)
	}
	f := (*[fwdRespRun0]byte)(body)
	p.MsgID = MsgID(binary.BigEndian.Uint64(f[fwdRespMsgID:]))
	p.PkTotal = f[fwdRespPkTotal]
	p.PkNumber = f[fwdRespPkNumber]
	p.Result = FwdResult(binary.BigEndian.Uint32(f[fwdRespResult:]))
	return nil
}

// Validate checks 1 ≤ Pk_number ≤ Pk_total.
func (p *FwdResp) Validate() error { return validatePk(CmdFwdResp, p.PkTotal, p.PkNumber) }

// Clone returns a copy of p (it holds no slices).
func (p *FwdResp) Clone() *FwdResp { c := *p; return &c }
