package cmpp

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/go-cmpp/cmpp/internal/layout"
	"github.com/stretchr/testify/assert"
)

// The CMPP 2.0 fixtures in testdata/packets20 are built by hand from the
// 2.0 field tables (spec reference §12.1) by testdata/packets/mkfixtures.py,
// like the 3.0 ones.

func loadFixtures20(t testing.TB) []fixture { return loadFixturesIn(t, "testdata/packets20", 10) }

// versionedCmds are the PDUs whose layout differs in 2.x.
var versionedCmds = []CommandID{CmdConnectResp, CmdSubmit, CmdSubmitResp, CmdDeliver, CmdDeliverResp, CmdCancelResp}

func isVersioned(id CommandID) bool {
	_, ok := NewPacket(id).(versioned)
	return ok
}

func TestVersionedSet(t *testing.T) {
	for id := range layouts {
		want := false
		for _, v := range versionedCmds {
			want = want || v == id
		}
		if isVersioned(id) != want {
			t.Errorf("%v: versioned = %v, want %v", id, !want, want)
		}
	}
}

// TestGolden20 decodes every 2.0 fixture as 2.0 and as 2.1, compares the
// fields with the hand-built dump, and re-encodes byte for byte.
func TestGolden20(t *testing.T) {
	fixtures := loadFixtures20(t)
	for _, v := range []Version{Version20, Version21} {
		t.Run(v.String(), func(t *testing.T) {
			seen := testGolden(t, v, fixtures)
			for _, id := range versionedCmds {
				if !seen[id] {
					t.Errorf("no 2.0 fixture for %v", id)
				}
			}
		})
	}
}

func TestDecodeTruncated20(t *testing.T) {
	testDecodeTruncated(t, Version20, loadFixtures20(t))
}

// TestSameLayoutUnderEveryVersion: the 3.0 fixtures of the PDUs whose
// layout 2.x shares (CONNECT, QUERY, ACTIVE_TEST, CANCEL, and FWD and the
// GNS PDUs, which keep their 3.0 layouts) decode and re-encode alike
// under 2.0.
func TestSameLayoutUnderEveryVersion(t *testing.T) {
	n := 0
	for _, fx := range loadFixtures(t) {
		h, p, err := Decode(fx.pdu)
		if err != nil {
			t.Fatal(err)
		}
		if isVersioned(h.CommandID) {
			continue
		}
		n++
		h2, p2, err := Version20.Decode(fx.pdu)
		if err != nil {
			t.Errorf("%s: Version20.Decode: %v", fx.name, err)
			continue
		}
		assert.Equal(t, dump(spans(t, h, p)), dump(spans(t, h2, p2)), "%s: fields differ under 2.0", fx.name)
		if out, err := Version20.Append(nil, h.SequenceID, p2); err != nil || !bytes.Equal(out, fx.pdu) {
			t.Errorf("%s: Version20.Append differs (%v)", fx.name, err)
		}
	}
	if n < 26 {
		t.Errorf("only %d same-layout fixtures", n)
	}
}

// TestWrongVersion decodes every fixture of a PDU whose layout differs as
// the other version: each fails with a *DecodeError at a field or at the
// trailing octets, and the message says which version the octets fit.
func TestWrongVersion(t *testing.T) {
	cases := []struct {
		from, as Version
		dir      string
		hint     string
	}{
		{Version20, Version30, "testdata/packets20", "looks like CMPP 2.0/2.1 ("},
		{Version30, Version20, "testdata/packets", "looks like CMPP 3.0 ("},
		{Version30, Version21, "testdata/packets", "looks like CMPP 3.0 ("},
	}
	for _, c := range cases {
		seen := map[CommandID]bool{}
		for _, fx := range loadFixturesIn(t, c.dir, 10) {
			h, _, err := c.from.Decode(fx.pdu)
			if err != nil {
				t.Fatal(err)
			}
			if !isVersioned(h.CommandID) {
				continue
			}
			seen[h.CommandID] = true
			d := Decoder{Version: c.as}
			_, p, err := d.Decode(fx.pdu)
			var de *DecodeError
			if !errors.As(err, &de) || !(errors.Is(err, ErrTruncated) || errors.Is(err, ErrTrailingBytes)) {
				t.Errorf("%s %s as %s: err = %v (%T), want a framing *DecodeError", c.from, fx.name, c.as, err, p)
				continue
			}
			if !strings.Contains(err.Error(), c.hint) {
				t.Errorf("%s %s as %s: %q does not say %q", c.from, fx.name, c.as, err, c.hint)
			}
			if _, _, err2 := c.as.Decode(fx.pdu); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("%s %s: Decode and Decoder.Decode disagree: %v / %v", c.from, fx.name, err2, err)
			}
			t.Logf("%s %s as %s: %v", c.from, fx.name, c.as, err)
		}
		for _, id := range versionedCmds {
			if !seen[id] {
				t.Errorf("%s fixtures: none for %v", c.from, id)
			}
		}
	}
	// The examples of the issue, word for word.
	_, _, err := Decode(mustHex(t, "0000001e800000010000000100"+"00000000000000000000000000000000"+"20"))
	if want := "cmpp: decode CMPP_CONNECT_RESP: AuthenticatorISMG at offset 16: truncated: " +
		"looks like CMPP 2.0/2.1 (Status 1 octet, not 4): decode with Version20 or Version21"; err == nil || err.Error() != want {
		t.Errorf("2.0 CONNECT_RESP as 3.0:\n got %v\nwant %s", err, want)
	}
	// A broken PDU that fits neither layout gets no hint.
	_, _, err = Version20.Decode(append(header(12+5, CmdSubmitResp, 1), 1, 2, 3, 4, 5))
	if !errors.Is(err, ErrTruncated) || strings.Contains(err.Error(), "looks like") {
		t.Errorf("5-octet SUBMIT_RESP as 2.0: %v", err)
	}
}

// TestDecoderVersionNoStaleFields decodes 3.0 and 2.0 PDUs alternately into
// one Decoder: no field of the other version's layout survives.
func TestDecoderVersionNoStaleFields(t *testing.T) {
	fx30 := map[string][]byte{}
	for _, fx := range loadFixtures(t) {
		fx30[fx.name] = fx.pdu
	}
	fx20 := map[string][]byte{}
	for _, fx := range loadFixtures20(t) {
		fx20[fx.name] = fx.pdu
	}
	var d Decoder
	for range 2 {
		d.Version = 0 // the zero value is 3.0
		_, p, err := d.Decode(fx30["submit_ucs2_70"])
		if err != nil {
			t.Fatal(err)
		}
		s := p.(*Submit)
		if s.FeeTerminalType != 1 || s.DestTerminalType != 1 || len(s.LinkID) == 0 || s.Reserve != nil {
			t.Fatalf("3.0 SUBMIT: %+v", s)
		}
		d.Version = Version20
		if _, p, err = d.Decode(fx20["submit_3dest_udh"]); err != nil {
			t.Fatal(err)
		}
		if s := p.(*Submit); s.FeeTerminalType != 0 || s.DestTerminalType != 0 || s.LinkID != nil || string(s.Reserve) != "RSV-0001" {
			t.Errorf("2.0 SUBMIT after a 3.0 one keeps 3.0 fields: %+v", s)
		}
		d.Version = Version30
		if _, p, err = d.Decode(fx30["submit"]); err != nil {
			t.Fatal(err)
		}
		if s := p.(*Submit); s.Reserve != nil || string(s.LinkID) != "A1B2C3D4E5F607182930" {
			t.Errorf("3.0 SUBMIT after a 2.0 one keeps Reserve: %+v", s)
		}

		if _, p, err = d.Decode(fx30["deliver_report60"]); err != nil {
			t.Fatal(err)
		}
		if dl := p.(*Deliver); dl.SrcTerminalType != 1 || len(dl.LinkID) == 0 {
			t.Fatalf("3.0 DELIVER: %+v", dl)
		}
		d.Version = Version21
		if _, p, err = d.Decode(fx20["deliver_report"]); err != nil {
			t.Fatal(err)
		}
		if dl := p.(*Deliver); dl.SrcTerminalType != 0 || dl.LinkID != nil {
			t.Errorf("2.x DELIVER after a 3.0 one keeps 3.0 fields: %+v", dl)
		}
	}
}

// TestEncodeVersionErrors: fields 2.x lacks must be empty, Reserve must be
// empty in 3.0, 2.x widths and 1-octet values are checked; b comes back
// unchanged.
func TestEncodeVersionErrors(t *testing.T) {
	ok := func() *Submit {
		return &Submit{PkTotal: 1, PkNumber: 1, DestTerminalIDs: [][]byte{[]byte("13800138000")}, MsgContent: []byte("hi")}
	}
	num22 := []byte("8613800138000123456789") // 22 octets: fits 3.0's 32, not 2.0's 21
	cases := []struct {
		name  string
		v     Version
		p     Packet
		field string
		err   error
	}{
		{"Fee_terminal_type", Version20, func() Packet { p := ok(); p.FeeTerminalType = 1; return p }(), "Fee_terminal_type", ErrInvalid},
		{"Dest_terminal_type", Version20, func() Packet { p := ok(); p.DestTerminalType = 1; return p }(), "Dest_terminal_type", ErrInvalid},
		{"Submit LinkID", Version21, func() Packet { p := ok(); p.LinkID = []byte("L"); return p }(), "LinkID", ErrInvalid},
		{"Submit Reserve in 3.0", Version30, func() Packet { p := ok(); p.Reserve = []byte("R"); return p }(), "Reserve", ErrInvalid},
		{"Fee_terminal_Id 22", Version20, func() Packet { p := ok(); p.FeeTerminalID = num22; return p }(), "Fee_terminal_Id", ErrFieldTooLong},
		{"Dest_terminal_Id 22", Version20, func() Packet { p := ok(); p.DestTerminalIDs[0] = num22; return p }(), "Dest_terminal_Id", ErrFieldTooLong},
		{"Reserve 9", Version20, func() Packet { p := ok(); p.Reserve = []byte("123456789"); return p }(), "Reserve", ErrFieldTooLong},
		{"Src_terminal_type", Version20, &Deliver{SrcTerminalType: 1}, "Src_terminal_type", ErrInvalid},
		{"Deliver LinkID", Version20, &Deliver{LinkID: []byte("L")}, "LinkID", ErrInvalid},
		{"Deliver Reserved in 3.0", Version30, &Deliver{Reserve: []byte("R")}, "Reserved", ErrInvalid},
		{"Src_terminal_Id 22", Version20, &Deliver{SrcTerminalID: num22}, "Src_terminal_Id", ErrFieldTooLong},
		{"Status 256", Version20, &ConnectResp{Status: 256}, "Status", ErrFieldTooLong},
		{"SubmitResp Result 256", Version20, &SubmitResp{Result: 256}, "Result", ErrFieldTooLong},
		{"DeliverResp Result 1000", Version21, &DeliverResp{Result: 1000}, "Result", ErrFieldTooLong},
		{"Success_Id 256", Version20, &CancelResp{SuccessID: 256}, "Success_Id", ErrFieldTooLong},
	}
	for _, c := range cases {
		buf := []byte("prefix")
		out, err := c.v.Append(buf, 7, c.p)
		var ee *EncodeError
		if !errors.As(err, &ee) || ee.Field != c.field || ee.Command != c.p.CommandID() || !errors.Is(err, c.err) {
			t.Errorf("%s: err = %v, want an *EncodeError for %s (%v)", c.name, err, c.field, c.err)
		}
		if string(out) != "prefix" || len(out) != len(buf) {
			t.Errorf("%s: Append returned %q", c.name, out)
		}
	}
	// The same values are fine in the other version, and at the limits.
	for _, p := range []Packet{
		func() Packet {
			p := ok()
			p.FeeTerminalType, p.DestTerminalType, p.LinkID = 1, 1, []byte("L")
			return p
		}(),
		&Deliver{SrcTerminalType: 1, LinkID: []byte("L"), SrcTerminalID: num22},
		&ConnectResp{Status: 256}, &SubmitResp{Result: 256}, &CancelResp{SuccessID: 256},
	} {
		if _, err := Version30.Append(nil, 1, p); err != nil {
			t.Errorf("3.0 %T: %v", p, err)
		}
	}
	for _, p := range []Packet{
		func() Packet { p := ok(); p.Reserve = []byte("12345678"); return p }(),
		&Deliver{Reserve: []byte{0, 1, 0, 2, 0, 0, 0, 3}}, // written as given
		&ConnectResp{Status: 255}, &SubmitResp{Result: 255}, &DeliverResp{Result: 255}, &CancelResp{SuccessID: 255},
	} {
		b, err := Version20.Append(nil, 1, p)
		if err != nil {
			t.Errorf("2.0 %T: %v", p, err)
			continue
		}
		_, q, err := Version20.Decode(b)
		if err != nil {
			t.Errorf("2.0 %T: decode: %v", p, err)
			continue
		}
		if b2, _ := Version20.Append(nil, 1, q); !bytes.Equal(b, b2) {
			t.Errorf("2.0 %T: round trip differs", p)
		}
	}
	// 2.0 PDU lengths from the §12.1 table.
	for _, c := range []struct {
		p    Packet
		want int
	}{
		{&ConnectResp{}, 18}, {ok(), 126 + 21 + 2}, {&SubmitResp{}, 9}, {&Deliver{MsgContent: []byte("abc")}, 73 + 3},
		{&DeliverResp{}, 9}, {&CancelResp{}, 1}, {&Connect{}, 27}, {&Fwd{}, 252},
	} {
		if b, err := Version20.Append(nil, 1, c.p); err != nil || len(b) != HeaderLen+c.want {
			t.Errorf("2.0 %T: %d octets (%v), want %d", c.p, len(b), err, HeaderLen+c.want)
		}
	}
}

// TestValidateVersion: the limits of the version a value is sent as.
func TestValidateVersion(t *testing.T) {
	for _, fx := range loadFixtures20(t) {
		_, p, err := Version20.Decode(fx.pdu)
		if err != nil {
			t.Fatal(err)
		}
		if vp, ok := p.(interface{ ValidateVersion(Version) error }); ok {
			if err := vp.ValidateVersion(Version20); err != nil {
				t.Errorf("%s: ValidateVersion(2.0): %v", fx.name, err)
			}
		}
	}
	base := func() *Submit {
		return &Submit{PkTotal: 1, PkNumber: 1, FeeType: []byte("01"), DestTerminalIDs: [][]byte{[]byte("13800138000")}}
	}
	check := func(name string, err error, field string) {
		t.Helper()
		var ee *EncodeError
		switch {
		case field == "" && err != nil:
			t.Errorf("%s: %v, want nil", name, err)
		case field != "" && (!errors.As(err, &ee) || ee.Field != field || ee.Op != OpValidate || !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrFieldTooLong)):
			t.Errorf("%s: %v, want an error naming %s", name, err, field)
		}
	}
	s := base()
	s.RegisteredDelivery = 2
	check("RD 2 as 2.0", s.ValidateVersion(Version20), "")
	check("RD 2 as 3.0", s.Validate(), "Registered_Delivery")
	s.RegisteredDelivery = 3
	check("RD 3 as 2.0", s.ValidateVersion(Version20), "Registered_Delivery")
	for _, ft := range []string{"04", "05"} {
		s := base()
		s.FeeType = []byte(ft)
		check("FeeType "+ft+" as 2.0", s.ValidateVersion(Version21), "")
		check("FeeType "+ft+" as 3.0", s.ValidateVersion(Version30), "FeeType")
	}
	s = base()
	s.FeeType = []byte("06")
	check("FeeType 06 as 2.0", s.ValidateVersion(Version20), "FeeType")
	s = base()
	s.FeeTerminalType = 1
	check("Fee_terminal_type as 2.0", s.ValidateVersion(Version20), "Fee_terminal_type")
	check("Fee_terminal_type as 3.0", s.Validate(), "")
	s = base()
	s.LinkID = []byte("L")
	check("LinkID as 2.0", s.ValidateVersion(Version20), "LinkID")
	s = base()
	s.Reserve = []byte("R")
	check("Reserve as 3.0", s.Validate(), "Reserve")
	check("Reserve as 2.0", s.ValidateVersion(Version20), "")

	rep := Report{Stat: []byte("DELIVRD"), DestTerminalID: []byte("13800138000")}
	c71, _ := rep.AppendBinary(nil)
	c60, _ := rep.AppendVersion(nil, Version20)
	d := &Deliver{RegisteredDelivery: 1, MsgContent: c60}
	check("60-octet report as 2.0", d.ValidateVersion(Version20), "")
	check("60-octet report as 3.0", d.Validate(), "Msg_Length")
	d.MsgContent = c71
	check("71-octet report as 2.0", d.ValidateVersion(Version20), "Msg_Length")
	check("71-octet report as 3.0", d.Validate(), "")
	d = &Deliver{SrcTerminalType: 1}
	check("Src_terminal_type as 2.0", d.ValidateVersion(Version20), "Src_terminal_type")
	d = &Deliver{Reserve: []byte("R")}
	check("Reserved as 3.0", d.Validate(), "Reserved")
	check("Status 256 as 2.0", (&ConnectResp{Status: 256}).ValidateVersion(Version20), "Status")
	check("Status 256 as 3.0", (&ConnectResp{Status: 256}).ValidateVersion(Version30), "")
	check("Result 256 as 2.0", (&SubmitResp{Result: 256}).ValidateVersion(Version20), "Result")
	check("Result 256 as 2.0", (&DeliverResp{Result: 256}).ValidateVersion(Version20), "Result")
	check("Success_Id 2 as 2.0", (&CancelResp{SuccessID: 2}).ValidateVersion(Version20), "Success_Id")
}

// TestAuthenticatorISMG20 is the known-answer test of the 2.x
// AuthenticatorISMG: MD5 over the literal octets Status (1) ‖
// AuthenticatorSource ‖ "secret", for the §5.4 login, which is also in the
// hand-built connect_resp fixture.
func TestAuthenticatorISMG20(t *testing.T) {
	src := [16]byte(mustHex(t, "1c39df8b9c01798a8f35c3c785cf91ce")) // spec reference §5.4
	in := mustHex(t, "00"+"1c39df8b9c01798a8f35c3c785cf91ce"+hex.EncodeToString([]byte("secret")))
	want := md5.Sum(in)
	if got := AuthenticatorISMG20(0, src, "secret"); got != want {
		t.Errorf("AuthenticatorISMG20 = %x, want %x", got, want)
	}
	if want == AuthenticatorISMG(0, src, "secret") {
		t.Error("the 2.x and 3.0 forms agree")
	}
	in[0] = 3
	if got := AuthenticatorISMG20(3, src, "secret"); got != md5.Sum(in) {
		t.Errorf("AuthenticatorISMG20(3) = %x", got)
	}

	var fx []byte
	for _, f := range loadFixtures20(t) {
		if f.name == "connect_resp" {
			fx = f.pdu
		}
	}
	if fx == nil {
		t.Fatal("no connect_resp fixture")
	}
	req := &Connect{SourceAddr: []byte("901234"), AuthenticatorSource: src, Version: Version20, Timestamp: 102030405}
	if !req.Verify("secret") {
		t.Fatal("the §5.4 CONNECT does not verify")
	}
	resp := Version20.NewConnectResp(req, StatusOK, "secret")
	if b, err := Version20.Append(nil, 1, resp); err != nil || !bytes.Equal(b, fx) {
		t.Errorf("Version20.NewConnectResp encodes to %x (%v), want the fixture %x", b, err, fx)
	}
	if resp.AuthenticatorISMG != want || resp.Version != Version20 {
		t.Errorf("NewConnectResp = %+v", resp)
	}
	if !resp.VerifyVersion(Version20, src, "secret") || resp.VerifyVersion(Version30, src, "secret") || resp.Verify(src, "secret") {
		t.Error("VerifyVersion does not tell the 2.x form from the 3.0 one")
	}
	if resp.VerifyVersion(Version20, src, "other") {
		t.Error("VerifyVersion accepts the wrong secret")
	}
	r30 := Version30.NewConnectResp(req, StatusOK, "secret")
	if *r30 != *NewConnectResp(req, StatusOK, "secret") || !r30.VerifyVersion(Version30, src, "secret") {
		t.Errorf("Version30.NewConnectResp = %+v", r30)
	}
	failed := Version20.NewConnectResp(req, StatusAuthFailed, "secret")
	if failed.AuthenticatorISMG != ([16]byte{}) || failed.Status != StatusAuthFailed {
		t.Errorf("failed login: %+v", failed)
	}
	big := &ConnectResp{Status: 256, AuthenticatorISMG: AuthenticatorISMG20(0, src, "secret")}
	if big.VerifyVersion(Version20, src, "secret") {
		t.Error("a Status above 255 verifies under 2.x")
	}
}

// TestReportAppendVersion: a 2.x DELIVER carries the 60-octet report.
func TestReportAppendVersion(t *testing.T) {
	var fx []byte
	for _, f := range loadFixtures20(t) {
		if f.name == "deliver_report" {
			fx = f.pdu
		}
	}
	_, p, err := Version20.Decode(fx)
	if err != nil {
		t.Fatal(err)
	}
	d := p.(*Deliver)
	r, err := d.Report()
	if err != nil || r.Len != ReportLen20 {
		t.Fatalf("Report = %+v, %v", r, err)
	}
	out, err := r.AppendVersion([]byte("x"), Version20)
	if err != nil || !bytes.Equal(out[1:], d.MsgContent) || out[0] != 'x' {
		t.Errorf("AppendVersion(2.0) = %x, %v; want the fixture's %x", out, err, d.MsgContent)
	}
	out, err = r.AppendVersion(nil, Version30)
	if b, _ := r.AppendBinary(nil); err != nil || len(out) != ReportLen || !bytes.Equal(out, b) {
		t.Errorf("AppendVersion(3.0) = %x, %v", out, err)
	}
	r.DestTerminalID = []byte("8613800138000123456789") // 22 octets
	if out, err := r.AppendVersion([]byte("x"), Version20); !errors.Is(err, ErrFieldTooLong) || string(out) != "x" {
		t.Errorf("22-octet Dest_terminal_Id in a 2.x report: %q, %v", out, err)
	}
	// A report built for 2.x goes out in a 2.x DELIVER and reads back.
	r.DestTerminalID = []byte("13800138000")
	c, _ := r.AppendVersion(nil, Version20)
	b, err := Version20.Append(nil, 9, &Deliver{RegisteredDelivery: 1, MsgContent: c})
	if err != nil {
		t.Fatal(err)
	}
	_, p, err = Version20.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if r2, err := p.(*Deliver).Report(); err != nil || r2.Len != ReportLen20 || string(r2.DestTerminalID) != "13800138000" || r2.MsgID != r.MsgID {
		t.Errorf("report read back: %+v, %v", r2, err)
	}
}

func TestVersionWritePacket(t *testing.T) {
	p := &SubmitResp{MsgID: 7, Result: 9}
	var w bytes.Buffer
	if err := Version20.WritePacket(&w, 3, p); err != nil || w.Len() != HeaderLen+9 {
		t.Fatalf("Version20.WritePacket: %d octets, %v", w.Len(), err)
	}
	want, _ := Version20.Append(nil, 3, p)
	if !bytes.Equal(w.Bytes(), want) {
		t.Errorf("WritePacket wrote %x, Append gives %x", w.Bytes(), want)
	}
	w.Grow(MaxPacketLen)
	if n := testing.AllocsPerRun(100, func() { w.Reset(); _ = Version20.WritePacket(&w, 1, p) }); n != 0 {
		t.Errorf("Version20.WritePacket: %.1f allocs", n)
	}
	if err := Version20.WritePacket(&w, 1, &SubmitResp{Result: 256}); !errors.Is(err, ErrFieldTooLong) {
		t.Errorf("Result 256 as 2.0: %v", err)
	}
}

func TestVersionValues(t *testing.T) {
	for _, c := range []struct {
		v    Version
		s    string
		is2x bool
	}{{Version20, "2.0", true}, {Version21, "2.1", true}, {Version30, "3.0", false}, {0, "0.0", false}} {
		if c.v.String() != c.s || c.v.is2x() != c.is2x {
			t.Errorf("%#x: %q, is2x %v", uint8(c.v), c.v.String(), c.v.is2x())
		}
	}
	// The zero Version decodes and encodes as 3.0.
	for _, fx := range loadFixtures(t)[:5] {
		var zero Version
		h, p, err := zero.Decode(fx.pdu)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := zero.Append(nil, h.SequenceID, p); err != nil || !bytes.Equal(b, fx.pdu) {
			t.Errorf("%s: the zero Version is not 3.0 (%v)", fx.name, err)
		}
	}
}

// FuzzVersionRoundTrip fills a PDU whose layout differs in 2.x from the
// data (over-long values and 3.0-only fields included), appends it as 2.0
// or 2.1, and checks that Append refuses exactly the first field that
// cannot be written in 2.x (wire order) and that whatever it writes
// decodes to the same values and re-encodes to the same octets.
func FuzzVersionRoundTrip(f *testing.F) {
	for _, fx := range loadFixtures20(f) {
		h, _ := ParseHeader(fx.pdu)
		for i, id := range versionedCmds {
			if id == h.CommandID {
				f.Add(uint8(i), fx.pdu[HeaderLen:])
			}
		}
	}
	f.Add(uint8(1), bytes.Repeat([]byte{0xFF}, 400))
	f.Add(uint8(7), []byte{})
	f.Fuzz(func(t *testing.T, sel uint8, data []byte) {
		id := versionedCmds[int(sel)%len(versionedCmds)]
		v := Version20
		if sel&0x80 != 0 {
			v = Version21
		}
		p := NewPacket(id)
		fl := &filler{data}
		fl.fill(p) // the 3.0 fields
		rv := reflect.ValueOf(p).Elem()
		// Strings end at their first 0x00 (DESIGN §3): cut the values there,
		// so that this target checks the version rows, not the NUL rule.
		for _, lf := range layouts[id] {
			switch fv := rv.FieldByName(lf.GoName); lf.Kind {
			case kOctets:
				fv.SetBytes(beforeNUL(fv.Bytes()))
			case kRepeat:
				for i := range fv.Len() {
					fv.Index(i).SetBytes(beforeNUL(fv.Index(i).Bytes()))
				}
			}
		}
		if r := rv.FieldByName("Reserve"); r.IsValid() {
			r.SetBytes(fl.bytes(9)) // written as given, 0x00 octets included
		}
		want := notIn20(t, p)
		b, err := v.Append(nil, uint32(sel), p)
		if err != nil {
			var ee *EncodeError
			if !errors.As(err, &ee) || ee.Field != want || ee.Command != id {
				t.Fatalf("Append as %v: %v, want an *EncodeError for %q", v, err, want)
			}
			return
		}
		if want != "" {
			t.Fatalf("Append as %v accepted %s", v, want)
		}
		h, q, err := v.Decode(b)
		if err != nil || h.CommandID != id || int(h.TotalLength) != HeaderLen+bodyLenAs(v, p) {
			t.Fatalf("Decode(Append(p)) as %v: %+v, %v", v, h, err)
		}
		b2, err := v.Append(nil, uint32(sel), q)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("re-encoding differs: %v", err)
		}
		lay, _ := layout.For(uint8(v), uint32(id))
		qv := reflect.ValueOf(q).Elem()
		for _, lf := range lay {
			a, c := rv.FieldByName(lf.GoName), qv.FieldByName(lf.GoName)
			switch lf.Kind {
			case kOctets:
				if !bytes.Equal(trimNUL(a.Bytes()), c.Bytes()) {
					t.Fatalf("%s: %q became %q", lf.Name, a.Bytes(), c.Bytes())
				}
			case kNum, kMsgID:
				if a.Uint() != c.Uint() {
					t.Fatalf("%s: %d became %d", lf.Name, a.Uint(), c.Uint())
				}
			}
		}
	})
}

// notIn20 returns the first field, in wire order, that p cannot be
// written with in 2.x, or "": a 3.0-only field that is set, a value wider
// than its 2.x field, a count above 255, or a PDU too long.
func notIn20(t *testing.T, p Packet) string {
	lay20, _ := layout.For(0x20, uint32(p.CommandID()))
	w20 := map[string]layoutField{}
	for _, lf := range lay20 {
		w20[lf.Name] = lf
	}
	v := reflect.ValueOf(p).Elem()
	for _, lf := range layouts[p.CommandID()] {
		fv := v.FieldByName(lf.GoName)
		f2, ok := w20[lf.Name]
		if !ok { // 3.0 only
			if lf.Kind == kNum && fv.Uint() != 0 || lf.Kind == kOctets && fv.Len() != 0 {
				return lf.Name
			}
			continue
		}
		switch {
		case f2.Kind == kNum && f2.Width == 1 && fv.Uint() > 0xff:
			return lf.Name
		case f2.Kind == kCount && fv.Len() > 255:
			return lf.Name
		case f2.Kind == kOctets && fv.Len() > f2.Width:
			return lf.Name
		case f2.Kind == kRepeat:
			for i := range fv.Len() {
				if fv.Index(i).Len() > f2.Width {
					return lf.Name
				}
			}
		}
	}
	if r := v.FieldByName("Reserve"); r.IsValid() && r.Len() > 8 {
		return lay20[len(lay20)-1].Name // Reserve (SUBMIT) or Reserved (DELIVER), the last field
	}
	if HeaderLen+bodyLenAs(Version20, p) > MaxPacketLen {
		return "Total_Length"
	}
	return ""
}

// beforeNUL returns b up to its first 0x00.
func beforeNUL(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// TestBothLayoutsFit: a 2.0 DELIVER whose content has, where 3.0 reads
// Msg_Length, the value that makes the lengths agree is a well-formed 3.0
// DELIVER too. Only the negotiated version can tell; each decodes as it
// is told.
func TestBothLayoutsFit(t *testing.T) {
	content := bytes.Repeat([]byte("a"), 40)
	content[11] = 16 // body offset 65+11 = 76, 3.0's Msg_Length: 97+16 == 73+40
	b, err := Version20.Append(nil, 1, &Deliver{MsgContent: content})
	if err != nil {
		t.Fatal(err)
	}
	_, p20, err := Version20.Decode(b)
	if err != nil || !bytes.Equal(p20.(*Deliver).MsgContent, content) {
		t.Fatalf("as 2.0: %v", err)
	}
	_, p30, err := Version30.Decode(b)
	if err != nil || len(p30.(*Deliver).MsgContent) != 16 {
		t.Fatalf("as 3.0: %v (the octets should fit this layout too)", err)
	}
}
