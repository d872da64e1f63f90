package session

import "github.com/go-cmpp/cmpp"

// codec is the one place where the session encodes and decodes PDUs, with
// the version the connection speaks. The codec's 2.0 and 2.1 layouts
// (DESIGN §9: Version.Append, Decoder.Version) plug in here.
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
