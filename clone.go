package cmpp

// Clone returns a deep copy of p that owns all of its memory: nothing in
// the copy aliases p or the input p was decoded from. It is how a value
// from a [Decoder] (valid only until the next Decode) or a packet handed to
// a session handler is kept. Clone(nil) is nil. Every Packet type of this
// package is covered, [*Raw] included; the types without fields (Terminate,
// TerminateResp, ActiveTest) give a new zero value.
func Clone(p Packet) Packet {
	switch p := p.(type) {
	case nil:
		return nil
	case *Connect:
		return p.Clone()
	case *ConnectResp:
		return p.Clone()
	case *Terminate:
		return new(Terminate)
	case *TerminateResp:
		return new(TerminateResp)
	case *Submit:
		return p.Clone()
	case *SubmitResp:
		return p.Clone()
	case *Deliver:
		return p.Clone()
	case *DeliverResp:
		return p.Clone()
	case *Query:
		return p.Clone()
	case *QueryResp:
		return p.Clone()
	case *Cancel:
		return p.Clone()
	case *CancelResp:
		return p.Clone()
	case *ActiveTest:
		return new(ActiveTest)
	case *ActiveTestResp:
		return p.Clone()
	case *Fwd:
		return p.Clone()
	case *FwdResp:
		return p.Clone()
	case *MTRoute:
		return p.Clone()
	case *MTRouteResp:
		return p.Clone()
	case *MORoute:
		return p.Clone()
	case *MORouteResp:
		return p.Clone()
	case *GetMTRoute:
		return p.Clone()
	case *GetMTRouteResp:
		return p.Clone()
	case *GetMORoute:
		return p.Clone()
	case *GetMORouteResp:
		return p.Clone()
	case *MTRouteUpdate:
		return p.Clone()
	case *MTRouteUpdateResp:
		return p.Clone()
	case *MORouteUpdate:
		return p.Clone()
	case *MORouteUpdateResp:
		return p.Clone()
	case *PushMTRouteUpdate:
		return p.Clone()
	case *PushMTRouteUpdateResp:
		return p.Clone()
	case *PushMORouteUpdate:
		return p.Clone()
	case *PushMORouteUpdateResp:
		return p.Clone()
	case *Raw:
		return p.Clone()
	}
	// The set of Packet implementations is closed (bodyLen is unexported)
	// and clone_test.go checks a case for every Command_Id; a type added
	// without one is still copied, through its own encoding.
	return cloneByEncoding(p)
}

func cloneByEncoding(p Packet) Packet {
	b, err := Append(nil, 0, p)
	if err != nil {
		return nil
	}
	_, q, err := Decode(b)
	if err != nil {
		return nil
	}
	return q
}
