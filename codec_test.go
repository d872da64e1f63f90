package cmpp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func header(total uint32, cmd CommandID, seq uint32) []byte {
	b := binary.BigEndian.AppendUint32(nil, total)
	b = binary.BigEndian.AppendUint32(b, uint32(cmd))
	return binary.BigEndian.AppendUint32(b, seq)
}

func TestCommandIDString(t *testing.T) {
	var d Decoder
	seen := map[CommandID]bool{}
	for _, row := range pduTypes {
		id, name := row.id, row.name
		assert.False(t, seen[id], "%v twice in pduTypes", id)
		seen[id] = true
		if id.String() != name || !strings.HasPrefix(name, "CMPP_") {
			t.Errorf("%#x: String = %q", uint32(id), id.String())
		}
		if got, ok := ParseCommandID(name); !ok || got != id {
			t.Errorf("ParseCommandID(%q) = %v, %v", name, got, ok)
		}
		if d.packet(id) == nil || d.packet(id).CommandID() != id {
			t.Errorf("%v: Decoder has no value of that type (a hole in the dispatch)", id)
		}
		if p := NewPacket(id); p == nil || p.CommandID() != id || reflect.TypeOf(p) != reflect.TypeOf(d.packet(id)) {
			t.Errorf("%v: NewPacket gives %T, Decoder %T", id, p, d.packet(id))
		}
		if id.IsResponse() != strings.HasSuffix(name, "_RESP") {
			t.Errorf("%v: IsResponse = %v", id, id.IsResponse())
		}
	}
	assert.Len(t, pduTypes, 32)
	assert.Len(t, layouts, 32)
	for id := range layouts {
		assert.True(t, seen[id], "internal/layout has %v, pduTypes does not", id)
	}
	// 0x12 is the 3.0 name, not 2.0's CMPP_GET_ROUTE.
	if CmdGetMTRouteResp.String() != "CMPP_GET_MT_ROUTE_RESP" || CmdGetMTRoute.String() != "CMPP_GET_MT_ROUTE" {
		t.Error("0x12 misnamed")
	}
	if got := CommandID(0x0a).String(); got != "CMPP_0x0000000a" {
		t.Errorf("unknown id String = %q", got)
	}
	if got, ok := ParseCommandID("CMPP_0x0000000a"); !ok || got != 0x0a {
		t.Errorf("ParseCommandID of the unknown form = %v, %v", got, ok)
	}
	if CmdSubmit.Response() != CmdSubmitResp {
		t.Error("Response")
	}
}

// Every Command_Id the spec does not define is ErrUnknownCommand at
// offset 4 (SMSGate: a null codec lookup; cmpp-rs: body left behind), or a
// *Raw with KeepUnknown.
func TestUnknownCommand(t *testing.T) {
	// Every id the spec leaves undefined below 0x100, request and response,
	// plus a few far away.
	var ids []CommandID
	for low := range CommandID(0x100) {
		for _, id := range []CommandID{low, low | responseBit} {
			if _, ok := pduIndex(id); !ok {
				ids = append(ids, id)
			}
		}
	}
	ids = append(ids, 0x12345678, 0x7FFFFFFF, 0xFFFFFFFF)
	if len(ids) != 2*0x100-32+3 {
		t.Fatalf("%d undefined ids", len(ids))
	}
	for _, id := range ids {
		pdu := append(header(15, id, 7), 1, 2, 3)
		_, _, err := Decode(pdu)
		var de *DecodeError
		if !errors.As(err, &de) || de.Field != "Command_Id" || de.Offset != 4 || !errors.Is(err, ErrUnknownCommand) {
			t.Errorf("%v: err = %v", id, err)
		}
		d := Decoder{KeepUnknown: true}
		h, p, err := d.Decode(pdu)
		raw, ok := p.(*Raw)
		if err != nil || !ok || raw.Command != id || !bytes.Equal(raw.Body, []byte{1, 2, 3}) || h.SequenceID != 7 {
			t.Errorf("%v with KeepUnknown: %v, %#v", id, err, p)
			continue
		}
		if out, err := Append(nil, 7, raw); err != nil || !bytes.Equal(out, pdu) {
			t.Errorf("%v: Raw re-encodes to %x, %v", id, out, err)
		}
	}
}

// A Decoder finds the value of a type it has seen by the Command_Id's slot
// (its low 5 bits and the response bit): an id that shares those bits with
// a known one but has others set (0x104 and CMPP_SUBMIT's 0x04) must still
// be unknown, with every type already seen.
func TestUnknownCommandSharesNoSlot(t *testing.T) {
	for _, keep := range []bool{false, true} {
		d := Decoder{KeepUnknown: keep}
		for _, row := range pduTypes {
			require.NotNil(t, d.packet(row.id))
		}
		for _, row := range pduTypes {
			for _, bits := range []CommandID{0x20, 0x40, 0x100, 0x10000, 0x40000000} {
				id := row.id | bits
				pdu := append(header(15, id, 7), 1, 2, 3)
				_, p, err := d.Decode(pdu)
				if !keep {
					if !errors.Is(err, ErrUnknownCommand) || p != nil {
						t.Errorf("%v: %T, %v; want ErrUnknownCommand", id, p, err)
					}
					continue
				}
				if raw, ok := p.(*Raw); err != nil || !ok || raw.Command != id {
					t.Errorf("%v with KeepUnknown: %T, %v; want a *Raw", id, p, err)
				}
			}
		}
	}
}

// gocmpp bug 1, hujm2023 bug 2, itio (no bound), cmpp-rs (underflow):
// Total_Length below 12, above MaxPacketLen, or claiming 4 GiB, is an
// error before anything else.
func TestTotalLengthBounds(t *testing.T) {
	for _, n := range []uint32{0, 3, 4, 11, MaxPacketLen + 1, 1 << 31, 0xFFFFFFFF} {
		pdu := header(n, CmdActiveTest, 1)
		if h, _ := ParseHeader(pdu); h.CommandID != CmdActiveTest || h.SequenceID != 1 {
			t.Errorf("Total_Length %d: the refused header still reads %+v", n, h)
		}
		for _, f := range []func([]byte) error{
			func(b []byte) error { _, err := ParseHeader(b); return err },
			func(b []byte) error { _, _, err := Decode(b); return err },
		} {
			err := f(pdu)
			var de *DecodeError
			if !errors.As(err, &de) || de.Field != "Total_Length" || de.Offset != 0 || !errors.Is(err, ErrTotalLength) {
				t.Errorf("Total_Length %d: err = %v", n, err)
			}
		}
	}
	// Total_Length 12 for a PDU that has a body: the body is missing.
	for _, id := range []CommandID{CmdSubmit, CmdDeliver, CmdFwd, CmdConnect, CmdGetMORouteResp} {
		_, _, err := Decode(header(12, id, 1))
		var de *DecodeError
		if !errors.As(err, &de) || de.Offset != HeaderLen || !errors.Is(err, ErrTruncated) || de.Field != layouts[id][0].Name {
			t.Errorf("%v with Total_Length 12: err = %v", id, err)
		}
	}
	// Total_Length different from the octets given.
	pdu := append(header(13, CmdActiveTestResp, 1), 0)
	if _, _, err := Decode(pdu[:12]); !errors.Is(err, ErrTotalLength) {
		t.Errorf("short input: %v", err)
	}
	if _, _, err := Decode(append(pdu, 0)); !errors.Is(err, ErrTotalLength) {
		t.Errorf("long input: %v", err)
	}
	if _, p, err := Decode(pdu); err != nil || p.(*ActiveTestResp).Reserved != 0 {
		t.Errorf("good ACTIVE_TEST_RESP: %v", err)
	}
}

// gocmpp bug 2: the largest legal 3.0 SUBMIT (99 destinations, 159 octets
// of ASCII: 3490 octets) encodes and decodes.
func TestLargestSubmit(t *testing.T) {
	p := &Submit{PkTotal: 1, PkNumber: 1, FeeType: []byte("01"), MsgContent: bytes.Repeat([]byte("A"), 159)}
	for i := range MaxSubmitDest {
		p.DestTerminalIDs = append(p.DestTerminalIDs, []byte("138001380"+string(rune('0'+i/10))+string(rune('0'+i%10))))
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := Append(nil, 1, p)
	if err != nil || len(b) != 3490 {
		t.Fatalf("Append: %d octets, %v", len(b), err)
	}
	_, q, err := Decode(b)
	if err != nil || len(q.(*Submit).DestTerminalIDs) != 99 {
		t.Fatalf("Decode: %v", err)
	}
}

// gocmpp bug 6, go_cmpp bugs 5 and 6, hujm2023 bug 4: the encoder derives
// Msg_Length, DestUsr_tl and Total_Length from the data and refuses what
// cannot be written, so the header can never disagree with the octets.
func TestEncoderDerivesLengths(t *testing.T) {
	p := &Submit{DestTerminalIDs: [][]byte{[]byte("13800138000"), []byte("13900139000")}, MsgContent: []byte("hello")}
	b, err := Append(nil, 9, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := binary.BigEndian.Uint32(b); int(got) != len(b) || len(b) != 12+151+64+5 {
		t.Errorf("Total_Length %d, %d octets written", got, len(b))
	}
	if b[12+128] != 2 || b[12+129+64+1] != 5 {
		t.Errorf("DestUsr_tl %d, Msg_Length %d", b[12+128], b[12+129+64+1])
	}

	for _, tc := range []struct {
		name  string
		p     Packet
		field string
	}{
		{"300-octet content", &Submit{MsgContent: make([]byte, 300)}, "Msg_Length"},
		{"256 destinations", &Submit{DestTerminalIDs: make([][]byte, 256)}, "DestUsr_tl"},
		{"11-octet Service_Id", &Submit{ServiceID: []byte("ABCDEFGHIJK")}, "Service_Id"},
		{"33-octet destination", &Submit{DestTerminalIDs: [][]byte{make([]byte, 33)}}, "Dest_terminal_Id"},
		{"3-octet FeeType", &Submit{FeeType: []byte("011")}, "FeeType"},
		{"22-octet DELIVER Dest_Id", &Deliver{DestID: make([]byte, 22)}, "Dest_Id"},
		{"7-octet FWD Source_Id", &Fwd{SourceID: []byte("1234567")}, "Source_Id"},
		{"16-octet Gateway_IP", &MTRouteResp{GatewayIP: []byte("255.255.255.2555")}, "Gateway_IP"},
		{"5-octet Route_type", &GetMTRoute{RouteType: []byte("MTMTM")}, "Route_type"},
		{"over MaxPacketLen", &Raw{Command: 0x42, Body: make([]byte, MaxPacketLen)}, "Total_Length"},
	} {
		prefix := []byte("keep")
		out, err := Append(prefix, 1, tc.p)
		var ee *EncodeError
		if !errors.As(err, &ee) || ee.Field != tc.field {
			t.Errorf("%s: err = %v, want *EncodeError for %s", tc.name, err, tc.field)
		}
		if string(out) != "keep" || string(prefix) != "keep" {
			t.Errorf("%s: Append returned %q, want the input unchanged", tc.name, out)
		}
	}
}

// Append never modifies b[:len(b)] and appends after it.
func TestAppendKeepsPrefix(t *testing.T) {
	buf := make([]byte, 3, 100)
	copy(buf, "abc")
	out, err := Append(buf, 5, &CancelResp{SuccessID: 1})
	if err != nil || string(out[:3]) != "abc" || len(out) != 3+16 || binary.BigEndian.Uint32(out[3:]) != 16 {
		t.Errorf("Append = %x, %v", out, err)
	}
}

// gocmpp bug 3: trailing bytes are an error, so a 3.0 DELIVER cannot pass
// as something else, and a 2.0-layout SUBMIT sent as 3.0 is rejected.
func TestTrailingBytesAndOldLayouts(t *testing.T) {
	pdu := append(header(14, CmdTerminate, 1), 0, 0)
	_, _, err := Decode(pdu)
	var de *DecodeError
	if !errors.As(err, &de) || de.Offset != 12 || !errors.Is(err, ErrTrailingBytes) {
		t.Errorf("TERMINATE with a body: %v", err)
	}
	if !strings.Contains(err.Error(), "cmpp: decode CMPP_TERMINATE: at offset 12: trailing bytes") {
		t.Errorf("message = %q", err)
	}
}

func TestDecodeErrorMessage(t *testing.T) {
	e := &DecodeError{Command: CmdSubmit, Field: "Msg_Length", Offset: 142, Err: ErrTruncated}
	if got, want := e.Error(), "cmpp: decode CMPP_SUBMIT: Msg_Length at offset 142: truncated"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ee := &EncodeError{Command: CmdSubmit, Field: "Service_Id", Err: ErrFieldTooLong}
	if got, want := ee.Error(), "cmpp: encode CMPP_SUBMIT: Service_Id: value too long for field"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A Validate error says it is one, and still classifies as ErrInvalid and
// as an *EncodeError.
func TestValidateErrorMessage(t *testing.T) {
	_, p, err := Decode(fixturePDU(t, "fwd_mt"))
	require.NoError(t, err)
	f := p.(*Fwd)
	f.FeeType = []byte("07")
	err = f.Validate()
	assert.EqualError(t, err, `cmpp: validate CMPP_FWD: FeeType: invalid value: "07" is not a 3.0 FeeType`)
	assert.ErrorIs(t, err, ErrInvalid)
	var ee *EncodeError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, OpValidate, ee.Op)
	assert.Equal(t, "FeeType", ee.Field)

	err = (&Connect{SourceAddr: []byte("1234567"), Timestamp: 102030405}).Validate()
	assert.EqualError(t, err, "cmpp: validate CMPP_CONNECT: Source_Addr: value too long for field")
	_, err = Append(nil, 1, f)
	assert.NoError(t, err, "Append does not validate")
}

// The Decoder reuses its values and the capacity of repeated fields.
func TestDecoderReuse(t *testing.T) {
	p := &Submit{DestTerminalIDs: [][]byte{[]byte("1"), []byte("2"), []byte("3")}}
	three, _ := Append(nil, 1, p)
	p.DestTerminalIDs = p.DestTerminalIDs[:1]
	one, _ := Append(nil, 2, p)
	var d Decoder
	_, a, _ := d.Decode(three)
	_, b, _ := d.Decode(one)
	if a != b {
		t.Error("Decoder returned a new value for the same type")
	}
	if s := b.(*Submit); len(s.DestTerminalIDs) != 1 || string(s.DestTerminalIDs[0]) != "1" {
		t.Errorf("second decode: %q", s.DestTerminalIDs)
	}
}

// fixturePDU returns the hand-built fixture testdata/packets/name.hex.
func fixturePDU(t *testing.T, name string) []byte {
	t.Helper()
	for _, fx := range loadFixtures(t) {
		if fx.name == name {
			return fx.pdu
		}
	}
	t.Fatalf("no fixture %s", name)
	return nil
}

// A left-aligned Octet String ends at its first 0x00 (DESIGN §3, spec
// reference §1): octets a careless peer leaves after it are not part of
// the value, and re-encoding writes the canonical padding.
func TestOctetStringEndsAtNUL(t *testing.T) {
	canonical := fixturePDU(t, "submit")
	pdu := bytes.Clone(canonical)
	const destOff = 141 // Dest_terminal_Id, 32 octets: "13800138000" + 21 × 0x00
	copy(pdu[destOff+11:], "\x00XYZ")
	copy(pdu[24+5:], "\x00\x01") // Service_Id "MNEWS" + 0x00 0x01 + 0x00…
	_, p, err := Decode(pdu)
	require.NoError(t, err)
	s := p.(*Submit)
	assert.Equal(t, [][]byte{[]byte("13800138000")}, s.DestTerminalIDs)
	assert.Equal(t, []byte("MNEWS"), s.ServiceID)

	out, err := Append(nil, 2, s)
	require.NoError(t, err)
	assert.Equal(t, canonical, out, "re-encoding is the canonical form")

	// An all-zero field is nil; a field filled to its width has no NUL;
	// a trailing space is data.
	q := append(header(39, CmdQuery, 1), "\x00\x00\x00\x00ABCD"...)
	q = append(q, 1)
	q = append(q, "AB \x00\x00\x00\x00\x00\x00\x00"...)
	q = append(q, make([]byte, 8)...)
	_, p, err = Decode(q)
	require.NoError(t, err)
	assert.Nil(t, p.(*Query).Time)
	assert.Equal(t, []byte("AB "), p.(*Query).QueryCode)
	q = bytes.Clone(q)
	copy(q[12:], "20260102")
	_, p, err = Decode(q)
	require.NoError(t, err)
	assert.Equal(t, []byte("20260102"), p.(*Query).Time)
}

// The exceptions: Reserve keeps interior 0x00s (only trailing ones go),
// Msg_Content is never cut, and the right-aligned FWD gateway codes come
// back as they are; all three re-encode byte for byte.
func TestNULExceptions(t *testing.T) {
	q := append(header(39, CmdQuery, 1), "20260102"...)
	q = append(q, 0)
	q = append(q, make([]byte, 10)...)
	q = append(q, 0, 1, 0, 2, 0, 0, 0, 0)
	_, p, err := Decode(q)
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 1, 0, 2}, p.(*Query).Reserve)
	out, err := Append(nil, 1, p)
	require.NoError(t, err)
	assert.Equal(t, q, out)

	fwd := bytes.Clone(fixturePDU(t, "fwd_mt"))
	copy(fwd[12:], "\x0000\x0012") // Source_Id
	copy(fwd[18:], "07\x00\x00\x00\x00")
	_, p, err = Decode(fwd)
	require.NoError(t, err)
	f := p.(*Fwd)
	assert.Equal(t, []byte("\x0000\x0012"), f.SourceID)
	assert.Equal(t, []byte("07\x00\x00\x00\x00"), f.DestinationID)
	out, err = Append(nil, 1001, f)
	require.NoError(t, err)
	assert.Equal(t, fwd, out)

	d := &Deliver{MsgContent: []byte{'a', 0, 'b', 0, 0}}
	b, err := Append(nil, 1, d)
	require.NoError(t, err)
	_, p, err = Decode(b)
	require.NoError(t, err)
	assert.Equal(t, d.MsgContent, p.(*Deliver).MsgContent)
}

// Encode refuses a 0x00 inside a left-aligned string (a reader would end
// the value there) with an *EncodeError naming the field; Reserve and the
// right-aligned FWD codes are written as given.
func TestEncodeRefusesNUL(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     Packet
		field string
	}{
		{"Src_Id", &Submit{SrcID: []byte("1065\x0012")}, "Src_Id"},
		{"trailing NUL", &Submit{ServiceID: []byte("MNEWS\x00")}, "Service_Id"},
		{"a destination", &Submit{DestTerminalIDs: [][]byte{[]byte("138"), []byte("\x00139")}}, "Dest_terminal_Id"},
		{"Gateway_IP", &MTRouteResp{GatewayIP: []byte("10.0.0.1\x00")}, "Gateway_IP"},
		{"FWD Dest_Id", &Fwd{DestIDs: [][]byte{[]byte("1\x002")}}, "Dest_Id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Append([]byte("keep"), 1, tc.p)
			var ee *EncodeError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, tc.field, ee.Field)
			assert.Equal(t, tc.p.CommandID(), ee.Command)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), "cmpp: encode "+tc.p.CommandID().String()+": "+tc.field+": invalid value: 0x00 at octet")
			assert.Equal(t, []byte("keep"), out)
		})
	}
	r := &Report{Stat: []byte("DELIV\x00D")}
	_, err := r.AppendBinary(nil)
	var ee *EncodeError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "Stat", ee.Field)

	_, err = Append(nil, 1, &Query{Reserve: []byte{0, 1}})
	assert.NoError(t, err, "Reserve is written as given")
	_, err = Append(nil, 1, &Fwd{SourceID: []byte{0, '1'}})
	assert.NoError(t, err, "Source_Id is written as given")
}

// Decoded fields are capacity-limited, so appending to one cannot
// overwrite the next field in the input.
func TestDecodedFieldsAreCapLimited(t *testing.T) {
	pdu, _ := Append(nil, 1, &MTRoute{SourceID: []byte("001001"), TerminalID: []byte("13800138000")})
	_, p, _ := Decode(pdu)
	m := p.(*MTRoute)
	_ = append(m.SourceID, 'X')
	if m.TerminalID[0] != '1' {
		t.Error("append to a decoded field overwrote its neighbour")
	}
}

// The value tables of spec reference §5 and §9 print their meaning.
func TestCodeStrings(t *testing.T) {
	for _, tc := range []struct {
		got  fmt.Stringer
		want string
	}{
		{Version30, "3.0"}, {Version(0x21), "2.1"},
		{FmtASCII, "ASCII"}, {FmtSIM, "SIM"}, {FmtBinary, "binary"}, {FmtUCS2, "UCS2"}, {FmtGB, "GB"}, {MsgFmt(9), "Msg_Fmt(9)"},
		{StatusOK, "success"}, {StatusAuthFailed, "authentication error"}, {ConnectStatus(7), "other error (7)"},
		{SubmitResult(ResultBadSrcID), "bad Src_Id"}, {SubmitResult(150), "150"},
		{DeliverResult(ResultFlowControl), "flow-control error"}, {DeliverResult(9), "other error (9)"}, {DeliverResult(120), "120"},
		{FwdResult(ResultWrongForward), "wrong forward decision"}, {FwdResult(10), "other error (10)"}, {FwdResult(0), "success"},
		{RouteNoMatch, "no matching route"}, {RouteBadEndCode, "bad End_code"}, {RouteResult(7), "7"},
		{FwdMT, "MT"}, {FwdMO, "MO"}, {FwdMTReport, "MT report"}, {FwdMOReport, "MO report"}, {FwdType(4), "Msg_Fwd_Type(4)"},
		{UpdateAdd, "add"}, {UpdateDelete, "delete"}, {UpdateModify, "update"}, {UpdateType(3), "Update_type(3)"},
	} {
		if s := tc.got.String(); s != tc.want {
			t.Errorf("%T(%v).String() = %q, want %q", tc.got, tc.got, s, tc.want)
		}
	}
	if FmtASCII.MaxContentLen() != 159 || FmtUCS2.MaxContentLen() != 140 {
		t.Error("MaxContentLen")
	}
	r := &Raw{Command: 0x42, Body: []byte{1, 2}}
	c := r.Clone()
	r.Body[0] = 9
	if c.Body[0] != 1 || c.Command != 0x42 {
		t.Error("Raw.Clone shares memory")
	}
}

// A body that fails to decode still gives the Header, so that a gateway
// can answer the broken request with its Sequence_Id (package doc).
func TestDecodeBadBodyKeepsHeader(t *testing.T) {
	pdu := bytes.Clone(fixturePDU(t, "submit"))
	pdu[12+128] = 2 // DestUsr_tl 2: the body is now one destination short
	want := Header{TotalLength: uint32(len(pdu)), CommandID: CmdSubmit, SequenceID: 2}
	var d Decoder
	for name, decode := range map[string]func([]byte) (Header, Packet, error){"Decode": Decode, "Decoder.Decode": d.Decode} {
		h, p, err := decode(pdu)
		assert.Equal(t, want, h, name)
		assert.Nil(t, p, name)
		var de *DecodeError
		require.ErrorAs(t, err, &de, name)
		assert.ErrorIs(t, err, ErrTruncated, name)

		// The answer a gateway sends.
		resp, err := Append(nil, h.SequenceID, &SubmitResp{Result: ResultBadStructure})
		require.NoError(t, err)
		assert.Equal(t, []byte{0, 0, 0, 2}, resp[8:12], name)
	}
}
