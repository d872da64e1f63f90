package cmpp_test

import (
	"fmt"

	"github.com/go-cmpp/cmpp"
)

// One *cmpp.Submit goes out as CMPP 2.0 or 3.0: the Version is the codec.
// A connection's Decoder reads the version its CONNECT negotiated.
func ExampleVersion_Append() {
	p := &cmpp.Submit{
		PkTotal: 1, PkNumber: 1,
		MsgFmt:          cmpp.FmtASCII,
		SrcID:           []byte("1065712345"),
		DestTerminalIDs: [][]byte{[]byte("13800138000")},
		MsgContent:      []byte("hello"),
	}
	b20, _ := cmpp.Version20.Append(nil, 1, p)
	b30, _ := cmpp.Version30.Append(nil, 1, p)
	fmt.Println(len(b20), len(b30)) // 12 + 126 + 21 + 5, 12 + 151 + 32 + 5

	dec := cmpp.Decoder{Version: cmpp.Version20}
	_, q, _ := dec.Decode(b20)
	fmt.Printf("%s\n", q.(*cmpp.Submit).MsgContent)

	// The wrong version fails, and says which one the octets fit.
	_, _, err := cmpp.Decode(b20)
	fmt.Println(err)

	// Fields CMPP 2.0 does not have must be empty to send as 2.0.
	p.LinkID = []byte("A1B2C3")
	_, err = cmpp.Version20.Append(nil, 2, p)
	fmt.Println(err)
	// Output:
	// 164 200
	// hello
	// cmpp: decode CMPP_SUBMIT: at offset 163: trailing bytes: 1 octet after the last field: looks like CMPP 2.0/2.1 (Fee_terminal_Id 21 octets, not 32): decode with Version20 or Version21
	// cmpp: encode CMPP_SUBMIT: LinkID: invalid value: CMPP 2.x has no LinkID: it must be zero or empty
}

// A 2.0 gateway answers a CONNECT with a 1-octet Status, and hashes that
// one octet into AuthenticatorISMG.
func ExampleVersion_NewConnectResp() {
	req := &cmpp.Connect{SourceAddr: []byte("901234"), Version: cmpp.Version20, Timestamp: 102030405}
	req.AuthenticatorSource = cmpp.AuthenticatorSource("901234", "secret", req.Timestamp)
	resp := cmpp.Version20.NewConnectResp(req, cmpp.StatusOK, "secret")
	b, _ := cmpp.Version20.Append(nil, 1, resp)
	fmt.Printf("%x\n", b)
	fmt.Println(resp.VerifyVersion(cmpp.Version20, req.AuthenticatorSource, "secret"))
	// Output:
	// 0000001e8000000100000001009e21b4ca73ef610ad7e2a0c6990e109820
	// true
}
