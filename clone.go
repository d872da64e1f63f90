package cmpp

// Clone returns a deep copy of p that owns all of its memory: nothing in
// the copy aliases p or the input p was decoded from. It is how a value
// from a [Decoder] (valid only until the next Decode) or a packet handed to
// a session handler is kept. Clone(nil) is nil. Every Packet type of this
// package is covered, [*Raw] included, each through its own Clone method.
func Clone(p Packet) Packet {
	if p == nil {
		return nil
	}
	if r, ok := p.(*Raw); ok { // a Raw may carry any Command_Id, a modelled one too
		return r.Clone()
	}
	// Every other Packet is one of pduTypes (the set is closed: bodyLen is
	// unexported), found by the Command_Id its type always returns.
	i, _ := pduIndex(p.CommandID())
	return pduTypes[i].clone(p)
}
