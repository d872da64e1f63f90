package cmpp

import (
	"encoding/binary"
	"net/netip"

	"github.com/go-cmpp/cmpp/internal/layout"
)

// The ISMG–GNS route PDUs (§8.6, spec reference §8). The GNS (汇接网关)
// holds the tables that say which ISMG serves which MSISDN range (MT
// routes) and which SP service code (MO routes). They travel on short
// connections: CONNECT, one request and its response, then close.
//
// Each PDU's AppendBody and DecodeBody read like its spec table, one line
// per field at the offsets of offsets.go. The GET_*_ROUTE pair, the
// *_ROUTE_UPDATE_RESP pair and the PUSH_*_RESP pair have the same layout
// and share their body functions.

// Body lengths (spec reference §10).
const (
	mtRouteLen               = mtRouteRun0           // 27
	mtRouteRespLen           = mtRouteRespRun0       // 65
	moRouteLen               = moRouteRun0           // 41
	moRouteRespLen           = moRouteRespRun0       // 78
	getRouteLen              = getRouteRun0          // 14
	getMTRouteRespLen        = getMTRouteRespRun0    // 73
	getMORouteRespLen        = getMORouteRespRun0    // 96
	mtRouteUpdateLen         = mtRouteUpdateRun0     // 51
	moRouteUpdateLen         = moRouteUpdateRun0     // 74
	routeUpdateRespLen       = updateRespRun0        // 19
	pushMTRouteUpdateLen     = pushMTRouteUpdateRun0 // 65
	pushMORouteUpdateLen     = pushMORouteUpdateRun0 // 88
	pushRouteUpdateRespLen   = 1
	routeTimeStampLen        = 14
	routeFirstLastRouteID    = -1
	routeUpdateTypeMaxLegal  = 2
	routeAccessTypeMaxLegal  = 1
	routeTypeMT, routeTypeMO = "MT", "MO"
)

// UpdateType is the Update_type of the route update PDUs.
type UpdateType uint8

// Update_type values (§8.6.7.1).
const (
	UpdateAdd    UpdateType = 0 // 增加
	UpdateDelete UpdateType = 1 // 删除
	UpdateModify UpdateType = 2 // 更新
)

func (t UpdateType) String() string {
	switch t {
	case UpdateAdd:
		return "add"
	case UpdateDelete:
		return "delete"
	case UpdateModify:
		return "update"
	}
	return "Update_type(" + itoa(int(t)) + ")"
}

// ---- CMPP_MT_ROUTE / _RESP ----

// MTRoute is CMPP_MT_ROUTE (0x00000010, §8.6.3.1), ISMG → GNS: ask for the
// MT route of one MSISDN. Body 27 octets.
type MTRoute struct {
	// Source_Id, 6 octets: the asking gateway's code.
	SourceID []byte
	// Terminal_Id, 21 octets: the destination MSISDN.
	TerminalID []byte
}

var _ Packet = (*MTRoute)(nil)

// CommandID returns CmdMTRoute.
func (p *MTRoute) CommandID() CommandID { return CmdMTRoute }
func (p *MTRoute) bodyLen() int         { return mtRouteLen }

// AppendBody appends the 27-octet body.
func (p *MTRoute) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdMTRoute}
	out, body := grow(b, mtRouteRun0)
	f := (*[mtRouteRun0]byte)(body)
	*f = [mtRouteRun0]byte{}
	e.str("Source_Id", f[mtRouteSourceID:mtRouteSourceIDEnd], p.SourceID)
	e.str("Terminal_Id", f[mtRouteTerminalID:mtRouteTerminalIDEnd], p.TerminalID)
	return e.result(b, out)
}

// DecodeBody decodes a 27-octet body.
func (p *MTRoute) DecodeBody(body []byte) error {
	if len(body) != mtRouteRun0 {
		return bodyError(CmdMTRoute, layout.Tables[uint32(CmdMTRoute)], body)
	}
	f := (*[mtRouteRun0]byte)(body)
	p.SourceID = strShort(f[mtRouteSourceID:mtRouteSourceIDEnd])
	p.TerminalID = strLong(f[mtRouteTerminalID:mtRouteTerminalIDEnd])
	return nil
}

// Validate checks that Source_Id is a 6-digit gateway code.
func (p *MTRoute) Validate() error { return validateDigits(CmdMTRoute, "Source_Id", p.SourceID, 6) }

// Clone returns a deep copy of p that owns its memory.
func (p *MTRoute) Clone() *MTRoute {
	return &MTRoute{SourceID: cloneBytes(p.SourceID), TerminalID: cloneBytes(p.TerminalID)}
}

// MTRouteResp is CMPP_MT_ROUTE_RESP (0x80000010, §8.6.3.2), GNS → ISMG.
// Body 65 octets.
type MTRouteResp struct {
	// Route_Id, 4 octets: the route number, allocated by the GNS.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address as dotted
	// text, left-aligned.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// Start_Id, 9 octets: first number of the MT range.
	StartID []byte
	// End_Id, 9 octets: last number of the MT range.
	EndID []byte
	// Area_code, 4 octets: province code of the handset.
	AreaCode []byte
	// Result, 1 octet: 0 OK, 1 no matching route, 2 bad source gateway
	// code, 9 system busy.
	Result RouteResult
	// User_type, 1 octet: 0 GoTone, 1 Easyown, 2 M-Zone, …
	UserType uint8
	// Time_stamp, 14 octets: last change of the route, yyyymmddhhmmss.
	TimeStamp []byte
}

var _ Packet = (*MTRouteResp)(nil)

// CommandID returns CmdMTRouteResp.
func (p *MTRouteResp) CommandID() CommandID { return CmdMTRouteResp }
func (p *MTRouteResp) bodyLen() int         { return mtRouteRespLen }

// AppendBody appends the 65-octet body.
func (p *MTRouteResp) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdMTRouteResp}
	out, body := grow(b, mtRouteRespRun0)
	f := (*[mtRouteRespRun0]byte)(body)
	*f = [mtRouteRespRun0]byte{}
	binary.BigEndian.PutUint32(f[mtRouteRespRouteID:], p.RouteID)
	e.str("Destination_Id", f[mtRouteRespDestinationID:mtRouteRespDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[mtRouteRespGatewayIP:mtRouteRespGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[mtRouteRespGatewayPort:], p.GatewayPort)
	e.str("Start_Id", f[mtRouteRespStartID:mtRouteRespStartIDEnd], p.StartID)
	e.str("End_Id", f[mtRouteRespEndID:mtRouteRespEndIDEnd], p.EndID)
	e.str("Area_code", f[mtRouteRespAreaCode:mtRouteRespAreaCodeEnd], p.AreaCode)
	f[mtRouteRespResult] = uint8(p.Result)
	f[mtRouteRespUserType] = p.UserType
	e.str("Time_stamp", f[mtRouteRespTimeStamp:mtRouteRespTimeStampEnd], p.TimeStamp)
	return e.result(b, out)
}

// DecodeBody decodes a 65-octet body.
func (p *MTRouteResp) DecodeBody(body []byte) error {
	if len(body) != mtRouteRespRun0 {
		return bodyError(CmdMTRouteResp, layout.Tables[uint32(CmdMTRouteResp)], body)
	}
	f := (*[mtRouteRespRun0]byte)(body)
	p.RouteID = binary.BigEndian.Uint32(f[mtRouteRespRouteID:])
	p.DestinationID = strShort(f[mtRouteRespDestinationID:mtRouteRespDestinationIDEnd])
	p.GatewayIP = str16(f[mtRouteRespGatewayIP:mtRouteRespGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[mtRouteRespGatewayPort:])
	p.StartID = str16(f[mtRouteRespStartID:mtRouteRespStartIDEnd])
	p.EndID = str16(f[mtRouteRespEndID:mtRouteRespEndIDEnd])
	p.AreaCode = strShort(f[mtRouteRespAreaCode:mtRouteRespAreaCodeEnd])
	p.Result = RouteResult(f[mtRouteRespResult])
	p.UserType = f[mtRouteRespUserType]
	p.TimeStamp = str16(f[mtRouteRespTimeStamp:mtRouteRespTimeStampEnd])
	return nil
}

// Validate checks Gateway_IP (dotted IPv4) and Time_stamp (14 digits)
// when the route was found (Result 0).
func (p *MTRouteResp) Validate() error {
	if p.Result != RouteOK {
		return nil
	}
	return firstError(
		validateGatewayIP(CmdMTRouteResp, p.GatewayIP),
		validateDigits(CmdMTRouteResp, "Time_stamp", p.TimeStamp, routeTimeStampLen),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *MTRouteResp) Clone() *MTRouteResp {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.StartID, c.EndID, c.AreaCode = cloneBytes(p.StartID), cloneBytes(p.EndID), cloneBytes(p.AreaCode)
	c.TimeStamp = cloneBytes(p.TimeStamp)
	return &c
}

// ---- CMPP_MO_ROUTE / _RESP ----

// MORoute is CMPP_MO_ROUTE (0x00000011, §8.6.4.1), ISMG → GNS: ask for the
// MO route of an SP service code. Body 41 octets.
type MORoute struct {
	// Source_Id, 6 octets: the asking gateway's code.
	SourceID []byte
	// SP_Code, 21 octets: the SP service code.
	SPCode []byte
	// Service_Id, 10 octets: the requested service type (nationwide
	// content); empty when not used.
	ServiceID []byte
	// Service_Code, 4 octets: the requested service code; 0 when
	// Service_Id is empty.
	ServiceCode uint32
}

var _ Packet = (*MORoute)(nil)

// CommandID returns CmdMORoute.
func (p *MORoute) CommandID() CommandID { return CmdMORoute }
func (p *MORoute) bodyLen() int         { return moRouteLen }

// AppendBody appends the 41-octet body.
func (p *MORoute) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdMORoute}
	out, body := grow(b, moRouteRun0)
	f := (*[moRouteRun0]byte)(body)
	*f = [moRouteRun0]byte{}
	e.str("Source_Id", f[moRouteSourceID:moRouteSourceIDEnd], p.SourceID)
	e.str("SP_Code", f[moRouteSPCode:moRouteSPCodeEnd], p.SPCode)
	e.str("Service_Id", f[moRouteServiceID:moRouteServiceIDEnd], p.ServiceID)
	binary.BigEndian.PutUint32(f[moRouteServiceCode:], p.ServiceCode)
	return e.result(b, out)
}

// DecodeBody decodes a 41-octet body.
func (p *MORoute) DecodeBody(body []byte) error {
	if len(body) != moRouteRun0 {
		return bodyError(CmdMORoute, layout.Tables[uint32(CmdMORoute)], body)
	}
	f := (*[moRouteRun0]byte)(body)
	p.SourceID = strShort(f[moRouteSourceID:moRouteSourceIDEnd])
	p.SPCode = strLong(f[moRouteSPCode:moRouteSPCodeEnd])
	p.ServiceID = str16(f[moRouteServiceID:moRouteServiceIDEnd])
	p.ServiceCode = binary.BigEndian.Uint32(f[moRouteServiceCode:])
	return nil
}

// Validate checks Source_Id (6 digits) and that Service_Code is 0 when
// Service_Id is empty.
func (p *MORoute) Validate() error {
	if len(p.ServiceID) == 0 && p.ServiceCode != 0 {
		return invalid(CmdMORoute, "Service_Code", "must be 0 when Service_Id is empty")
	}
	return validateDigits(CmdMORoute, "Source_Id", p.SourceID, 6)
}

// Clone returns a deep copy of p that owns its memory.
func (p *MORoute) Clone() *MORoute {
	c := *p
	c.SourceID, c.SPCode, c.ServiceID = cloneBytes(p.SourceID), cloneBytes(p.SPCode), cloneBytes(p.ServiceID)
	return &c
}

// MORouteResp is CMPP_MO_ROUTE_RESP (0x80000011, §8.6.4.2), GNS → ISMG.
// Body 78 octets.
type MORouteResp struct {
	// Route_Id, 4 octets: the route number, allocated by the GNS.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// SP_Id, 6 octets: the SP's enterprise code.
	SPID []byte
	// SP_Code, 21 octets: the SP service code.
	SPCode []byte
	// SP_AcessType (sic), 1 octet: 0 main access point, 1 mirror.
	SPAccessType uint8
	// Start_code, 4 octets: first service code of the route (0 if no
	// Service_Id was asked for).
	StartCode uint32
	// End_code, 4 octets: last service code of the route.
	EndCode uint32
	// Result, 1 octet: 0 OK, 1 no matching route, 2 bad source gateway or
	// service code, 9 system busy.
	Result RouteResult
	// Time_stamp, 14 octets: last change, yyyymmddhhmmss.
	TimeStamp []byte
}

var _ Packet = (*MORouteResp)(nil)

// CommandID returns CmdMORouteResp.
func (p *MORouteResp) CommandID() CommandID { return CmdMORouteResp }
func (p *MORouteResp) bodyLen() int         { return moRouteRespLen }

// AppendBody appends the 78-octet body.
func (p *MORouteResp) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdMORouteResp}
	out, body := grow(b, moRouteRespRun0)
	f := (*[moRouteRespRun0]byte)(body)
	*f = [moRouteRespRun0]byte{}
	binary.BigEndian.PutUint32(f[moRouteRespRouteID:], p.RouteID)
	e.str("Destination_Id", f[moRouteRespDestinationID:moRouteRespDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[moRouteRespGatewayIP:moRouteRespGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[moRouteRespGatewayPort:], p.GatewayPort)
	e.str("SP_Id", f[moRouteRespSPID:moRouteRespSPIDEnd], p.SPID)
	e.str("SP_Code", f[moRouteRespSPCode:moRouteRespSPCodeEnd], p.SPCode)
	f[moRouteRespSPAccessType] = p.SPAccessType
	binary.BigEndian.PutUint32(f[moRouteRespStartCode:], p.StartCode)
	binary.BigEndian.PutUint32(f[moRouteRespEndCode:], p.EndCode)
	f[moRouteRespResult] = uint8(p.Result)
	e.str("Time_stamp", f[moRouteRespTimeStamp:moRouteRespTimeStampEnd], p.TimeStamp)
	return e.result(b, out)
}

// DecodeBody decodes a 78-octet body.
func (p *MORouteResp) DecodeBody(body []byte) error {
	if len(body) != moRouteRespRun0 {
		return bodyError(CmdMORouteResp, layout.Tables[uint32(CmdMORouteResp)], body)
	}
	f := (*[moRouteRespRun0]byte)(body)
	p.RouteID = binary.BigEndian.Uint32(f[moRouteRespRouteID:])
	p.DestinationID = strShort(f[moRouteRespDestinationID:moRouteRespDestinationIDEnd])
	p.GatewayIP = str16(f[moRouteRespGatewayIP:moRouteRespGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[moRouteRespGatewayPort:])
	p.SPID = strShort(f[moRouteRespSPID:moRouteRespSPIDEnd])
	p.SPCode = strLong(f[moRouteRespSPCode:moRouteRespSPCodeEnd])
	p.SPAccessType = f[moRouteRespSPAccessType]
	p.StartCode = binary.BigEndian.Uint32(f[moRouteRespStartCode:])
	p.EndCode = binary.BigEndian.Uint32(f[moRouteRespEndCode:])
	p.Result = RouteResult(f[moRouteRespResult])
	p.TimeStamp = str16(f[moRouteRespTimeStamp:moRouteRespTimeStampEnd])
	return nil
}

// Validate checks SP_AcessType (0 or 1) and, when the route was found,
// Gateway_IP, Time_stamp and Start_code ≤ End_code.
func (p *MORouteResp) Validate() error {
	const cmd = CmdMORouteResp
	if err := flag(cmd, "SP_AcessType", p.SPAccessType, routeAccessTypeMaxLegal); err != nil || p.Result != RouteOK {
		return err
	}
	return firstError(
		validateGatewayIP(cmd, p.GatewayIP),
		validateCodes(cmd, p.StartCode, p.EndCode),
		validateDigits(cmd, "Time_stamp", p.TimeStamp, routeTimeStampLen),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *MORouteResp) Clone() *MORouteResp {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.SPID, c.SPCode = cloneBytes(p.SPID), cloneBytes(p.SPCode)
	c.TimeStamp = cloneBytes(p.TimeStamp)
	return &c
}

// ---- CMPP_GET_MT_ROUTE / CMPP_GET_MO_ROUTE and their responses ----

// GetMTRoute is CMPP_GET_MT_ROUTE (0x00000012, §8.6.5.1), ISMG → GNS:
// download the MT routing table, one route per request. Body 14 octets.
// (CMPP 2.0 used this id for CMPP_GET_ROUTE, with another layout.)
type GetMTRoute struct {
	// Source_Id, 6 octets: the asking gateway's code.
	SourceID []byte
	// Route_type, 4 octets: "MT".
	RouteType []byte
	// Last_route_Id, 4 octets, signed: the Route_Id last received; −1 on
	// the first request.
	LastRouteID int32
}

var _ Packet = (*GetMTRoute)(nil)

// CommandID returns CmdGetMTRoute.
func (p *GetMTRoute) CommandID() CommandID { return CmdGetMTRoute }
func (p *GetMTRoute) bodyLen() int         { return getRouteLen }

// AppendBody appends the 14-octet body.
func (p *GetMTRoute) AppendBody(b []byte) ([]byte, error) {
	return appendGetRoute(b, CmdGetMTRoute, p.SourceID, p.RouteType, p.LastRouteID)
}

// DecodeBody decodes a 14-octet body.
func (p *GetMTRoute) DecodeBody(body []byte) (err error) {
	p.SourceID, p.RouteType, p.LastRouteID, err = decodeGetRoute(CmdGetMTRoute, body)
	return err
}

// Validate checks Source_Id (6 digits), Route_type "MT" and
// Last_route_Id ≥ −1.
func (p *GetMTRoute) Validate() error {
	return validateGetRoute(CmdGetMTRoute, p.SourceID, p.RouteType, routeTypeMT, p.LastRouteID)
}

// Clone returns a deep copy of p that owns its memory.
func (p *GetMTRoute) Clone() *GetMTRoute {
	return &GetMTRoute{SourceID: cloneBytes(p.SourceID), RouteType: cloneBytes(p.RouteType), LastRouteID: p.LastRouteID}
}

// GetMORoute is CMPP_GET_MO_ROUTE (0x00000017, §8.6.6.1), ISMG → GNS:
// download the MO routing table, one route per request. Body 14 octets.
type GetMORoute struct {
	// Source_Id, 6 octets: the asking gateway's code.
	SourceID []byte
	// Route_type, 4 octets: "MO".
	RouteType []byte
	// Last_route_Id, 4 octets, signed: the Route_Id last received; −1 on
	// the first request.
	LastRouteID int32
}

var _ Packet = (*GetMORoute)(nil)

// CommandID returns CmdGetMORoute.
func (p *GetMORoute) CommandID() CommandID { return CmdGetMORoute }
func (p *GetMORoute) bodyLen() int         { return getRouteLen }

// AppendBody appends the 14-octet body.
func (p *GetMORoute) AppendBody(b []byte) ([]byte, error) {
	return appendGetRoute(b, CmdGetMORoute, p.SourceID, p.RouteType, p.LastRouteID)
}

// DecodeBody decodes a 14-octet body.
func (p *GetMORoute) DecodeBody(body []byte) (err error) {
	p.SourceID, p.RouteType, p.LastRouteID, err = decodeGetRoute(CmdGetMORoute, body)
	return err
}

// Validate checks Source_Id (6 digits), Route_type "MO" and
// Last_route_Id ≥ −1.
func (p *GetMORoute) Validate() error {
	return validateGetRoute(CmdGetMORoute, p.SourceID, p.RouteType, routeTypeMO, p.LastRouteID)
}

// Clone returns a deep copy of p that owns its memory.
func (p *GetMORoute) Clone() *GetMORoute {
	return &GetMORoute{SourceID: cloneBytes(p.SourceID), RouteType: cloneBytes(p.RouteType), LastRouteID: p.LastRouteID}
}

// appendGetRoute, decodeGetRoute and validateGetRoute are the shared body
// of GET_MT_ROUTE and GET_MO_ROUTE (§8.6.5.1, §8.6.6.1).
func appendGetRoute(b []byte, cmd CommandID, src, routeType []byte, last int32) ([]byte, error) {
	e := encoder{cmd: cmd}
	out, body := grow(b, getRouteRun0)
	f := (*[getRouteRun0]byte)(body)
	*f = [getRouteRun0]byte{}
	e.str("Source_Id", f[getRouteSourceID:getRouteSourceIDEnd], src)
	e.str("Route_type", f[getRouteRouteType:getRouteRouteTypeEnd], routeType)
	binary.BigEndian.PutUint32(f[getRouteLastRouteID:], uint32(last))
	return e.result(b, out)
}

func decodeGetRoute(cmd CommandID, body []byte) (src, routeType []byte, last int32, err error) {
	if len(body) != getRouteRun0 {
		return nil, nil, 0, bodyError(cmd, layout.Tables[uint32(cmd)], body)
	}
	f := (*[getRouteRun0]byte)(body)
	src = strShort(f[getRouteSourceID:getRouteSourceIDEnd])
	routeType = strShort(f[getRouteRouteType:getRouteRouteTypeEnd])
	last = int32(binary.BigEndian.Uint32(f[getRouteLastRouteID:]))
	return src, routeType, last, nil
}

func validateGetRoute(cmd CommandID, src, routeType []byte, want string, last int32) error {
	if string(routeType) != want {
		return invalid(cmd, "Route_type", "\""+string(routeType)+"\" is not \""+want+"\"")
	}
	if last < routeFirstLastRouteID {
		return invalid(cmd, "Last_route_Id", itoa(int(last))+" is below -1")
	}
	return validateDigits(cmd, "Source_Id", src, 6)
}

// GetMTRouteResp is CMPP_GET_MT_ROUTE_RESP (0x80000012, §8.6.5.2; the
// spec's heading says CMPP_GET_ ROUTE_RESP), GNS → ISMG. Body 73 octets.
type GetMTRouteResp struct {
	// Route_Id, 4 octets: the route number.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// Start_Id, 9 octets: first number of the MSISDN range.
	StartID []byte
	// End_Id, 9 octets: last number of the MSISDN range.
	EndID []byte
	// Area_code, 4 octets: province code.
	AreaCode []byte
	// Result, 1 octet: 0 OK, 1 no matching route, 2 bad source gateway
	// code, 3 bad route type, 9 system busy.
	Result RouteResult
	// User_type, 1 octet: 0 GoTone, 1 Easyown, 2 M-Zone, …
	UserType uint8
	// Route_total, 4 octets: number of routes being returned.
	RouteTotal uint32
	// Route_number, 4 octets: position of this route, from 1.
	RouteNumber uint32
	// Time_stamp, 14 octets: last change, yyyymmddhhmmss.
	TimeStamp []byte
}

var _ Packet = (*GetMTRouteResp)(nil)

// CommandID returns CmdGetMTRouteResp.
func (p *GetMTRouteResp) CommandID() CommandID { return CmdGetMTRouteResp }
func (p *GetMTRouteResp) bodyLen() int         { return getMTRouteRespLen }

// AppendBody appends the 73-octet body.
func (p *GetMTRouteResp) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdGetMTRouteResp}
	out, body := grow(b, getMTRouteRespRun0)
	f := (*[getMTRouteRespRun0]byte)(body)
	*f = [getMTRouteRespRun0]byte{}
	binary.BigEndian.PutUint32(f[getMTRouteRespRouteID:], p.RouteID)
	e.str("Destination_Id", f[getMTRouteRespDestinationID:getMTRouteRespDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[getMTRouteRespGatewayIP:getMTRouteRespGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[getMTRouteRespGatewayPort:], p.GatewayPort)
	e.str("Start_Id", f[getMTRouteRespStartID:getMTRouteRespStartIDEnd], p.StartID)
	e.str("End_Id", f[getMTRouteRespEndID:getMTRouteRespEndIDEnd], p.EndID)
	e.str("Area_code", f[getMTRouteRespAreaCode:getMTRouteRespAreaCodeEnd], p.AreaCode)
	f[getMTRouteRespResult] = uint8(p.Result)
	f[getMTRouteRespUserType] = p.UserType
	binary.BigEndian.PutUint32(f[getMTRouteRespRouteTotal:], p.RouteTotal)
	binary.BigEndian.PutUint32(f[getMTRouteRespRouteNumber:], p.RouteNumber)
	e.str("Time_stamp", f[getMTRouteRespTimeStamp:getMTRouteRespTimeStampEnd], p.TimeStamp)
	return e.result(b, out)
}

// DecodeBody decodes a 73-octet body.
func (p *GetMTRouteResp) DecodeBody(body []byte) error {
	if len(body) != getMTRouteRespRun0 {
		return bodyError(CmdGetMTRouteResp, layout.Tables[uint32(CmdGetMTRouteResp)], body)
	}
	f := (*[getMTRouteRespRun0]byte)(body)
	p.RouteID = binary.BigEndian.Uint32(f[getMTRouteRespRouteID:])
	p.DestinationID = strShort(f[getMTRouteRespDestinationID:getMTRouteRespDestinationIDEnd])
	p.GatewayIP = str16(f[getMTRouteRespGatewayIP:getMTRouteRespGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[getMTRouteRespGatewayPort:])
	p.StartID = str16(f[getMTRouteRespStartID:getMTRouteRespStartIDEnd])
	p.EndID = str16(f[getMTRouteRespEndID:getMTRouteRespEndIDEnd])
	p.AreaCode = strShort(f[getMTRouteRespAreaCode:getMTRouteRespAreaCodeEnd])
	p.Result = RouteResult(f[getMTRouteRespResult])
	p.UserType = f[getMTRouteRespUserType]
	p.RouteTotal = binary.BigEndian.Uint32(f[getMTRouteRespRouteTotal:])
	p.RouteNumber = binary.BigEndian.Uint32(f[getMTRouteRespRouteNumber:])
	p.TimeStamp = str16(f[getMTRouteRespTimeStamp:getMTRouteRespTimeStampEnd])
	return nil
}

// Validate checks, when a route is returned (Result 0), Gateway_IP,
// 1 ≤ Route_number ≤ Route_total and Time_stamp.
func (p *GetMTRouteResp) Validate() error {
	const cmd = CmdGetMTRouteResp
	if p.Result != RouteOK {
		return nil
	}
	return firstError(
		validateGatewayIP(cmd, p.GatewayIP),
		validateRouteNumber(cmd, p.RouteTotal, p.RouteNumber),
		validateDigits(cmd, "Time_stamp", p.TimeStamp, routeTimeStampLen),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *GetMTRouteResp) Clone() *GetMTRouteResp {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.StartID, c.EndID, c.AreaCode = cloneBytes(p.StartID), cloneBytes(p.EndID), cloneBytes(p.AreaCode)
	c.TimeStamp = cloneBytes(p.TimeStamp)
	return &c
}

// GetMORouteResp is CMPP_GET_MO_ROUTE_RESP (0x80000017, §8.6.6.2), GNS →
// ISMG. Body 96 octets.
type GetMORouteResp struct {
	// Route_Id, 4 octets: the route number.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// SP_Id, 6 octets: the SP's enterprise code.
	SPID []byte
	// SP_Code, 21 octets: the SP service code.
	SPCode []byte
	// SP_AcessType (sic), 1 octet: 0 main access point, 1 mirror.
	SPAccessType uint8
	// Service_Id, 10 octets: service type (nationwide content).
	ServiceID []byte
	// Start_code, 4 octets: first service code (0 if no Service_Id).
	StartCode uint32
	// End_code, 4 octets: last service code (0 if no Service_Id).
	EndCode uint32
	// Result, 1 octet: 0 OK, 1 no matching route, 2 bad source gateway
	// code, 3 bad route type, 9 system busy.
	Result RouteResult
	// Route_total, 4 octets: number of routes being returned.
	RouteTotal uint32
	// Route_number, 4 octets: position of this route, from 1.
	RouteNumber uint32
	// Time_stamp, 14 octets: last change, yyyymmddhhmmss.
	TimeStamp []byte
}

var _ Packet = (*GetMORouteResp)(nil)

// CommandID returns CmdGetMORouteResp.
func (p *GetMORouteResp) CommandID() CommandID { return CmdGetMORouteResp }
func (p *GetMORouteResp) bodyLen() int         { return getMORouteRespLen }

// AppendBody appends the 96-octet body.
func (p *GetMORouteResp) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdGetMORouteResp}
	out, body := grow(b, getMORouteRespRun0)
	f := (*[getMORouteRespRun0]byte)(body)
	*f = [getMORouteRespRun0]byte{}
	binary.BigEndian.PutUint32(f[getMORouteRespRouteID:], p.RouteID)
	e.str("Destination_Id", f[getMORouteRespDestinationID:getMORouteRespDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[getMORouteRespGatewayIP:getMORouteRespGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[getMORouteRespGatewayPort:], p.GatewayPort)
	e.str("SP_Id", f[getMORouteRespSPID:getMORouteRespSPIDEnd], p.SPID)
	e.str("SP_Code", f[getMORouteRespSPCode:getMORouteRespSPCodeEnd], p.SPCode)
	f[getMORouteRespSPAccessType] = p.SPAccessType
	e.str("Service_Id", f[getMORouteRespServiceID:getMORouteRespServiceIDEnd], p.ServiceID)
	binary.BigEndian.PutUint32(f[getMORouteRespStartCode:], p.StartCode)
	binary.BigEndian.PutUint32(f[getMORouteRespEndCode:], p.EndCode)
	f[getMORouteRespResult] = uint8(p.Result)
	binary.BigEndian.PutUint32(f[getMORouteRespRouteTotal:], p.RouteTotal)
	binary.BigEndian.PutUint32(f[getMORouteRespRouteNumber:], p.RouteNumber)
	e.str("Time_stamp", f[getMORouteRespTimeStamp:getMORouteRespTimeStampEnd], p.TimeStamp)
	return e.result(b, out)
}

// DecodeBody decodes a 96-octet body.
func (p *GetMORouteResp) DecodeBody(body []byte) error {
	if len(body) != getMORouteRespRun0 {
		return bodyError(CmdGetMORouteResp, layout.Tables[uint32(CmdGetMORouteResp)], body)
	}
	f := (*[getMORouteRespRun0]byte)(body)
	p.RouteID = binary.BigEndian.Uint32(f[getMORouteRespRouteID:])
	p.DestinationID = strShort(f[getMORouteRespDestinationID:getMORouteRespDestinationIDEnd])
	p.GatewayIP = str16(f[getMORouteRespGatewayIP:getMORouteRespGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[getMORouteRespGatewayPort:])
	p.SPID = strShort(f[getMORouteRespSPID:getMORouteRespSPIDEnd])
	p.SPCode = strLong(f[getMORouteRespSPCode:getMORouteRespSPCodeEnd])
	p.SPAccessType = f[getMORouteRespSPAccessType]
	p.ServiceID = str16(f[getMORouteRespServiceID:getMORouteRespServiceIDEnd])
	p.StartCode = binary.BigEndian.Uint32(f[getMORouteRespStartCode:])
	p.EndCode = binary.BigEndian.Uint32(f[getMORouteRespEndCode:])
	p.Result = RouteResult(f[getMORouteRespResult])
	p.RouteTotal = binary.BigEndian.Uint32(f[getMORouteRespRouteTotal:])
	p.RouteNumber = binary.BigEndian.Uint32(f[getMORouteRespRouteNumber:])
	p.TimeStamp = str16(f[getMORouteRespTimeStamp:getMORouteRespTimeStampEnd])
	return nil
}

// Validate checks SP_AcessType and, when a route is returned (Result 0),
// Gateway_IP, Start_code ≤ End_code, 1 ≤ Route_number ≤ Route_total and
// Time_stamp.
func (p *GetMORouteResp) Validate() error {
	const cmd = CmdGetMORouteResp
	if err := flag(cmd, "SP_AcessType", p.SPAccessType, routeAccessTypeMaxLegal); err != nil || p.Result != RouteOK {
		return err
	}
	return firstError(
		validateGatewayIP(cmd, p.GatewayIP),
		validateCodes(cmd, p.StartCode, p.EndCode),
		validateRouteNumber(cmd, p.RouteTotal, p.RouteNumber),
		validateDigits(cmd, "Time_stamp", p.TimeStamp, routeTimeStampLen),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *GetMORouteResp) Clone() *GetMORouteResp {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.SPID, c.SPCode, c.ServiceID = cloneBytes(p.SPID), cloneBytes(p.SPCode), cloneBytes(p.ServiceID)
	c.TimeStamp = cloneBytes(p.TimeStamp)
	return &c
}

// ---- CMPP_MT_ROUTE_UPDATE / CMPP_PUSH_MT_ROUTE_UPDATE ----

// MTRouteUpdate is CMPP_MT_ROUTE_UPDATE (0x00000013, §8.6.7.1), ISMG →
// GNS: add, delete or change an MT route. Body 51 octets.
type MTRouteUpdate struct {
	// Update_type, 1 octet: 0 add, 1 delete, 2 update.
	UpdateType UpdateType
	// Route_Id, 4 octets: the route number; 0 when adding.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// Start_Id, 9 octets: first number of the MT range.
	StartID []byte
	// End_Id, 9 octets: last number of the MT range.
	EndID []byte
	// Area_code, 4 octets: province code.
	AreaCode []byte
	// User_type, 1 octet: 0 GoTone, 1 Easyown, 2 M-Zone, …
	UserType uint8
}

var _ Packet = (*MTRouteUpdate)(nil)

// CommandID returns CmdMTRouteUpdate.
func (p *MTRouteUpdate) CommandID() CommandID { return CmdMTRouteUpdate }
func (p *MTRouteUpdate) bodyLen() int         { return mtRouteUpdateLen }

// AppendBody appends the 51-octet body.
func (p *MTRouteUpdate) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdMTRouteUpdate}
	out, body := grow(b, mtRouteUpdateRun0)
	f := (*[mtRouteUpdateRun0]byte)(body)
	*f = [mtRouteUpdateRun0]byte{}
	f[mtRouteUpdateUpdateType] = uint8(p.UpdateType)
	binary.BigEndian.PutUint32(f[mtRouteUpdateRouteID:], p.RouteID)
	e.str("Destination_Id", f[mtRouteUpdateDestinationID:mtRouteUpdateDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[mtRouteUpdateGatewayIP:mtRouteUpdateGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[mtRouteUpdateGatewayPort:], p.GatewayPort)
	e.str("Start_Id", f[mtRouteUpdateStartID:mtRouteUpdateStartIDEnd], p.StartID)
	e.str("End_Id", f[mtRouteUpdateEndID:mtRouteUpdateEndIDEnd], p.EndID)
	e.str("Area_code", f[mtRouteUpdateAreaCode:mtRouteUpdateAreaCodeEnd], p.AreaCode)
	f[mtRouteUpdateUserType] = p.UserType
	return e.result(b, out)
}

// DecodeBody decodes a 51-octet body.
func (p *MTRouteUpdate) DecodeBody(body []byte) error {
	if len(body) != mtRouteUpdateRun0 {
		return bodyError(CmdMTRouteUpdate, layout.Tables[uint32(CmdMTRouteUpdate)], body)
	}
	f := (*[mtRouteUpdateRun0]byte)(body)
	p.UpdateType = UpdateType(f[mtRouteUpdateUpdateType])
	p.RouteID = binary.BigEndian.Uint32(f[mtRouteUpdateRouteID:])
	p.DestinationID = strShort(f[mtRouteUpdateDestinationID:mtRouteUpdateDestinationIDEnd])
	p.GatewayIP = str16(f[mtRouteUpdateGatewayIP:mtRouteUpdateGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[mtRouteUpdateGatewayPort:])
	p.StartID = str16(f[mtRouteUpdateStartID:mtRouteUpdateStartIDEnd])
	p.EndID = str16(f[mtRouteUpdateEndID:mtRouteUpdateEndIDEnd])
	p.AreaCode = strShort(f[mtRouteUpdateAreaCode:mtRouteUpdateAreaCodeEnd])
	p.UserType = f[mtRouteUpdateUserType]
	return nil
}

// Validate checks Update_type (0–2), Route_Id 0 for an add, and Gateway_IP.
func (p *MTRouteUpdate) Validate() error {
	return validateUpdate(CmdMTRouteUpdate, p.UpdateType, p.RouteID, p.GatewayIP)
}

// Clone returns a deep copy of p that owns its memory.
func (p *MTRouteUpdate) Clone() *MTRouteUpdate {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.StartID, c.EndID, c.AreaCode = cloneBytes(p.StartID), cloneBytes(p.EndID), cloneBytes(p.AreaCode)
	return &c
}

// PushMTRouteUpdate is CMPP_PUSH_MT_ROUTE_UPDATE (0x00000015, §8.6.9.1),
// GNS → ISMG: the GNS pushes an MT route change. Body 65 octets.
type PushMTRouteUpdate struct {
	// Update_type, 1 octet: 0 add, 1 delete, 2 update.
	UpdateType UpdateType
	// Route_Id, 4 octets: the route number.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// Start_Id, 9 octets: first number of the MT range.
	StartID []byte
	// End_Id, 9 octets: last number of the MT range.
	EndID []byte
	// Area_code, 4 octets: province code.
	AreaCode []byte
	// User_type, 1 octet: 0 GoTone, 1 Easyown, 2 M-Zone, …
	UserType uint8
	// Time_stamp, 14 octets: last change of the route, yyyymmddhhmmss.
	TimeStamp []byte
}

var _ Packet = (*PushMTRouteUpdate)(nil)

// CommandID returns CmdPushMTRouteUpdate.
func (p *PushMTRouteUpdate) CommandID() CommandID { return CmdPushMTRouteUpdate }
func (p *PushMTRouteUpdate) bodyLen() int         { return pushMTRouteUpdateLen }

// AppendBody appends the 65-octet body.
func (p *PushMTRouteUpdate) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdPushMTRouteUpdate}
	out, body := grow(b, pushMTRouteUpdateRun0)
	f := (*[pushMTRouteUpdateRun0]byte)(body)
	*f = [pushMTRouteUpdateRun0]byte{}
	f[pushMTRouteUpdateUpdateType] = uint8(p.UpdateType)
	binary.BigEndian.PutUint32(f[pushMTRouteUpdateRouteID:], p.RouteID)
	e.str("Destination_Id", f[pushMTRouteUpdateDestinationID:pushMTRouteUpdateDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[pushMTRouteUpdateGatewayIP:pushMTRouteUpdateGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[pushMTRouteUpdateGatewayPort:], p.GatewayPort)
	e.str("Start_Id", f[pushMTRouteUpdateStartID:pushMTRouteUpdateStartIDEnd], p.StartID)
	e.str("End_Id", f[pushMTRouteUpdateEndID:pushMTRouteUpdateEndIDEnd], p.EndID)
	e.str("Area_code", f[pushMTRouteUpdateAreaCode:pushMTRouteUpdateAreaCodeEnd], p.AreaCode)
	f[pushMTRouteUpdateUserType] = p.UserType
	e.str("Time_stamp", f[pushMTRouteUpdateTimeStamp:pushMTRouteUpdateTimeStampEnd], p.TimeStamp)
	return e.result(b, out)
}

// DecodeBody decodes a 65-octet body.
func (p *PushMTRouteUpdate) DecodeBody(body []byte) error {
	if len(body) != pushMTRouteUpdateRun0 {
		return bodyError(CmdPushMTRouteUpdate, layout.Tables[uint32(CmdPushMTRouteUpdate)], body)
	}
	f := (*[pushMTRouteUpdateRun0]byte)(body)
	p.UpdateType = UpdateType(f[pushMTRouteUpdateUpdateType])
	p.RouteID = binary.BigEndian.Uint32(f[pushMTRouteUpdateRouteID:])
	p.DestinationID = strShort(f[pushMTRouteUpdateDestinationID:pushMTRouteUpdateDestinationIDEnd])
	p.GatewayIP = str16(f[pushMTRouteUpdateGatewayIP:pushMTRouteUpdateGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[pushMTRouteUpdateGatewayPort:])
	p.StartID = str16(f[pushMTRouteUpdateStartID:pushMTRouteUpdateStartIDEnd])
	p.EndID = str16(f[pushMTRouteUpdateEndID:pushMTRouteUpdateEndIDEnd])
	p.AreaCode = strShort(f[pushMTRouteUpdateAreaCode:pushMTRouteUpdateAreaCodeEnd])
	p.UserType = f[pushMTRouteUpdateUserType]
	p.TimeStamp = str16(f[pushMTRouteUpdateTimeStamp:pushMTRouteUpdateTimeStampEnd])
	return nil
}

// Validate checks Update_type (0–2), Gateway_IP and Time_stamp.
func (p *PushMTRouteUpdate) Validate() error {
	const cmd = CmdPushMTRouteUpdate
	return firstError(
		flag(cmd, "Update_type", uint8(p.UpdateType), routeUpdateTypeMaxLegal),
		validateGatewayIP(cmd, p.GatewayIP),
		validateDigits(cmd, "Time_stamp", p.TimeStamp, routeTimeStampLen),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *PushMTRouteUpdate) Clone() *PushMTRouteUpdate {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.StartID, c.EndID, c.AreaCode = cloneBytes(p.StartID), cloneBytes(p.EndID), cloneBytes(p.AreaCode)
	c.TimeStamp = cloneBytes(p.TimeStamp)
	return &c
}

// ---- CMPP_MO_ROUTE_UPDATE / CMPP_PUSH_MO_ROUTE_UPDATE ----

// MORouteUpdate is CMPP_MO_ROUTE_UPDATE (0x00000014, §8.6.8.1), ISMG →
// GNS: add, delete or change an MO route. Body 74 octets.
type MORouteUpdate struct {
	// Update_type, 1 octet: 0 add, 1 delete, 2 update.
	UpdateType UpdateType
	// Route_Id, 4 octets: the route number; 0 when adding.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// SP_Id, 6 octets: the SP's enterprise code.
	SPID []byte
	// SP_Code, 21 octets: the SP service number.
	SPCode []byte
	// SP_AcessType (sic), 1 octet: 0 main access point, 1 mirror.
	SPAccessType uint8
	// Service_Id, 10 octets: service type; empty if the route has none.
	ServiceID []byte
	// Start_code, 4 octets: first service code.
	StartCode uint32
	// End_code, 4 octets: last service code.
	EndCode uint32
}

var _ Packet = (*MORouteUpdate)(nil)

// CommandID returns CmdMORouteUpdate.
func (p *MORouteUpdate) CommandID() CommandID { return CmdMORouteUpdate }
func (p *MORouteUpdate) bodyLen() int         { return moRouteUpdateLen }

// AppendBody appends the 74-octet body.
func (p *MORouteUpdate) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdMORouteUpdate}
	out, body := grow(b, moRouteUpdateRun0)
	f := (*[moRouteUpdateRun0]byte)(body)
	*f = [moRouteUpdateRun0]byte{}
	f[moRouteUpdateUpdateType] = uint8(p.UpdateType)
	binary.BigEndian.PutUint32(f[moRouteUpdateRouteID:], p.RouteID)
	e.str("Destination_Id", f[moRouteUpdateDestinationID:moRouteUpdateDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[moRouteUpdateGatewayIP:moRouteUpdateGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[moRouteUpdateGatewayPort:], p.GatewayPort)
	e.str("SP_Id", f[moRouteUpdateSPID:moRouteUpdateSPIDEnd], p.SPID)
	e.str("SP_Code", f[moRouteUpdateSPCode:moRouteUpdateSPCodeEnd], p.SPCode)
	f[moRouteUpdateSPAccessType] = p.SPAccessType
	e.str("Service_Id", f[moRouteUpdateServiceID:moRouteUpdateServiceIDEnd], p.ServiceID)
	binary.BigEndian.PutUint32(f[moRouteUpdateStartCode:], p.StartCode)
	binary.BigEndian.PutUint32(f[moRouteUpdateEndCode:], p.EndCode)
	return e.result(b, out)
}

// DecodeBody decodes a 74-octet body.
func (p *MORouteUpdate) DecodeBody(body []byte) error {
	if len(body) != moRouteUpdateRun0 {
		return bodyError(CmdMORouteUpdate, layout.Tables[uint32(CmdMORouteUpdate)], body)
	}
	f := (*[moRouteUpdateRun0]byte)(body)
	p.UpdateType = UpdateType(f[moRouteUpdateUpdateType])
	p.RouteID = binary.BigEndian.Uint32(f[moRouteUpdateRouteID:])
	p.DestinationID = strShort(f[moRouteUpdateDestinationID:moRouteUpdateDestinationIDEnd])
	p.GatewayIP = str16(f[moRouteUpdateGatewayIP:moRouteUpdateGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[moRouteUpdateGatewayPort:])
	p.SPID = strShort(f[moRouteUpdateSPID:moRouteUpdateSPIDEnd])
	p.SPCode = strLong(f[moRouteUpdateSPCode:moRouteUpdateSPCodeEnd])
	p.SPAccessType = f[moRouteUpdateSPAccessType]
	p.ServiceID = str16(f[moRouteUpdateServiceID:moRouteUpdateServiceIDEnd])
	p.StartCode = binary.BigEndian.Uint32(f[moRouteUpdateStartCode:])
	p.EndCode = binary.BigEndian.Uint32(f[moRouteUpdateEndCode:])
	return nil
}

// Validate checks Update_type (0–2), Route_Id 0 for an add, Gateway_IP,
// SP_AcessType (0 or 1) and Start_code ≤ End_code.
func (p *MORouteUpdate) Validate() error {
	const cmd = CmdMORouteUpdate
	return firstError(
		validateUpdate(cmd, p.UpdateType, p.RouteID, p.GatewayIP),
		flag(cmd, "SP_AcessType", p.SPAccessType, routeAccessTypeMaxLegal),
		validateCodes(cmd, p.StartCode, p.EndCode),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *MORouteUpdate) Clone() *MORouteUpdate {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.SPID, c.SPCode, c.ServiceID = cloneBytes(p.SPID), cloneBytes(p.SPCode), cloneBytes(p.ServiceID)
	return &c
}

// PushMORouteUpdate is CMPP_PUSH_MO_ROUTE_UPDATE (0x00000016, §8.6.10.1),
// GNS → ISMG: the GNS pushes an MO route change. Body 88 octets.
type PushMORouteUpdate struct {
	// Update_type, 1 octet: 0 add, 1 delete, 2 update.
	UpdateType UpdateType
	// Route_Id, 4 octets: the route number.
	RouteID uint32
	// Destination_Id, 6 octets: the target gateway's code.
	DestinationID []byte
	// Gateway_IP, 15 octets: the target gateway's IPv4 address.
	GatewayIP []byte
	// Gateway_port, 2 octets: the target gateway's port.
	GatewayPort uint16
	// SP_Id, 6 octets: the SP's enterprise code.
	SPID []byte
	// SP_Code, 21 octets: the SP service number.
	SPCode []byte
	// SP_AcessType (sic), 1 octet: 0 main access point, 1 mirror.
	SPAccessType uint8
	// Service_Id, 10 octets: service type; empty if none.
	ServiceID []byte
	// Start_code, 4 octets: first service code.
	StartCode uint32
	// End_code, 4 octets: last service code.
	EndCode uint32
	// time_stamp (lower case in the spec), 14 octets: last change of the
	// route, yyyymmddhhmmss.
	TimeStamp []byte
}

var _ Packet = (*PushMORouteUpdate)(nil)

// CommandID returns CmdPushMORouteUpdate.
func (p *PushMORouteUpdate) CommandID() CommandID { return CmdPushMORouteUpdate }
func (p *PushMORouteUpdate) bodyLen() int         { return pushMORouteUpdateLen }

// AppendBody appends the 88-octet body.
func (p *PushMORouteUpdate) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdPushMORouteUpdate}
	out, body := grow(b, pushMORouteUpdateRun0)
	f := (*[pushMORouteUpdateRun0]byte)(body)
	*f = [pushMORouteUpdateRun0]byte{}
	f[pushMORouteUpdateUpdateType] = uint8(p.UpdateType)
	binary.BigEndian.PutUint32(f[pushMORouteUpdateRouteID:], p.RouteID)
	e.str("Destination_Id", f[pushMORouteUpdateDestinationID:pushMORouteUpdateDestinationIDEnd], p.DestinationID)
	e.str("Gateway_IP", f[pushMORouteUpdateGatewayIP:pushMORouteUpdateGatewayIPEnd], p.GatewayIP)
	binary.BigEndian.PutUint16(f[pushMORouteUpdateGatewayPort:], p.GatewayPort)
	e.str("SP_Id", f[pushMORouteUpdateSPID:pushMORouteUpdateSPIDEnd], p.SPID)
	e.str("SP_Code", f[pushMORouteUpdateSPCode:pushMORouteUpdateSPCodeEnd], p.SPCode)
	f[pushMORouteUpdateSPAccessType] = p.SPAccessType
	e.str("Service_Id", f[pushMORouteUpdateServiceID:pushMORouteUpdateServiceIDEnd], p.ServiceID)
	binary.BigEndian.PutUint32(f[pushMORouteUpdateStartCode:], p.StartCode)
	binary.BigEndian.PutUint32(f[pushMORouteUpdateEndCode:], p.EndCode)
	e.str("time_stamp", f[pushMORouteUpdateTimeStamp:pushMORouteUpdateTimeStampEnd], p.TimeStamp)
	return e.result(b, out)
}

// DecodeBody decodes an 88-octet body.
func (p *PushMORouteUpdate) DecodeBody(body []byte) error {
	if len(body) != pushMORouteUpdateRun0 {
		return bodyError(CmdPushMORouteUpdate, layout.Tables[uint32(CmdPushMORouteUpdate)], body)
	}
	f := (*[pushMORouteUpdateRun0]byte)(body)
	p.UpdateType = UpdateType(f[pushMORouteUpdateUpdateType])
	p.RouteID = binary.BigEndian.Uint32(f[pushMORouteUpdateRouteID:])
	p.DestinationID = strShort(f[pushMORouteUpdateDestinationID:pushMORouteUpdateDestinationIDEnd])
	p.GatewayIP = str16(f[pushMORouteUpdateGatewayIP:pushMORouteUpdateGatewayIPEnd])
	p.GatewayPort = binary.BigEndian.Uint16(f[pushMORouteUpdateGatewayPort:])
	p.SPID = strShort(f[pushMORouteUpdateSPID:pushMORouteUpdateSPIDEnd])
	p.SPCode = strLong(f[pushMORouteUpdateSPCode:pushMORouteUpdateSPCodeEnd])
	p.SPAccessType = f[pushMORouteUpdateSPAccessType]
	p.ServiceID = str16(f[pushMORouteUpdateServiceID:pushMORouteUpdateServiceIDEnd])
	p.StartCode = binary.BigEndian.Uint32(f[pushMORouteUpdateStartCode:])
	p.EndCode = binary.BigEndian.Uint32(f[pushMORouteUpdateEndCode:])
	p.TimeStamp = str16(f[pushMORouteUpdateTimeStamp:pushMORouteUpdateTimeStampEnd])
	return nil
}

// Validate checks Update_type (0–2), Gateway_IP, SP_AcessType (0 or 1),
// Start_code ≤ End_code and time_stamp.
func (p *PushMORouteUpdate) Validate() error {
	const cmd = CmdPushMORouteUpdate
	return firstError(
		flag(cmd, "Update_type", uint8(p.UpdateType), routeUpdateTypeMaxLegal),
		validateGatewayIP(cmd, p.GatewayIP),
		flag(cmd, "SP_AcessType", p.SPAccessType, routeAccessTypeMaxLegal),
		validateCodes(cmd, p.StartCode, p.EndCode),
		validateDigits(cmd, "time_stamp", p.TimeStamp, routeTimeStampLen),
	)
}

// Clone returns a deep copy of p that owns its memory.
func (p *PushMORouteUpdate) Clone() *PushMORouteUpdate {
	c := *p
	c.DestinationID, c.GatewayIP = cloneBytes(p.DestinationID), cloneBytes(p.GatewayIP)
	c.SPID, c.SPCode, c.ServiceID = cloneBytes(p.SPID), cloneBytes(p.SPCode), cloneBytes(p.ServiceID)
	c.TimeStamp = cloneBytes(p.TimeStamp)
	return &c
}

// ---- the update responses: Result (1) + Route_Id (4) + Time_stamp (14) ----

// MTRouteUpdateResp is CMPP_MT_ROUTE_UPDATE_RESP (0x80000013, §8.6.7.2),
// GNS → ISMG. Body 19 octets.
type MTRouteUpdateResp struct {
	// Result, 1 octet: 0 accepted, awaiting verification; 4, 9–18 errors.
	Result RouteResult
	// Route_Id, 4 octets: the route's number; for an add, the number the
	// GNS has just allocated.
	RouteID uint32
	// Time_stamp, 14 octets: when the GNS received the update.
	TimeStamp []byte
}

var _ Packet = (*MTRouteUpdateResp)(nil)

// CommandID returns CmdMTRouteUpdateResp.
func (p *MTRouteUpdateResp) CommandID() CommandID { return CmdMTRouteUpdateResp }
func (p *MTRouteUpdateResp) bodyLen() int         { return routeUpdateRespLen }

// AppendBody appends the 19-octet body.
func (p *MTRouteUpdateResp) AppendBody(b []byte) ([]byte, error) {
	return appendUpdateResp(b, CmdMTRouteUpdateResp, p.Result, p.RouteID, p.TimeStamp)
}

// DecodeBody decodes a 19-octet body.
func (p *MTRouteUpdateResp) DecodeBody(body []byte) (err error) {
	p.Result, p.RouteID, p.TimeStamp, err = decodeUpdateResp(CmdMTRouteUpdateResp, body)
	return err
}

// Validate checks Time_stamp (14 digits).
func (p *MTRouteUpdateResp) Validate() error {
	return validateDigits(CmdMTRouteUpdateResp, "Time_stamp", p.TimeStamp, routeTimeStampLen)
}

// Clone returns a deep copy of p that owns its memory.
func (p *MTRouteUpdateResp) Clone() *MTRouteUpdateResp {
	return &MTRouteUpdateResp{Result: p.Result, RouteID: p.RouteID, TimeStamp: cloneBytes(p.TimeStamp)}
}

// MORouteUpdateResp is CMPP_MO_ROUTE_UPDATE_RESP (0x80000014, §8.6.8.2),
// GNS → ISMG. Body 19 octets.
type MORouteUpdateResp struct {
	// Result, 1 octet: 0 accepted, awaiting verification; 4, 9–14, 19–24
	// errors.
	Result RouteResult
	// Route_Id, 4 octets: the route's number; for an add, the new one.
	RouteID uint32
	// Time_stamp, 14 octets: when the GNS received the update.
	TimeStamp []byte
}

var _ Packet = (*MORouteUpdateResp)(nil)

// CommandID returns CmdMORouteUpdateResp.
func (p *MORouteUpdateResp) CommandID() CommandID { return CmdMORouteUpdateResp }
func (p *MORouteUpdateResp) bodyLen() int         { return routeUpdateRespLen }

// AppendBody appends the 19-octet body.
func (p *MORouteUpdateResp) AppendBody(b []byte) ([]byte, error) {
	return appendUpdateResp(b, CmdMORouteUpdateResp, p.Result, p.RouteID, p.TimeStamp)
}

// DecodeBody decodes a 19-octet body.
func (p *MORouteUpdateResp) DecodeBody(body []byte) (err error) {
	p.Result, p.RouteID, p.TimeStamp, err = decodeUpdateResp(CmdMORouteUpdateResp, body)
	return err
}

// Validate checks Time_stamp (14 digits).
func (p *MORouteUpdateResp) Validate() error {
	return validateDigits(CmdMORouteUpdateResp, "Time_stamp", p.TimeStamp, routeTimeStampLen)
}

// Clone returns a deep copy of p that owns its memory.
func (p *MORouteUpdateResp) Clone() *MORouteUpdateResp {
	return &MORouteUpdateResp{Result: p.Result, RouteID: p.RouteID, TimeStamp: cloneBytes(p.TimeStamp)}
}

func appendUpdateResp(b []byte, cmd CommandID, res RouteResult, id uint32, ts []byte) ([]byte, error) {
	e := encoder{cmd: cmd}
	out, body := grow(b, updateRespRun0)
	f := (*[updateRespRun0]byte)(body)
	*f = [updateRespRun0]byte{}
	f[updateRespResult] = uint8(res)
	binary.BigEndian.PutUint32(f[updateRespRouteID:], id)
	e.str("Time_stamp", f[updateRespTimeStamp:updateRespTimeStampEnd], ts)
	return e.result(b, out)
}

func decodeUpdateResp(cmd CommandID, body []byte) (RouteResult, uint32, []byte, error) {
	if len(body) != updateRespRun0 {
		return 0, 0, nil, bodyError(cmd, layout.Tables[uint32(cmd)], body)
	}
	f := (*[updateRespRun0]byte)(body)
	res := RouteResult(f[updateRespResult])
	id := binary.BigEndian.Uint32(f[updateRespRouteID:])
	ts := str16(f[updateRespTimeStamp:updateRespTimeStampEnd])
	return res, id, ts, nil
}

// ---- the push responses: Result (1) ----

// PushMTRouteUpdateResp is CMPP_PUSH_MT_ROUTE_UPDATE_RESP (0x80000015,
// §8.6.9.2), ISMG → GNS. Body 1 octet.
type PushMTRouteUpdateResp struct {
	// Result, 1 octet: 0 changed, 5 update failed, 6 GNS timestamp older
	// than the local one, 9 system busy.
	Result RouteResult
}

var _ Packet = (*PushMTRouteUpdateResp)(nil)

// CommandID returns CmdPushMTRouteUpdateResp.
func (p *PushMTRouteUpdateResp) CommandID() CommandID { return CmdPushMTRouteUpdateResp }
func (p *PushMTRouteUpdateResp) bodyLen() int         { return pushRouteUpdateRespLen }

// AppendBody appends the 1-octet body.
func (p *PushMTRouteUpdateResp) AppendBody(b []byte) ([]byte, error) {
	return append(b, uint8(p.Result)), nil
}

// DecodeBody decodes a 1-octet body.
func (p *PushMTRouteUpdateResp) DecodeBody(body []byte) (err error) {
	p.Result, err = decodeResultOnly(CmdPushMTRouteUpdateResp, body)
	return err
}

// Validate has nothing to check: every value is legal.
func (p *PushMTRouteUpdateResp) Validate() error { return nil }

// Clone returns a copy of p (it holds no slices).
func (p *PushMTRouteUpdateResp) Clone() *PushMTRouteUpdateResp { c := *p; return &c }

// PushMORouteUpdateResp is CMPP_PUSH_MO_ROUTE_UPDATE_RESP (0x80000016,
// §8.6.10.2), ISMG → GNS. Body 1 octet.
type PushMORouteUpdateResp struct {
	// Result, 1 octet: 0 changed, 5 update failed, 6 GNS timestamp older
	// than the local one, 9 system busy.
	Result RouteResult
}

var _ Packet = (*PushMORouteUpdateResp)(nil)

// CommandID returns CmdPushMORouteUpdateResp.
func (p *PushMORouteUpdateResp) CommandID() CommandID { return CmdPushMORouteUpdateResp }
func (p *PushMORouteUpdateResp) bodyLen() int         { return pushRouteUpdateRespLen }

// AppendBody appends the 1-octet body.
func (p *PushMORouteUpdateResp) AppendBody(b []byte) ([]byte, error) {
	return append(b, uint8(p.Result)), nil
}

// DecodeBody decodes a 1-octet body.
func (p *PushMORouteUpdateResp) DecodeBody(body []byte) (err error) {
	p.Result, err = decodeResultOnly(CmdPushMORouteUpdateResp, body)
	return err
}

// Validate has nothing to check: every value is legal.
func (p *PushMORouteUpdateResp) Validate() error { return nil }

// Clone returns a copy of p (it holds no slices).
func (p *PushMORouteUpdateResp) Clone() *PushMORouteUpdateResp { c := *p; return &c }

func decodeResultOnly(cmd CommandID, body []byte) (RouteResult, error) {
	if len(body) != pushRouteUpdateRespLen {
		return 0, bodyError(cmd, layout.Tables[uint32(cmd)], body)
	}
	return RouteResult(body[0]), nil
}

func validateGatewayIP(cmd CommandID, ip []byte) error {
	if a, err := netip.ParseAddr(string(ip)); err != nil || !a.Is4() {
		return invalid(cmd, "Gateway_IP", "\""+string(ip)+"\" is not a dotted IPv4 address")
	}
	return nil
}

func validateCodes(cmd CommandID, start, end uint32) error {
	if start > end {
		return invalid(cmd, "End_code", "below Start_code")
	}
	return nil
}

func validateRouteNumber(cmd CommandID, total, number uint32) error {
	if number < 1 || number > total {
		return invalid(cmd, "Route_number", itoa(int(number))+" is not 1 to Route_total "+itoa(int(total)))
	}
	return nil
}

func validateUpdate(cmd CommandID, t UpdateType, id uint32, ip []byte) error {
	if err := flag(cmd, "Update_type", uint8(t), routeUpdateTypeMaxLegal); err != nil {
		return err
	}
	if t == UpdateAdd && id != 0 {
		return invalid(cmd, "Route_Id", "must be 0 when adding a route")
	}
	return validateGatewayIP(cmd, ip)
}
