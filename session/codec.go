package session

import "github.com/go-cmpp/cmpp"

// codec is the one place where the session encodes and decodes PDUs and
// computes the login authenticators, with the version the connection
// speaks (DESIGN §9): the 2.0/2.1 layouts of CONNECT_RESP, SUBMIT,
// SUBMIT_RESP, DELIVER, DELIVER_RESP and CANCEL_RESP, and the 1-octet
// Status inside a 2.x AuthenticatorISMG (spec reference §5.4, §12.1).
type codec struct {
	version cmpp.Version
}

// append appends the whole PDU for p with Sequence_Id seq.
func (c codec) append(b []byte, seq uint32, p cmpp.Packet) ([]byte, error) {
	return c.version.Append(b, seq, p)
}

// decode decodes one whole PDU with d, whose values it reuses.
func (c codec) decode(d *cmpp.Decoder, pdu []byte) (cmpp.Header, cmpp.Packet, error) {
	d.Version = c.version
	return d.Decode(pdu)
}

// connectResp answers req with status; AuthenticatorISMG is computed only
// for StatusOK (16 zero octets otherwise, spec reference §5.4).
func (c codec) connectResp(req *cmpp.Connect, status cmpp.ConnectStatus, secret string) *cmpp.ConnectResp {
	return c.version.NewConnectResp(req, status, secret)
}

// verify checks a CONNECT_RESP's AuthenticatorISMG (spec reference §5.4).
func (c codec) verify(resp *cmpp.ConnectResp, authSrc [16]byte, secret string) bool {
	return resp.VerifyVersion(c.version, authSrc, secret)
}

// supported reports whether the codec has the layouts of v.
func supported(v cmpp.Version) bool {
	return v == cmpp.Version30 || v == cmpp.Version21 || v == cmpp.Version20
}
