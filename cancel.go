package cmpp

// Body lengths (spec reference §10).
const (
	cancelLen       = 8
	cancelRespLen   = 4
	cancelRespLen20 = 1 // spec reference §12.1
)

// Cancel is CMPP_CANCEL (0x00000007, §8.4.6.1, spec reference §6.10): the
// SP asks the ISMG to delete a message it has not sent yet. Body 8 octets.
type Cancel struct {
	// Msg_Id, 8 octets: the id (from SUBMIT_RESP) of the message to delete.
	MsgID MsgID
}

var _ Packet = (*Cancel)(nil)

// CommandID returns CmdCancel.
func (p *Cancel) CommandID() CommandID { return CmdCancel }
func (p *Cancel) bodyLen() int         { return cancelLen }

// AppendBody appends the 8-octet body.
func (p *Cancel) AppendBody(b []byte) ([]byte, error) {
	w := newWriter(CmdCancel, b, cancelLen)
	w.u64(uint64(p.MsgID))
	return w.b, nil
}

// DecodeBody decodes an 8-octet body.
func (p *Cancel) DecodeBody(body []byte) error {
	r := newReader(CmdCancel, body)
	p.MsgID = MsgID(r.u64("Msg_Id"))
	return r.finish()
}

// Validate has nothing to check: every value is legal.
func (p *Cancel) Validate() error { return nil }

// Clone returns a copy of p (it holds no slices).
func (p *Cancel) Clone() *Cancel { c := *p; return &c }

// CancelResp is CMPP_CANCEL_RESP (0x80000007, §8.4.6.2, spec reference
// §6.11). Body 4 octets; 1 in CMPP 2.x, whose Success_Id is 1 octet (spec
// reference §12.1).
type CancelResp struct {
	// Success_Id, 4 octets (1 in 2.x): 0 success, 1 failure.
	SuccessID uint32
}

var _ Packet = (*CancelResp)(nil)

// CommandID returns CmdCancelResp.
func (p *CancelResp) CommandID() CommandID    { return CmdCancelResp }
func (p *CancelResp) bodyLen() int            { return cancelRespLen }
func (p *CancelResp) bodyLenAs(v Version) int { return v.width(cancelRespLen20, cancelRespLen) }

// AppendBody appends the 4-octet 3.0 body.
func (p *CancelResp) AppendBody(b []byte) ([]byte, error) { return p.appendBody(Version30, b) }

// DecodeBody decodes a 4-octet 3.0 body.
func (p *CancelResp) DecodeBody(body []byte) error { return p.decodeBody(Version30, body) }

func (p *CancelResp) appendBody(v Version, b []byte) ([]byte, error) {
	w := newWriter(CmdCancelResp, b, p.bodyLenAs(v))
	w.uint("Success_Id", p.SuccessID, v.width(1, 4))
	return w.result(b)
}

func (p *CancelResp) decodeBody(v Version, body []byte) error {
	r := newReader(CmdCancelResp, body)
	p.SuccessID = r.uint("Success_Id", v.width(1, 4))
	return r.finish()
}

// Validate checks that Success_Id is 0 or 1, which every version can
// carry.
func (p *CancelResp) Validate() error {
	if p.SuccessID > 1 {
		return invalid(CmdCancelResp, "Success_Id", itoa(int(p.SuccessID))+" is not 0 or 1")
	}
	return nil
}

// ValidateVersion is Validate: the limits are the same in every version.
func (p *CancelResp) ValidateVersion(Version) error { return p.Validate() }

// Clone returns a copy of p (it holds no slices).
func (p *CancelResp) Clone() *CancelResp { c := *p; return &c }
