package cmpp

import (
	"encoding/hex"
	"errors"
	"testing"
	"time"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Known answers of spec reference §5.4.
func TestAuthenticatorKnownAnswers(t *testing.T) {
	src := AuthenticatorSource("901234", "secret", 102030405)
	if got, want := hex.EncodeToString(src[:]), "1c39df8b9c01798a8f35c3c785cf91ce"; got != want {
		t.Errorf("AuthenticatorSource = %s, want %s", got, want)
	}
	ismg := AuthenticatorISMG(0, src, "secret")
	if got, want := hex.EncodeToString(ismg[:]), "e9ed198350952cc89cfdfb0c747e8438"; got != want {
		t.Errorf("AuthenticatorISMG = %s, want %s", got, want)
	}
	// The 2.0 form (1-octet Status) gives another digest: we must not use it.
	if got := hex.EncodeToString(ismg[:]); got == "9e21b4ca73ef610ad7e2a0c6990e1098" {
		t.Error("AuthenticatorISMG hashes a 1-octet Status (the 2.0 form)")
	}

	// The whole CONNECT of §5.4, byte for byte.
	want := mustHex(t, "00000027"+"00000001"+"00000001"+"393031323334"+"1c39df8b9c01798a8f35c3c785cf91ce"+"30"+"0614dc45")
	c := &Connect{SourceAddr: []byte("901234"), AuthenticatorSource: src, Version: Version30, Timestamp: 102030405}
	got, err := Append(nil, 1, c)
	if err != nil || hex.EncodeToString(got) != hex.EncodeToString(want) {
		t.Errorf("Append(CONNECT) = %x, %v; want %x", got, err, want)
	}
	if !c.Verify("secret") || c.Verify("Secret") {
		t.Error("Connect.Verify does not check the secret")
	}
	r := NewConnectResp(c, StatusOK, "secret")
	if r.AuthenticatorISMG != ismg || !r.Verify(src, "secret") || r.Verify(src, "other") {
		t.Error("ConnectResp authenticator or Verify wrong")
	}
	if f := NewConnectResp(c, StatusAuthFailed, "secret"); f.AuthenticatorISMG != [16]byte{} {
		t.Error("a failed login must carry an empty AuthenticatorISMG")
	}
}

// ANCHORS gocmpp #13 / go_cmpp bug 7 / go-sms-protocol bug 6: a Source_Addr
// shorter than 6 characters is hashed as it travels, padded with 0x00.
func TestAuthenticatorSourcePadsShortSPID(t *testing.T) {
	for _, id := range []string{"9012", "90123", "901234"} {
		padded := id + string(make([]byte, 6-len(id)))
		if AuthenticatorSource(id, "pw", 1231235959) != AuthenticatorSource(padded, "pw", 1231235959) {
			t.Errorf("%q: unpadded and NUL-padded Source_Addr hash differently", id)
		}
	}
	if AuthenticatorSource("9012", "pw", 101000000) == AuthenticatorSource("901200", "pw", 101000000) {
		t.Error("padding must be 0x00, not '0'")
	}
}

// cmpp-rs bug: the 9-octet filler is nine 0x00, not nine '0'.
func TestAuthenticatorSourceFillerIsZeroOctets(t *testing.T) {
	a := AuthenticatorSource("901234", "secret", 102030405)
	b := AuthenticatorSource("901234000000000", "secret", 102030405) // nine '0' in place of NULs
	if a == b {
		t.Error("filler hashed as ASCII '0'")
	}
}

func TestTimestamp(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600) // no zone database here
	}
	for _, tc := range []struct {
		t    time.Time
		want uint32
	}{
		{time.Date(2026, 1, 2, 3, 4, 5, 0, cst), 102030405},
		{time.Date(2026, 12, 31, 23, 59, 59, 0, cst), 1231235959},
		{time.Date(2026, 10, 1, 0, 0, 0, 0, cst), 1001000000},
		// Any other zone is converted to China Standard Time.
		{time.Date(2026, 1, 1, 19, 4, 5, 0, time.UTC), 102030405},
		{time.Date(2026, 12, 31, 10, 59, 59, 0, ny), 1231235959}, // EST, UTC-5
		{time.Date(2026, 7, 1, 12, 0, 0, 0, ny), 702000000},      // EDT, UTC-4
	} {
		if got := Timestamp(tc.t); got != tc.want {
			t.Errorf("Timestamp(%v) = %d, want %d", tc.t, got, tc.want)
		}
	}
}

// go_cmpp bug 8: the clock is read once, so Timestamp and
// AuthenticatorSource always agree.
func TestNewConnectReadsClockOnce(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 999_999_999, ChinaStandardTime)
	c := NewConnect("901234", "secret", now)
	if c.Timestamp != 304050607 || !c.Verify("secret") || c.Version != Version30 {
		t.Errorf("NewConnect = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	c.Timestamp = 1332000000
	if err := c.Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("month 13 Timestamp: Validate = %v", err)
	}
}

// gocmpp bug 7: a Source_Addr longer than 6 octets is an error, never cut.
func TestConnectSourceAddrTooLong(t *testing.T) {
	_, err := Append(nil, 1, &Connect{SourceAddr: []byte("12345678")})
	var ee *EncodeError
	if !errors.As(err, &ee) || ee.Field != "Source_Addr" || !errors.Is(err, ErrFieldTooLong) {
		t.Errorf("err = %v", err)
	}
}

// gocmpp bug 9: the 3.0 Status is 4 octets; 256 is not success.
func TestConnectRespStatusIsFourOctets(t *testing.T) {
	pdu := mustHex(t, "00000021800000010000000100000100"+"00000000000000000000000000000000"+"30")
	_, p, err := Decode(pdu)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.(*ConnectResp).Status; s != 256 || s == StatusOK {
		t.Errorf("Status = %d, want 256", s)
	}
	// The 2.0 layout (1-octet Status, 30 octets) does not decode as 3.0.
	if _, _, err := Decode(mustHex(t, "0000001e800000010000000100"+"00000000000000000000000000000000"+"20")); !errors.Is(err, ErrTruncated) {
		t.Errorf("2.0 CONNECT_RESP: err = %v, want ErrTruncated", err)
	}
}

func TestMsgID(t *testing.T) {
	// Spec reference §5.5: 01-02 03:04:05, gateway 1001, sequence 1.
	id, err := NewMsgID(MsgIDParts{Month: 1, Day: 2, Hour: 3, Minute: 4, Second: 5, Gateway: 1001, Sequence: 1})
	if err != nil || id != 0x110C414003E90001 {
		t.Fatalf("NewMsgID = %#x, %v; want 0x110c414003e90001", uint64(id), err)
	}
	if id.String() != "0x110c414003e90001" {
		t.Errorf("String = %s", id)
	}
	// Every part at its maximum, one at a time, round-trips without
	// touching its neighbours.
	maxParts := []MsgIDParts{
		{Month: 12, Day: 1},
		{Month: 1, Day: 31},
		{Month: 1, Day: 1, Hour: 23},
		{Month: 1, Day: 1, Minute: 59},
		{Month: 1, Day: 1, Second: 59},
		{Month: 1, Day: 1, Gateway: 1<<22 - 1},
		{Month: 1, Day: 1, Sequence: 0xFFFF},
		{Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 59, Gateway: 1<<22 - 1, Sequence: 0xFFFF},
	}
	for _, p := range maxParts {
		id, err := NewMsgID(p)
		if err != nil {
			t.Errorf("NewMsgID(%+v): %v", p, err)
			continue
		}
		if got := id.Parts(); got != p {
			t.Errorf("Parts(NewMsgID(%+v)) = %+v", p, got)
		}
	}
	if id, _ := NewMsgID(MsgIDParts{Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 59, Gateway: 1<<22 - 1, Sequence: 0xFFFF}); id != 0xCFDFBEFFFFFFFFFF {
		t.Errorf("all-max Msg_Id = %#x", uint64(id))
	}
}

// go-sms-protocol bug 5, cmpp-rs (21-bit gateway): out-of-range parts are
// an error, never bled into the neighbouring field or masked.
func TestMsgIDRejectsOutOfRange(t *testing.T) {
	for _, p := range []MsgIDParts{
		{Month: 0, Day: 1}, {Month: 13, Day: 1}, {Month: 1, Day: 0}, {Month: 1, Day: 32},
		{Month: 1, Day: 1, Hour: 24}, {Month: 1, Day: 1, Minute: 60}, {Month: 1, Day: 1, Second: 60},
		{Month: 1, Day: 1, Gateway: 1 << 22},
	} {
		if _, err := NewMsgID(p); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewMsgID(%+v) = %v, want ErrInvalid", p, err)
		}
	}
	// A 22-bit gateway code is kept whole (cmpp-rs masks it to 21 bits).
	id, _ := NewMsgID(MsgIDParts{Month: 1, Day: 1, Gateway: 1 << 21})
	if id.Parts().Gateway != 1<<21 {
		t.Errorf("gateway bit 21 lost: %+v", id.Parts())
	}
}
