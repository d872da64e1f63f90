package cmpp

import (
	"encoding/binary"

	"github.com/go-cmpp/cmpp/internal/layout"
)

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
	// Reserve, 8 octets: reserved. Unlike a string it is not cut at a
	// 0x00: decode drops only trailing 0x00 octets, encode writes it as
	// given.
	Reserve []byte
}

var _ Packet = (*Query)(nil)

// CommandID returns CmdQuery.
func (p *Query) CommandID() CommandID { return CmdQuery }
func (p *Query) bodyLen() int         { return queryLen }

// AppendBody appends the 27-octet body.
func (p *Query) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdQuery}
	out, body := grow(b, queryLen)
	f := (*[queryRun0]byte)(body)
	*f = [queryRun0]byte{}
	e.str("Time", f[queryTime:queryTimeEnd], p.Time)
	f[queryQueryType] = p.QueryType
	e.str("Query_Code", f[queryQueryCode:queryQueryCodeEnd], p.QueryCode)
	e.reserve("Reserve", f[queryReserve:queryReserveEnd], p.Reserve)
	return e.result(b, out)
}

// DecodeBody decodes a 27-octet body.
func (p *Query) DecodeBody(body []byte) error {
	if len(body) != queryRun0 {
		return bodyError(CmdQuery, layout.Tables[uint32(CmdQuery)], body)
	}
	f := (*[queryRun0]byte)(body)
	p.Time = str16(f[queryTime:queryTimeEnd])
	p.QueryType = f[queryQueryType]
	p.QueryCode = str16(f[queryQueryCode:queryQueryCodeEnd])
	p.Reserve = reserve(f[queryReserve:queryReserveEnd])
	return nil
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
	e := encoder{cmd: CmdQueryResp}
	out, body := grow(b, queryRespLen)
	f := (*[queryRespRun0]byte)(body)
	*f = [queryRespRun0]byte{}
	e.str("Time", f[queryRespTime:queryRespTimeEnd], p.Time)
	f[queryRespQueryType] = p.QueryType
	e.str("Query_Code", f[queryRespQueryCode:queryRespQueryCodeEnd], p.QueryCode)
	binary.BigEndian.PutUint32(f[queryRespMTTLMsg:], p.MTTLMsg)
	binary.BigEndian.PutUint32(f[queryRespMTTLUsr:], p.MTTLUsr)
	binary.BigEndian.PutUint32(f[queryRespMTScs:], p.MTScs)
	binary.BigEndian.PutUint32(f[queryRespMTWT:], p.MTWT)
	binary.BigEndian.PutUint32(f[queryRespMTFL:], p.MTFL)
	binary.BigEndian.PutUint32(f[queryRespMOScs:], p.MOScs)
	binary.BigEndian.PutUint32(f[queryRespMOWT:], p.MOWT)
	binary.BigEndian.PutUint32(f[queryRespMOFL:], p.MOFL)
	return e.result(b, out)
}

// DecodeBody decodes a 51-octet body.
func (p *QueryResp) DecodeBody(body []byte) error {
	if len(body) != queryRespRun0 {
		return bodyError(CmdQueryResp, layout.Tables[uint32(CmdQueryResp)], body)
	}
	f := (*[queryRespRun0]byte)(body)
	p.Time = str16(f[queryRespTime:queryRespTimeEnd])
	p.QueryType = f[queryRespQueryType]
	p.QueryCode = str16(f[queryRespQueryCode:queryRespQueryCodeEnd])
	p.MTTLMsg = binary.BigEndian.Uint32(f[queryRespMTTLMsg:])
	p.MTTLUsr = binary.BigEndian.Uint32(f[queryRespMTTLUsr:])
	p.MTScs = binary.BigEndian.Uint32(f[queryRespMTScs:])
	p.MTWT = binary.BigEndian.Uint32(f[queryRespMTWT:])
	p.MTFL = binary.BigEndian.Uint32(f[queryRespMTFL:])
	p.MOScs = binary.BigEndian.Uint32(f[queryRespMOScs:])
	p.MOWT = binary.BigEndian.Uint32(f[queryRespMOWT:])
	p.MOFL = binary.BigEndian.Uint32(f[queryRespMOFL:])
	return nil
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
