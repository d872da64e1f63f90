package session

import "github.com/go-cmpp/cmpp"

// codec is the one place where the session encodes and decodes PDUs and
// computes the login authenticators, with the version the connection
// speaks. The codec's 2.0 and 2.1 layouts (DESIGN §9: Version.Append,
// Decoder.Version, the 1-octet Status in AuthenticatorISMG) plug in here
// and nowhere else.
type codec struct {
	version cmpp.Version
}

// append appends the whole PDU for p with Sequence_Id seq.
func (c codec) append(b []byte, seq uint32, p cmpp.Packet) ([]byte, error) {
	return cmpp.Append(b, seq, p)
}

// decode decodes one whole PDU with d, whose values it reuses.
func (c codec) decode(d *cmpp.Decoder, pdu []byte) (cmpp.Header, cmpp.Packet, error) {
	return d.Decode(pdu)
}

// connectResp answers req with status; AuthenticatorISMG is computed only
// for StatusOK (16 zero octets otherwise, spec reference §5.4).
func (c codec) connectResp(req *cmpp.Connect, status cmpp.ConnectStatus, secret string) *cmpp.ConnectResp {
	return cmpp.NewConnectResp(req, status, secret)
}

// verify checks a CONNECT_RESP's AuthenticatorISMG (spec reference §5.4).
func (c codec) verify(resp *cmpp.ConnectResp, authSrc [16]byte, secret string) bool {
	return resp.Verify(authSrc, secret)
}

// supported reports whether the codec has the layouts of v.
func supported(v cmpp.Version) bool { return v == cmpp.Version30 }
