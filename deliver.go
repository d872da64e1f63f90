package cmpp

import "encoding/binary"

// Body lengths (spec reference §10).
const (
	deliverFixedLen = deliverRun0 + deliverRun1 // 97, + Msg_Length
	deliverRespLen  = 12
	// The 2.x bodies (spec reference §12.1).
	deliverFixedLen20 = 73 // + Msg_Length
	deliverRespLen20  = 9
	// deliverContentOff is the PDU offset of Msg_Content in a DELIVER.
	deliverContentOff = HeaderLen + deliverRun0

	// ReportLen is the length of a CMPP 3.0 status report (§8.4.5.1 table
	// 2): Dest_terminal_Id is 32 octets.
	ReportLen = reportRun0 // 71
	// ReportLen20 is the length of the 2.0 status report (Dest_terminal_Id
	// 21 octets), which some 3.0 gateways still send (spec reference §13).
	ReportLen20 = report20Run0 // 60
)

// Deliver is CMPP_DELIVER (0x00000005, §8.4.5.1, spec reference §6.8): the
// ISMG delivers a mobile-originated message, or (Registered_Delivery = 1)
// a status report whose fields are in MsgContent, see [Deliver.Report].
// Body 97 + L octets, L = len(MsgContent).
//
// The same value goes out as CMPP 2.0/2.1 with [Version20] (spec reference
// §12.1): body 73 + L, Src_terminal_Id 21 octets, no Src_terminal_type or
// LinkID (they must be zero or empty), and the 8-octet Reserved at the
// end (the Reserve field). A 2.x status report is the 60-octet form: build
// it with [Report.AppendVersion].
type Deliver struct {
	// Msg_Id, 8 octets: the id of this DELIVER, made by the ISMG.
	MsgID MsgID
	// Dest_Id, 21 octets: the number the user sent to: SP_Code, or a long
	// number starting with it.
	DestID []byte
	// Service_Id, 10 octets: the service code.
	ServiceID []byte
	// TP_pid, 1 octet: GSM 03.40 TP-Protocol-Identifier.
	TPPID uint8
	// TP_udhi, 1 octet: GSM 03.40 TP-User-Data-Header-Indicator. Gateways
	// send 1 or 0x40; test with TPUDHI&0x41 != 0.
	TPUDHI uint8
	// Msg_Fmt, 1 octet: coding of MsgContent.
	MsgFmt MsgFmt
	// Src_terminal_Id, 32 octets (21 in 2.x): the sender's MSISDN; in a
	// status report, the recipient of the original SUBMIT.
	SrcTerminalID []byte
	// Src_terminal_type, 1 octet: 0 real number, 1 pseudo-number. Not in
	// 2.x.
	SrcTerminalType uint8
	// Registered_Delivery, 1 octet: 0 a message, 1 a status report.
	RegisteredDelivery uint8
	// Msg_Content, Msg_Length octets: the message (with any UDH), or the
	// status report. Msg_Length (1 octet) is len(MsgContent).
	MsgContent []byte
	// LinkID, 20 octets: on-demand service link, to echo in the SUBMIT
	// that answers this message. Not in 2.x.
	LinkID []byte
	// Reserved, 8 octets, 2.x only (where 3.0 has LinkID): reserved. Kept
	// as received (only trailing 0x00 dropped) and written as given; it
	// must be empty to encode as 3.0.
	Reserve []byte
}

var _ Packet = (*Deliver)(nil)

// CommandID returns CmdDeliver.
func (p *Deliver) CommandID() CommandID { return CmdDeliver }

func (p *Deliver) bodyLen() int { return p.bodyLenAs(Version30) }

func (p *Deliver) bodyLenAs(v Version) int {
	return v.width(deliverFixedLen20, deliverFixedLen) + len(p.MsgContent)
}

// AppendBody appends the 3.0 body; over-long fields, more than 255 octets
// of content and a Reserve (2.x only) are refused with an *EncodeError.
//
// AppendBody and DecodeBody are the fast path of CMPP 3.0: h (Msg_Id …
// Msg_Length), Msg_Content and t (LinkID) at the constant offsets of
// offsets.go. For anything else (a body of another length, a value that
// cannot be written) they hand over to appendBody and decodeBody, which
// give the error.
func (p *Deliver) AppendBody(b []byte) ([]byte, error) {
	if len(p.Reserve) != 0 {
		return p.appendBody(Version30, b) // refuses it
	}
	e := encoder{cmd: CmdDeliver}
	out, body := grow(b, p.bodyLen())
	h := (*[deliverRun0]byte)(body)
	*h = [deliverRun0]byte{}
	binary.BigEndian.PutUint64(h[deliverMsgID:], uint64(p.MsgID))
	e.str("Dest_Id", h[deliverDestID:deliverDestIDEnd], p.DestID)
	e.str("Service_Id", h[deliverServiceID:deliverServiceIDEnd], p.ServiceID)
	h[deliverTPPID] = p.TPPID
	h[deliverTPUDHI] = p.TPUDHI
	h[deliverMsgFmt] = uint8(p.MsgFmt)
	e.str("Src_terminal_Id", h[deliverSrcTerminalID:deliverSrcTerminalIDEnd], p.SrcTerminalID)
	h[deliverSrcTerminalType] = p.SrcTerminalType
	h[deliverRegisteredDelivery] = p.RegisteredDelivery
	h[deliverMsgLength] = e.count("Msg_Length", len(p.MsgContent))
	copy(body[deliverRun0:], p.MsgContent)
	t := (*[deliverRun1]byte)(body[len(body)-deliverRun1:])
	*t = [deliverRun1]byte{}
	e.str("LinkID", t[deliverLinkID:deliverLinkIDEnd], p.LinkID)
	if out, err := e.result(b, out); err == nil {
		return out, nil
	}
	return p.appendBody(Version30, b) // names the field
}

// DecodeBody decodes the 3.0 body.
func (p *Deliver) DecodeBody(body []byte) error {
	if len(body) < deliverRun0 || len(body) != deliverRun0+int(body[deliverMsgLength])+deliverRun1 {
		return p.decodeBody(Version30, body) // names the field
	}
	h := (*[deliverRun0]byte)(body)
	t := (*[deliverRun1]byte)(body[len(body)-deliverRun1:])
	p.MsgID = MsgID(binary.BigEndian.Uint64(h[deliverMsgID:]))
	p.DestID = strLong(h[deliverDestID:deliverDestIDEnd])
	p.ServiceID = str16(h[deliverServiceID:deliverServiceIDEnd])
	p.TPPID = h[deliverTPPID]
	p.TPUDHI = h[deliverTPUDHI]
	p.MsgFmt = MsgFmt(h[deliverMsgFmt])
	p.SrcTerminalID = strLong(h[deliverSrcTerminalID:deliverSrcTerminalIDEnd])
	p.SrcTerminalType = h[deliverSrcTerminalType]
	p.RegisteredDelivery = h[deliverRegisteredDelivery]
	p.MsgContent = raw(body[deliverRun0 : len(body)-deliverRun1])
	p.LinkID = strLong(t[deliverLinkID:deliverLinkIDEnd])
	p.Reserve = nil // 2.x only
	return nil
}

// appendBody and decodeBody are the spec table of §8.4.5.1 (3.0) and of
// spec reference §12.1 (2.x): the version picks the width of
// Src_terminal_Id and which of Src_terminal_type, LinkID and Reserved are
// there (width 0: absent). They are the general path: 3.0 comes here
// only for a body or a value the fast path does not take, so that every
// error comes from this one table.
func (p *Deliver) appendBody(v Version, b []byte) ([]byte, error) {
	w := newWriter(CmdDeliver, b, p.bodyLenAs(v))
	w.u64(uint64(p.MsgID))
	w.octets("Dest_Id", p.DestID, 21)
	w.octets("Service_Id", p.ServiceID, 10)
	w.u8(p.TPPID)
	w.u8(p.TPUDHI)
	w.u8(uint8(p.MsgFmt))
	w.octets("Src_terminal_Id", p.SrcTerminalID, v.width(21, 32))
	w.flag8(v, "Src_terminal_type", p.SrcTerminalType, v.width(0, 1))
	w.u8(p.RegisteredDelivery)
	w.count("Msg_Length", len(p.MsgContent))
	w.bytes(p.MsgContent)
	w.octetsAs(v, "LinkID", p.LinkID, v.width(0, 20))
	w.reserveAs(v, "Reserved", p.Reserve, v.width(8, 0))
	return w.result(b)
}

func (p *Deliver) decodeBody(v Version, body []byte) error {
	r := newReader(CmdDeliver, body)
	p.MsgID = MsgID(r.u64("Msg_Id"))
	p.DestID = r.octets("Dest_Id", 21)
	p.ServiceID = r.octets("Service_Id", 10)
	p.TPPID = r.u8("TP_pid")
	p.TPUDHI = r.u8("TP_udhi")
	p.MsgFmt = MsgFmt(r.u8("Msg_Fmt"))
	p.SrcTerminalID = r.octets("Src_terminal_Id", v.width(21, 32))
	p.SrcTerminalType = r.flag8("Src_terminal_type", v.width(0, 1))
	p.RegisteredDelivery = r.u8("Registered_Delivery")
	p.MsgContent = r.raw("Msg_Content", int(r.u8("Msg_Length")))
	p.LinkID = r.octets("LinkID", v.width(0, 20))
	p.Reserve = r.reserve("Reserved", v.width(8, 0))
	return r.finish()
}

// Validate checks the spec's limits: Registered_Delivery 0 or 1, a known
// Msg_Fmt and Msg_Length within its limit, Src_terminal_type and TP_udhi
// 0 or 1 (0x40 is field practice, not spec), for a status report a
// 71-octet content (the 60-octet 2.0 form decodes with Report but is not
// 3.0), and no Reserve (a 2.x field). It is ValidateVersion(Version30).
func (p *Deliver) Validate() error { return p.ValidateVersion(Version30) }

// ValidateVersion checks the limits of the version p is sent as: under
// 2.x a status report is the 60-octet form, and Src_terminal_type and
// LinkID, which 2.x does not have, must be zero or empty; under 3.0
// Reserve must be empty. The other limits are those of Validate.
func (p *Deliver) ValidateVersion(v Version) error {
	const cmd = CmdDeliver
	if err := flag(cmd, "Registered_Delivery", p.RegisteredDelivery, 1); err != nil {
		return err
	}
	if n := v.width(ReportLen20, ReportLen); p.RegisteredDelivery == 1 && len(p.MsgContent) != n {
		what := "a status report"
		if v.is2x() {
			what = "a CMPP 2.x status report"
		}
		return invalid(cmd, "Msg_Length", what+" is "+itoa(n)+" octets, not "+itoa(len(p.MsgContent)))
	}
	return firstError(
		validateContent(cmd, p.MsgFmt, p.MsgContent),
		flag(cmd, "Src_terminal_type", p.SrcTerminalType, 1),
		notIn2x(v, cmd, "Src_terminal_type", p.SrcTerminalType != 0),
		flag(cmd, "TP_udhi", p.TPUDHI, 1),
		notIn2x(v, cmd, "LinkID", len(p.LinkID) != 0),
		notIn30(v, cmd, "Reserved", len(p.Reserve) != 0),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *Deliver) Clone() *Deliver {
	c := *p
	c.DestID = cloneBytes(p.DestID)
	c.ServiceID = cloneBytes(p.ServiceID)
	c.SrcTerminalID = cloneBytes(p.SrcTerminalID)
	c.MsgContent = cloneBytes(p.MsgContent)
	c.LinkID = cloneBytes(p.LinkID)
	c.Reserve = cloneBytes(p.Reserve)
	return &c
}

// Report parses the status report in MsgContent. It requires
// Registered_Delivery = 1 and accepts the 71-octet 3.0 layout and the
// 60-octet 2.0 layout real 3.0 gateways still send, chosen by Msg_Length;
// any other length is an error. The Report's []byte fields alias
// MsgContent. Errors are *DecodeError values with the PDU offsets of the
// 3.0 layout (in a 2.x DELIVER, Registered_Delivery and Msg_Content sit
// 12 octets earlier).
func (p *Deliver) Report() (r Report, err error) {
	err = r.parse(CmdDeliver, p.MsgContent, deliverContentOff, p.RegisteredDelivery)
	return r, err
}

// DeliverResp is CMPP_DELIVER_RESP (0x80000005, §8.4.5.2). Body 12 octets;
// 9 in CMPP 2.x, whose Result is 1 octet (spec reference §12.1).
type DeliverResp struct {
	// Msg_Id, 8 octets: the Msg_Id of the DELIVER being answered.
	MsgID MsgID
	// Result, 4 octets (1 in 2.x): 0 success, 1–8 as for SUBMIT_RESP, ≥ 9
	// other.
	Result DeliverResult
}

var _ Packet = (*DeliverResp)(nil)

// CommandID returns CmdDeliverResp.
func (p *DeliverResp) CommandID() CommandID    { return CmdDeliverResp }
func (p *DeliverResp) bodyLen() int            { return deliverRespLen }
func (p *DeliverResp) bodyLenAs(v Version) int { return v.width(deliverRespLen20, deliverRespLen) }

// AppendBody appends the 12-octet 3.0 body.
func (p *DeliverResp) AppendBody(b []byte) ([]byte, error) { return p.appendBody(Version30, b) }

// DecodeBody decodes a 12-octet 3.0 body.
func (p *DeliverResp) DecodeBody(body []byte) error { return p.decodeBody(Version30, body) }

func (p *DeliverResp) appendBody(v Version, b []byte) ([]byte, error) {
	return appendMsgIDResult(v, CmdDeliverResp, b, p.MsgID, uint32(p.Result))
}

func (p *DeliverResp) decodeBody(v Version, body []byte) error {
	id, res, err := decodeMsgIDResult(v, CmdDeliverResp, body)
	p.MsgID, p.Result = id, DeliverResult(res)
	return err
}

// Validate has nothing to check: every value is legal.
func (p *DeliverResp) Validate() error { return nil }

// ValidateVersion checks the limits of version v: under 2.x, Result must
// fit its one octet.
func (p *DeliverResp) ValidateVersion(v Version) error {
	return fitsOctet(v, CmdDeliverResp, "Result", uint32(p.Result))
}

// Clone returns a copy of p (it holds no slices).
func (p *DeliverResp) Clone() *DeliverResp { c := *p; return &c }

// Report is the status report carried in the Msg_Content of a DELIVER with
// Registered_Delivery = 1, or of a FWD with Msg_Fwd_Type = 2 (§8.4.5.1
// table 2, spec reference §6.8.1). It is a view: parse it with
// [Deliver.Report] or [Fwd.Report], build one with [Report.AppendBinary].
type Report struct {
	// Msg_Id, 8 octets: the Msg_Id the ISMG returned in CMPP_SUBMIT_RESP.
	MsgID MsgID
	// Stat, 7 octets: the final state, e.g. "DELIVRD", "UNDELIV", "MA:0001".
	Stat []byte
	// Submit_time, 10 octets: YYMMDDHHMM.
	SubmitTime []byte
	// Done_time, 10 octets: YYMMDDHHMM.
	DoneTime []byte
	// Dest_terminal_Id, 32 octets (21 in the 60-octet form): the recipient
	// of the original SUBMIT.
	DestTerminalID []byte
	// SMSC_sequence, 4 octets: the SMSC's id of the message.
	SMSCSequence uint32
	// Len is the layout the report was parsed from: ReportLen (71) or
	// ReportLen20 (60). AppendBinary always writes 71; AppendVersion
	// writes the form of a version.
	Len int
}

// Delivered reports whether Stat is "DELIVRD".
func (r *Report) Delivered() bool { return string(r.Stat) == "DELIVRD" }

// AppendBinary appends the 71-octet 3.0 encoding of r (r.Len is ignored),
// ready to be the MsgContent of a DELIVER with Registered_Delivery = 1 or a
// FWD with Msg_Fwd_Type = 2. A field longer than its width is an
// *EncodeError; b is then returned unchanged.
func (r *Report) AppendBinary(b []byte) ([]byte, error) { return r.AppendVersion(b, Version30) }

// AppendVersion appends the encoding of r for a DELIVER of version v
// (r.Len is ignored): the 71-octet form for 3.0, the 60-octet form, whose
// Dest_terminal_Id is 21 octets, for 2.x (spec reference §12.1). A FWD
// report is always the 3.0 form (AppendBinary). A field longer than its
// width is an *EncodeError; b is then returned unchanged.
func (r *Report) AppendVersion(b []byte, v Version) ([]byte, error) {
	e := encoder{} // a report belongs to a DELIVER or a FWD
	dest := v.width(report20DestTerminalIDEnd-report20DestTerminalID, reportDestTerminalIDEnd-reportDestTerminalID)
	out, content := grow(b, v.width(ReportLen20, ReportLen))
	clear(content)
	c := (*[ReportLen20]byte)(content) // the shorter form
	binary.BigEndian.PutUint64(c[reportMsgID:], uint64(r.MsgID))
	e.str("Stat", c[reportStat:reportStatEnd], r.Stat)
	e.str("Submit_time", c[reportSubmitTime:reportSubmitTimeEnd], r.SubmitTime)
	e.str("Done_time", c[reportDoneTime:reportDoneTimeEnd], r.DoneTime)
	e.str("Dest_terminal_Id", content[reportDestTerminalID:reportDestTerminalID+dest], r.DestTerminalID)
	binary.BigEndian.PutUint32(content[reportDestTerminalID+dest:], r.SMSCSequence)
	return e.result(b, out)
}

// parse decodes a 71- or 60-octet report into r; off is the PDU offset of
// the content, for errors. registered is the DELIVER's Registered_Delivery,
// which must be 1 (a FWD's caller has checked Msg_Fwd_Type and passes 1):
// checked here rather than in Deliver.Report, that method is small enough
// to be inlined, a call less per report (Report() 10.2 → 9.4 ns). The two forms differ only in the width of
// Dest_terminal_Id (32 or 21 octets), so the fields before it are read at
// the same offsets and SMSC_sequence follows it. It fills the caller's
// Report in place: a Report returned by value from here was copied twice
// more, and the 16-octet loads of those copies stalled on the 8-octet
// stores that had just written it (Report() took 21 ns instead of 13).
func (r *Report) parse(cmd CommandID, content []byte, off int, registered uint8) error {
	if registered != 1 {
		return &DecodeError{Command: CmdDeliver, Field: "Registered_Delivery", Offset: HeaderLen + deliverRegisteredDelivery,
			Err: detail(ErrInvalid, "not a status report (Registered_Delivery "+itoa(int(registered))+")")}
	}
	dest := reportDestTerminalIDEnd - reportDestTerminalID
	switch len(content) {
	case ReportLen:
	case ReportLen20:
		dest = report20DestTerminalIDEnd - report20DestTerminalID
	default:
		return &DecodeError{Command: cmd, Field: "Msg_Length", Offset: off - 1,
			Err: detail(ErrInvalid, "a status report is "+itoa(ReportLen)+" or "+itoa(ReportLen20)+" octets, not "+itoa(len(content)))}
	}
	c := (*[ReportLen20]byte)(content) // the shorter form
	r.MsgID = MsgID(binary.BigEndian.Uint64(c[reportMsgID:]))
	r.Stat = strShort(c[reportStat:reportStatEnd])
	r.SubmitTime = str16(c[reportSubmitTime:reportSubmitTimeEnd])
	r.DoneTime = str16(c[reportDoneTime:reportDoneTimeEnd])
	r.DestTerminalID = strLong(content[reportDestTerminalID : reportDestTerminalID+dest : reportDestTerminalID+dest])
	r.SMSCSequence = binary.BigEndian.Uint32(content[reportDestTerminalID+dest:])
	r.Len = len(content)
	return nil
}

// The two forms agree on the offsets before Dest_terminal_Id and on what
// follows it (this does not compile otherwise).
const _ = uint(reportDestTerminalID-report20DestTerminalID) + uint(report20DestTerminalID-reportDestTerminalID) +
	uint(reportSMSCSequence-reportDestTerminalIDEnd) + uint(reportDestTerminalIDEnd-reportSMSCSequence) +
	uint(report20SMSCSequence-report20DestTerminalIDEnd) + uint(report20DestTerminalIDEnd-report20SMSCSequence)
