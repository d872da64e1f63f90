package cmpp

// Body lengths (spec reference §10).
const (
	queryLen     = 27
	queryRespLen = 51
)

// Query is CMPP_QUERY (0x00000006, §8.4.4.1, spec reference §6.6): the SP
// asks for one day's traffic statistics, in total or for one service.
// Body 27 octets.
type Query struct {
	// Time, 8 octets: the day, YYYYMMDD.
	Time []byte
	// Query_Type, 1 octet: 0 totals, 1 for the service in Query_Code.
	QueryType uint8
	// Query_Code, 10 octets: the Service_Id when Query_Type is 1; ignored
	// otherwise.
	QueryCode []byte
	// Reserve, 8 octets: reserved.
	Reserve []byte
}

var _ Packet = (*Query)(nil)

// CommandID returns CmdQuery.
func (p *Query) CommandID() CommandID { return CmdQuery }
func (p *Query) bodyLen() int         { return queryLen }

// AppendBody appends the 27-octet body.
func (p *Query) AppendBody(b []byte) ([]byte, error) {
	w := newWriter(CmdQuery, b, p.bodyLen())
	w.octets("Time", p.Time, 8)
	w.u8(p.QueryType)
	w.octets("Query_Code", p.QueryCode, 10)
	w.reserve("Reserve", p.Reserve, 8)
	return w.result(b)
}

// DecodeBody decodes a 27-octet body.
func (p *Query) DecodeBody(body []byte) error {
	r := newReader(CmdQuery, body)
	p.Time = r.octets("Time", 8)
	p.QueryType = r.u8("Query_Type")
	p.QueryCode = r.octets("Query_Code", 10)
	p.Reserve = r.reserve("Reserve", 8)
	return r.finish()
}

// Validate checks Query_Type (0 or 1) and that Time is eight digits.
func (p *Query) Validate() error {
	return firstError(
		validateDigits(CmdQuery, "Time", p.Time, 8),
		flag(CmdQuery, "Query_Type", p.QueryType, 1),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *Query) Clone() *Query {
	c := *p
	c.Time = cloneBytes(p.Time)
	c.QueryCode = cloneBytes(p.QueryCode)
	c.Reserve = cloneBytes(p.Reserve)
	return &c
}

// QueryResp is CMPP_QUERY_RESP (0x80000006, §8.4.4.2, spec reference
// §6.7). Body 51 octets.
type QueryResp struct {
	// Time, 8 octets: the day, YYYYMMDD.
	Time []byte
	// Query_Type, 1 octet: 0 totals, 1 one service.
	QueryType uint8
	// Query_Code, 10 octets: the Service_Id queried.
	QueryCode []byte
	// MT_TLMsg, 4 octets: messages received from the SP.
	MTTLMsg uint32
	// MT_Tlusr, 4 octets: users received from the SP.
	MTTLUsr uint32
	// MT_Scs, 4 octets: forwarded successfully.
	MTScs uint32
	// MT_WT, 4 octets: waiting to be forwarded.
	MTWT uint32
	// MT_FL, 4 octets: forwarding failed.
	MTFL uint32
	// MO_Scs, 4 octets: delivered to the SP.
	MOScs uint32
	// MO_WT, 4 octets: waiting for delivery to the SP.
	MOWT uint32
	// MO_FL, 4 octets: delivery to the SP failed.
	MOFL uint32
}

var _ Packet = (*QueryResp)(nil)

// CommandID returns CmdQueryResp.
func (p *QueryResp) CommandID() CommandID { return CmdQueryResp }
func (p *QueryResp) bodyLen() int         { return queryRespLen }

// AppendBody appends the 51-octet body.
func (p *QueryResp) AppendBody(b []byte) ([]byte, error) {
	w := newWriter(CmdQueryResp, b, p.bodyLen())
	w.octets("Time", p.Time, 8)
	w.u8(p.QueryType)
	w.octets("Query_Code", p.QueryCode, 10)
	w.u32(p.MTTLMsg)
	w.u32(p.MTTLUsr)
	w.u32(p.MTScs)
	w.u32(p.MTWT)
	w.u32(p.MTFL)
	w.u32(p.MOScs)
	w.u32(p.MOWT)
	w.u32(p.MOFL)
	return w.result(b)
}

// DecodeBody decodes a 51-octet body.
func (p *QueryResp) DecodeBody(body []byte) error {
	r := newReader(CmdQueryResp, body)
	p.Time = r.octets("Time", 8)
	p.QueryType = r.u8("Query_Type")
	p.QueryCode = r.octets("Query_Code", 10)
	p.MTTLMsg = r.u32("MT_TLMsg")
	p.MTTLUsr = r.u32("MT_Tlusr")
	p.MTScs = r.u32("MT_Scs")
	p.MTWT = r.u32("MT_WT")
	p.MTFL = r.u32("MT_FL")
	p.MOScs = r.u32("MO_Scs")
	p.MOWT = r.u32("MO_WT")
	p.MOFL = r.u32("MO_FL")
	return r.finish()
}

// Validate checks Query_Type (0 or 1) and that Time is eight digits.
func (p *QueryResp) Validate() error {
	return firstError(
		validateDigits(CmdQueryResp, "Time", p.Time, 8),
		flag(CmdQueryResp, "Query_Type", p.QueryType, 1),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *QueryResp) Clone() *QueryResp {
	c := *p
	c.Time = cloneBytes(p.Time)
	c.QueryCode = cloneBytes(p.QueryCode)
	return &c
}
