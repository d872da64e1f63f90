package cmpp

// CMPP 2.0 and 2.1 (DESIGN §9, spec reference §12 and §12.1).
//
// One set of Go types serves every version: a *Submit built once goes out
// as 2.0 or 3.0, chosen by the Version value whose Append or Decode is
// called (or by Decoder.Version). Six PDUs frame differently in 2.x:
//
//	CMPP_CONNECT_RESP  Status 1 octet (body 18)
//	CMPP_SUBMIT        Fee_terminal_Id and Dest_terminal_Id 21 octets, no
//	                   Fee_terminal_type or Dest_terminal_type, Reserve 8
//	                   octets where 3.0 has LinkID 20 (body 126 + 21·N + L)
//	CMPP_SUBMIT_RESP   Result 1 octet (body 9)
//	CMPP_DELIVER       Src_terminal_Id 21 octets, no Src_terminal_type,
//	                   Reserved 8 octets where 3.0 has LinkID 20 (body 73 + L)
//	CMPP_DELIVER_RESP  Result 1 octet (body 9)
//	CMPP_CANCEL_RESP   Success_Id 1 octet (body 1)
//
// Each of them has one flat field list, in its own file, whose differing
// rows take their width from Version.width; a width of 0 is a field the
// version does not have. Every other PDU has the same layout under every
// version: CONNECT, TERMINATE, QUERY, CANCEL and ACTIVE_TEST are the same
// in 2.x, and CMPP_FWD, CMPP_FWD_RESP and the GNS PDUs keep their 3.0
// layouts (2.1 gave GNS the layouts 3.0 kept; 2.0's CMPP_GET_ROUTE and its
// older FWD are not modelled).

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/binary"
	"io"
	"slices"

	"github.com/go-cmpp/cmpp/internal/bufpool"
)

// is2x reports whether v selects the CMPP 2.0/2.1 layouts: any version
// whose major number is 2 (0x20–0x2F). Every other value, the zero value
// included, selects the 3.0 layouts.
func (v Version) is2x() bool { return v>>4 == 2 }

// width returns the width of a field whose width depends on the version:
// w2x octets under CMPP 2.x, w30 under 3.0. A width of 0 is a field that
// version does not have.
func (v Version) width(w2x, w30 int) int {
	if v.is2x() {
		return w2x
	}
	return w30
}

// name is the version family v selects, for messages.
func (v Version) name() string {
	if v.is2x() {
		return "CMPP 2.x"
	}
	return "CMPP 3.0"
}

// versioned is a Packet whose layout differs between CMPP 2.x and 3.0
// (spec reference §12.1). Its public AppendBody, DecodeBody and bodyLen
// are these methods with Version30.
type versioned interface {
	Packet
	bodyLenAs(v Version) int
	appendBody(v Version, b []byte) ([]byte, error)
	decodeBody(v Version, body []byte) error
}

var (
	_ versioned = (*ConnectResp)(nil)
	_ versioned = (*Submit)(nil)
	_ versioned = (*SubmitResp)(nil)
	_ versioned = (*Deliver)(nil)
	_ versioned = (*DeliverResp)(nil)
	_ versioned = (*CancelResp)(nil)
)

// Append appends the whole PDU for p, laid out as version v, to b: the
// header with seq as Sequence_Id, then the body. Total_Length is taken
// from the octets written. On error it returns b unchanged; b[:len(b)] is
// never modified.
//
// Under 2.x, a field that CMPP 2.0 does not have (Fee_terminal_type,
// Dest_terminal_type, Src_terminal_type, LinkID) must be zero or empty,
// else the error is an *EncodeError naming it and wrapping ErrInvalid; a
// 1-octet Status, Result or Success_Id above 255, like a number longer
// than its 21 octets, is an ErrFieldTooLong. Under 3.0, Reserve (of Submit
// and Deliver) must be empty. PDUs laid out alike in every version
// (CONNECT, QUERY, FWD, the GNS PDUs, …) are written as by [Append].
func (v Version) Append(b []byte, seq uint32, p Packet) ([]byte, error) {
	orig, start := b, len(b)
	n := 0
	if v.is2x() {
		n = bodyLenAs(v, p)
	} else {
		n = p.bodyLen() // 3.0 without a call in between
	}
	if n += HeaderLen; n <= MaxPacketLen {
		b = slices.Grow(b, n) // one allocation at most; none with room in b
	}
	b = append(b, 0, 0, 0, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(p.CommandID()))
	b = binary.BigEndian.AppendUint32(b, seq)
	var err error
	if v.is2x() {
		b, err = appendBodyAs(v, p, b)
	} else {
		b, err = p.AppendBody(b)
	}
	if err != nil {
		return orig, err
	}
	n = len(b) - start
	if n > MaxPacketLen {
		return orig, &EncodeError{Command: p.CommandID(), Field: "Total_Length",
			Err: detail(ErrFieldTooLong, itoa(n)+" octets exceeds MaxPacketLen "+itoa(MaxPacketLen))}
	}
	binary.BigEndian.PutUint32(b[start:], uint32(n))
	return b, nil
}

// WritePacket encodes the PDU for p, laid out as version v, with
// Sequence_Id seq into a pooled buffer and writes it to w with a single
// Write call, as [WritePacket] does for 3.0.
func (v Version) WritePacket(w io.Writer, seq uint32, p Packet) error {
	bp := bufpool.Get()
	defer bufpool.Put(bp)
	b, err := v.Append((*bp)[:0], seq, p)
	if err != nil {
		return err
	}
	*bp = b
	_, err = w.Write(b)
	return err
}

// Decode decodes exactly one PDU laid out as version v, as [Decode] does
// for 3.0: len(pdu) must equal Total_Length. It allocates the returned
// Packet; for decoding without allocations, use a [Decoder] with its
// Version field set.
//
// Decoding is as strict under every version. A PDU of the other version's
// layout fails with a *DecodeError naming the first field where the
// framing breaks; when the octets decode under the other layout, the
// error says so ("… looks like CMPP 2.0/2.1: decode with Version20 or
// Version21"). CONNECT_RESP and the responses have a different length in
// each version, but a SUBMIT or DELIVER of one version can by chance be a
// well-formed PDU of the other: the version negotiated by CONNECT decides,
// never a guess from the octets.
func (v Version) Decode(pdu []byte) (Header, Packet, error) {
	h, ok := pduHeader(pdu)
	if !ok {
		return badHeader(pdu)
	}
	p := NewPacket(h.CommandID)
	if p == nil {
		return h, nil, unknownCommand(h)
	}
	if err := decodeBodyAs(v, p, pdu[HeaderLen:]); err != nil {
		return h, nil, err
	}
	return h, p, nil
}

// bodyLenAs, appendBodyAs and decodeBodyAs call the Packet methods
// directly for 3.0, which is what they do for every type: the assertion to
// versioned costs more than encoding an ACTIVE_TEST.

// bodyLenAs is p's body length under version v.
func bodyLenAs(v Version, p Packet) int {
	if !v.is2x() {
		return p.bodyLen()
	}
	if vp, ok := p.(versioned); ok {
		return vp.bodyLenAs(v)
	}
	return p.bodyLen()
}

// appendBodyAs appends p's body laid out as version v.
func appendBodyAs(v Version, p Packet, b []byte) ([]byte, error) {
	if !v.is2x() {
		return p.AppendBody(b)
	}
	if vp, ok := p.(versioned); ok {
		return vp.appendBody(v, b)
	}
	return p.AppendBody(b)
}

// decodeBodyAs decodes body into p as version v. When a versioned PDU
// fails, it tries the other version's layout, and if the octets fit it the
// error says so.
func decodeBodyAs(v Version, p Packet, body []byte) error {
	if !v.is2x() {
		if err := p.DecodeBody(body); err != nil {
			return withVersionHint(v, p, body, err)
		}
		return nil
	}
	vp, ok := p.(versioned)
	if !ok {
		return p.DecodeBody(body)
	}
	if err := vp.decodeBody(v, body); err != nil {
		return withVersionHint(v, p, body, err)
	}
	return nil
}

// withVersionHint adds to err, the error of decoding body into p as
// version v, that the body fits the other version's layout, if it does.
func withVersionHint(v Version, p Packet, body []byte, err error) error {
	vp, ok := p.(versioned)
	if !ok {
		return err
	}
	other := Version30
	if !v.is2x() {
		other = Version20
	}
	if vp.decodeBody(other, body) == nil { // p is the caller's scratch value: it is overwritten either way
		if de, ok := err.(*DecodeError); ok {
			de.Err = detail(de.Err, versionHint(other, p.CommandID()))
		}
	}
	return err
}

// versionHint says that a PDU fits the layout of version other, naming
// the first row where the two layouts differ (spec reference §12.1).
func versionHint(other Version, cmd CommandID) string {
	field, w2x, w30 := "", 0, 0
	switch cmd {
	case CmdConnectResp:
		field, w2x, w30 = "Status", 1, 4
	case CmdSubmit:
		field, w2x, w30 = "Fee_terminal_Id", 21, 32
	case CmdSubmitResp, CmdDeliverResp:
		field, w2x, w30 = "Result", 1, 4
	case CmdDeliver:
		field, w2x, w30 = "Src_terminal_Id", 21, 32
	case CmdCancelResp:
		field, w2x, w30 = "Success_Id", 1, 4
	}
	unit := func(n int) string {
		if n == 1 {
			return "1 octet"
		}
		return itoa(n) + " octets"
	}
	if other.is2x() {
		return "looks like CMPP 2.0/2.1 (" + field + " " + unit(w2x) + ", not " + itoa(w30) + "): decode with Version20 or Version21"
	}
	return "looks like CMPP 3.0 (" + field + " " + unit(w30) + ", not " + itoa(w2x) + "): decode with Version30"
}

// ---- the field helpers of the differing rows ----

// uint writes x as an n-octet Unsigned Integer, where n (1 or 4) depends
// on the version (Status, Result, Success_Id). A value that does not fit
// one octet is refused, never truncated.
func (w *writer) uint(field string, x uint32, n int) {
	if n == 1 {
		if x > 0xff {
			w.fail(field, detail(ErrFieldTooLong, uitoa(x)+" does not fit the 1-octet field of CMPP 2.x"))
		}
		w.u8(uint8(x))
		return
	}
	w.u32(x)
}

// uint reads an n-octet Unsigned Integer, n being 1 or 4 by version.
func (r *reader) uint(field string, n int) uint32 {
	if n == 1 {
		return uint32(r.u8(field))
	}
	return r.u32(field)
}

// flag8 writes a one-octet field that only CMPP 3.0 has when n is 1; when
// n is 0 (2.x) the field is absent and x must be 0.
func (w *writer) flag8(v Version, field string, x uint8, n int) {
	if n == 0 {
		if x != 0 {
			w.absent(v, field)
		}
		return
	}
	w.u8(x)
}

// flag8 reads a one-octet field of width n (1, or 0 where the version does
// not have it: then the value is 0 and nothing is read).
func (r *reader) flag8(field string, n int) uint8 {
	if n == 0 {
		return 0
	}
	return r.u8(field)
}

// octetsAs writes a left-aligned Octet String of width n; where n is 0 (a
// field version v does not have) the value must be empty.
func (w *writer) octetsAs(v Version, field string, val []byte, n int) {
	if n == 0 {
		if len(val) > 0 {
			w.absent(v, field)
		}
		return
	}
	w.octets(field, val, n)
}

// reserveAs is octetsAs for a Reserve field, written as given.
func (w *writer) reserveAs(v Version, field string, val []byte, n int) {
	if n == 0 {
		if len(val) > 0 {
			w.absent(v, field)
		}
		return
	}
	w.reserve(field, val, n)
}

// absent refuses a value in a field that version v does not have.
func (w *writer) absent(v Version, field string) {
	w.fail(field, detail(ErrInvalid, v.name()+" has no "+field+": it must be zero or empty"))
}

func uitoa(x uint32) string { return itoa(int(x)) }

// ---- CONNECT_RESP authentication in CMPP 2.x ----

// AuthenticatorISMG20 computes the AuthenticatorISMG of a CMPP 2.0/2.1
// CONNECT_RESP (spec reference §12.1): MD5(Status ‖ AuthenticatorSource ‖
// secret) with Status as the single octet that 2.x sends. The 3.0 form,
// with a 4-octet Status, is [AuthenticatorISMG].
func AuthenticatorISMG20(status uint8, authSrc [16]byte, secret string) [16]byte {
	var buf [1 + 16 + 64]byte
	b := append(buf[:0], status)
	b = append(b, authSrc[:]...)
	b = append(b, secret...)
	return md5.Sum(b)
}

// authenticatorISMG is the AuthenticatorISMG of version v, and false for
// a status that version cannot send.
func authenticatorISMG(v Version, status ConnectStatus, authSrc [16]byte, secret string) ([16]byte, bool) {
	if !v.is2x() {
		return AuthenticatorISMG(uint32(status), authSrc, secret), true
	}
	if status > 0xff {
		return [16]byte{}, false
	}
	return AuthenticatorISMG20(uint8(status), authSrc, secret), true
}

// NewConnectResp answers req as version v: Version is v, and when status
// is StatusOK AuthenticatorISMG is computed in v's form (a 1-octet Status
// in the MD5 under 2.x); otherwise it is left empty, as the spec asks.
// [NewConnectResp] is the 3.0 form.
func (v Version) NewConnectResp(req *Connect, status ConnectStatus, secret string) *ConnectResp {
	p := &ConnectResp{Status: status, Version: v}
	if status == StatusOK {
		p.AuthenticatorISMG, _ = authenticatorISMG(v, status, req.AuthenticatorSource, secret)
	}
	return p
}

// VerifyVersion is [ConnectResp.Verify] for a CONNECT_RESP of version v:
// under 2.x the MD5 covers a 1-octet Status (a Status above 255 cannot be
// sent in 2.x, and never verifies).
func (p *ConnectResp) VerifyVersion(v Version, authSrc [16]byte, secret string) bool {
	want, ok := authenticatorISMG(v, p.Status, authSrc, secret)
	return ok && subtle.ConstantTimeCompare(want[:], p.AuthenticatorISMG[:]) == 1
}

// ---- Validate per version ----

// notIn2x and notIn30 check, for Validate, that a field version v does not
// have is zero or empty.
func notIn2x(v Version, cmd CommandID, field string, set bool) error {
	if v.is2x() && set {
		return invalid(cmd, field, v.name()+" has no "+field+": it must be zero or empty")
	}
	return nil
}

func notIn30(v Version, cmd CommandID, field string, set bool) error {
	if !v.is2x() && set {
		return invalid(cmd, field, "CMPP 3.0 has no "+field+": it must be empty")
	}
	return nil
}

// fitsOctet checks, for Validate, that a value that is one octet in 2.x
// fits it.
func fitsOctet(v Version, cmd CommandID, field string, x uint32) error {
	if v.is2x() && x > 0xff {
		return &EncodeError{Op: OpValidate, Command: cmd, Field: field,
			Err: detail(ErrFieldTooLong, uitoa(x)+" does not fit the 1-octet field of CMPP 2.x")}
	}
	return nil
}
