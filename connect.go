package cmpp

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/go-cmpp/cmpp/internal/layout"
)

// Body lengths (spec reference §10).
const (
	connectLen     = connectRun0 // 27
	connectRespLen = 21
)

// Connect is CMPP_CONNECT (0x00000001, §8.4.1.1): the SP (or an ISMG or
// GNS, with its gateway code in Source_Addr) logs in. Body 27 octets.
type Connect struct {
	// Source_Addr, 6 octets: the SP_Id (企业代码), or the gateway code of
	// an ISMG or GNS.
	SourceAddr []byte
	// AuthenticatorSource, 16 octets: MD5(Source_Addr ‖ 9×0x00 ‖ secret ‖
	// timestamp), see [AuthenticatorSource].
	AuthenticatorSource [16]byte
	// Version, 1 octet: the version to use, 0x30 for 3.0.
	Version Version
	// Timestamp, 4 octets: MMDDHHMMSS as a decimal number, see [Timestamp].
	Timestamp uint32
}

var _ Packet = (*Connect)(nil)

// NewConnect builds a CMPP 3.0 CONNECT for sourceAddr, reading the clock
// once so that Timestamp and AuthenticatorSource always agree. The
// Timestamp is now in China Standard Time (see [Timestamp]), whatever the
// zone of now and of the host.
func NewConnect(sourceAddr, secret string, now time.Time) *Connect {
	ts := Timestamp(now)
	return &Connect{
		SourceAddr:          []byte(sourceAddr),
		AuthenticatorSource: AuthenticatorSource(sourceAddr, secret, ts),
		Version:             Version30,
		Timestamp:           ts,
	}
}

// CommandID returns CmdConnect.
func (p *Connect) CommandID() CommandID { return CmdConnect }

func (p *Connect) bodyLen() int { return connectLen }

// AppendBody appends the 27-octet body.
func (p *Connect) AppendBody(b []byte) ([]byte, error) {
	e := encoder{cmd: CmdConnect}
	out, body := grow(b, connectLen)
	f := (*[connectRun0]byte)(body)
	*f = [connectRun0]byte{}
	e.str("Source_Addr", f[connectSourceAddr:connectSourceAddrEnd], p.SourceAddr)
	*(*[16]byte)(f[connectAuthenticatorSource:connectAuthenticatorSourceEnd]) = p.AuthenticatorSource
	f[connectVersion] = uint8(p.Version)
	binary.BigEndian.PutUint32(f[connectTimestamp:], p.Timestamp)
	return e.result(b, out)
}

// DecodeBody decodes a 27-octet body.
func (p *Connect) DecodeBody(body []byte) error {
	if len(body) != connectRun0 {
		return bodyError(CmdConnect, layout.Tables[uint32(CmdConnect)], body)
	}
	f := (*[connectRun0]byte)(body)
	p.SourceAddr = strShort(f[connectSourceAddr:connectSourceAddrEnd])
	p.AuthenticatorSource = [16]byte(f[connectAuthenticatorSource:connectAuthenticatorSourceEnd])
	p.Version = Version(f[connectVersion])
	p.Timestamp = binary.BigEndian.Uint32(f[connectTimestamp:])
	return nil
}

// Validate checks the spec's limits: Timestamp must be a valid MMDDHHMMSS
// (month 1–12, day 1–31, hour 0–23, minute and second 0–59) and
// Source_Addr must fit its 6 octets.
func (p *Connect) Validate() error {
	if len(p.SourceAddr) > 6 {
		return &EncodeError{Op: OpValidate, Command: CmdConnect, Field: "Source_Addr", Err: ErrFieldTooLong}
	}
	if !validTimestamp(p.Timestamp) {
		return invalid(CmdConnect, "Timestamp", strconv.FormatUint(uint64(p.Timestamp), 10)+" is not MMDDHHMMSS")
	}
	return nil
}

// Verify reports whether p.AuthenticatorSource is right for secret; an
// ISMG calls it before answering with StatusOK.
func (p *Connect) Verify(secret string) bool {
	want := AuthenticatorSource(string(p.SourceAddr), secret, p.Timestamp)
	return subtle.ConstantTimeCompare(want[:], p.AuthenticatorSource[:]) == 1
}

// Clone returns a deep copy of p.
func (p *Connect) Clone() *Connect {
	c := *p
	c.SourceAddr = cloneBytes(p.SourceAddr)
	return &c
}

// ConnectResp is CMPP_CONNECT_RESP (0x80000001, §8.4.1.2, spec reference
// §6.2). Body 21 octets; 18 in CMPP 2.x, whose Status is 1 octet (spec
// reference §12.1): decode and encode that form with [Version20].
type ConnectResp struct {
	// Status, 4 octets (1 in 2.x): 0 success; 1 structure error; 2 illegal
	// source address; 3 authentication error; 4 version too high; ≥5 other.
	Status ConnectStatus
	// AuthenticatorISMG, 16 octets: MD5(Status ‖ AuthenticatorSource ‖
	// secret), see [AuthenticatorISMG] (and [AuthenticatorISMG20] for 2.x);
	// all zero when login failed.
	AuthenticatorISMG [16]byte
	// Version, 1 octet: the highest version the server supports.
	Version Version
}

var _ Packet = (*ConnectResp)(nil)

// NewConnectResp answers req: when status is StatusOK it computes
// AuthenticatorISMG from req.AuthenticatorSource and secret; otherwise it
// leaves it empty (16 zero octets), as the spec asks. It answers as 3.0;
// [Version.NewConnectResp] answers as another version.
func NewConnectResp(req *Connect, status ConnectStatus, secret string) *ConnectResp {
	p := &ConnectResp{Status: status, Version: Version30}
	if status == StatusOK {
		p.AuthenticatorISMG = AuthenticatorISMG(uint32(status), req.AuthenticatorSource, secret)
	}
	return p
}

// CommandID returns CmdConnectResp.
func (p *ConnectResp) CommandID() CommandID { return CmdConnectResp }

func (p *ConnectResp) bodyLen() int { return p.bodyLenAs(Version30) }

func (p *ConnectResp) bodyLenAs(v Version) int { return connectRespLen - 4 + v.width(1, 4) }

// AppendBody appends the 21-octet 3.0 body.
func (p *ConnectResp) AppendBody(b []byte) ([]byte, error) { return p.appendBody(Version30, b) }

// DecodeBody decodes a 21-octet 3.0 body.
func (p *ConnectResp) DecodeBody(body []byte) error { return p.decodeBody(Version30, body) }

func (p *ConnectResp) appendBody(v Version, b []byte) ([]byte, error) {
	w := newWriter(CmdConnectResp, b, p.bodyLenAs(v))
	w.uint("Status", uint32(p.Status), v.width(1, 4))
	w.bytes(p.AuthenticatorISMG[:])
	w.u8(uint8(p.Version))
	return w.result(b)
}

func (p *ConnectResp) decodeBody(v Version, body []byte) error {
	r := newReader(CmdConnectResp, body)
	p.Status = ConnectStatus(r.uint("Status", v.width(1, 4)))
	p.AuthenticatorISMG = r.array16("AuthenticatorISMG")
	p.Version = Version(r.u8("Version"))
	return r.finish()
}

// Validate has nothing to check: every value of every field is legal.
func (p *ConnectResp) Validate() error { return nil }

// ValidateVersion checks the limits of version v: under 2.x, Status must
// fit its one octet.
func (p *ConnectResp) ValidateVersion(v Version) error {
	return fitsOctet(v, CmdConnectResp, "Status", uint32(p.Status))
}

// Verify reports whether p.AuthenticatorISMG is the one an ISMG holding
// secret computes for the CONNECT whose AuthenticatorSource was authSrc.
// A client calls it to make sure it talks to the real gateway.
func (p *ConnectResp) Verify(authSrc [16]byte, secret string) bool {
	want := AuthenticatorISMG(uint32(p.Status), authSrc, secret)
	return subtle.ConstantTimeCompare(want[:], p.AuthenticatorISMG[:]) == 1
}

// Clone returns a copy of p (it holds no slices).
func (p *ConnectResp) Clone() *ConnectResp { c := *p; return &c }

// Terminate is CMPP_TERMINATE (0x00000002, §8.4.2.1), sent by either side
// to end the session. No body.
type Terminate struct{}

// TerminateResp is CMPP_TERMINATE_RESP (0x80000002, §8.4.2.2). No body.
type TerminateResp struct{}

var (
	_ Packet = (*Terminate)(nil)
	_ Packet = (*TerminateResp)(nil)
)

// CommandID returns CmdTerminate.
func (p *Terminate) CommandID() CommandID                { return CmdTerminate }
func (p *Terminate) bodyLen() int                        { return 0 }
func (p *Terminate) AppendBody(b []byte) ([]byte, error) { return b, nil }

// DecodeBody accepts only an empty body.
func (p *Terminate) DecodeBody(body []byte) error { return decodeEmpty(CmdTerminate, body) }

// Clone returns a new Terminate (it has no fields).
func (p *Terminate) Clone() *Terminate { return new(Terminate) }

// CommandID returns CmdTerminateResp.
func (p *TerminateResp) CommandID() CommandID                { return CmdTerminateResp }
func (p *TerminateResp) bodyLen() int                        { return 0 }
func (p *TerminateResp) AppendBody(b []byte) ([]byte, error) { return b, nil }

// DecodeBody accepts only an empty body.
func (p *TerminateResp) DecodeBody(body []byte) error { return decodeEmpty(CmdTerminateResp, body) }

// Clone returns a new TerminateResp (it has no fields).
func (p *TerminateResp) Clone() *TerminateResp { return new(TerminateResp) }

// decodeEmpty is the DecodeBody of the header-only PDUs.
func decodeEmpty(cmd CommandID, body []byte) error {
	r := newReader(cmd, body)
	return r.finish()
}

// AuthenticatorSource computes the AuthenticatorSource of CMPP_CONNECT
// (§8.4.1.1, spec reference §5.3):
//
//	MD5(Source_Addr ‖ 9 octets 0x00 ‖ secret ‖ timestamp)
//
// where Source_Addr is sourceAddr padded with 0x00 to its 6 octets (as it
// travels on the wire; a shorter SP id is padded, not hashed short) and
// timestamp is ts as the 10-character decimal string MMDDHHMMSS, with
// leading zeros.
func AuthenticatorSource(sourceAddr, secret string, ts uint32) [16]byte {
	var buf [6 + 9 + 64 + 10]byte
	b := buf[:0]
	b = append(b, sourceAddr...)
	for len(b) < 6 {
		b = append(b, 0)
	}
	b = append(b, zeros[:9]...)
	b = append(b, secret...)
	b = appendTimestamp(b, ts)
	return md5.Sum(b)
}

// AuthenticatorISMG computes the AuthenticatorISMG of CMPP_CONNECT_RESP
// (§8.4.1.2, spec reference §5.4):
//
//	MD5(Status ‖ AuthenticatorSource ‖ secret)
//
// with Status as 4 big-endian octets, the 3.0 field width (gocmpp and
// SMSGate agree; 2.0 used one octet: see [AuthenticatorISMG20]).
func AuthenticatorISMG(status uint32, authSrc [16]byte, secret string) [16]byte {
	var buf [4 + 16 + 64]byte
	b := binary.BigEndian.AppendUint32(buf[:0], status)
	b = append(b, authSrc[:]...)
	b = append(b, secret...)
	return md5.Sum(b)
}

// Timestamp returns t as the Timestamp of CMPP_CONNECT (spec reference
// §5.2): the decimal number MMDDHHMMSS (January 2, 03:04:05 is 102030405)
// in China Standard Time, the gateways' clock, whatever t's own location:
// a host on UTC logging in at 20:00 UTC sends 04:00 of the next day.
func Timestamp(t time.Time) uint32 {
	t = t.In(ChinaStandardTime)
	_, mon, day := t.Date()
	h, m, s := t.Clock()
	return uint32(mon)*100000000 + uint32(day)*1000000 + uint32(h)*10000 + uint32(m)*100 + uint32(s)
}

// appendTimestamp appends ts as exactly ten decimal digits.
func appendTimestamp(b []byte, ts uint32) []byte {
	var d [10]byte
	for i := 9; i >= 0; i-- {
		d[i] = '0' + byte(ts%10)
		ts /= 10
	}
	return append(b, d[:]...)
}

func validTimestamp(ts uint32) bool {
	mon, day := ts/100000000, ts/1000000%100
	h, m, s := ts/10000%100, ts/100%100, ts%100
	return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && h <= 23 && m <= 59 && s <= 59
}
