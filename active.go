package cmpp

// ActiveTest is CMPP_ACTIVE_TEST (0x00000008, §8.4.7.1): a link test on a
// long connection, sent by either side after C minutes of silence. No body.
type ActiveTest struct{}

var _ Packet = (*ActiveTest)(nil)

// CommandID returns CmdActiveTest.
func (p *ActiveTest) CommandID() CommandID                { return CmdActiveTest }
func (p *ActiveTest) bodyLen() int                        { return 0 }
func (p *ActiveTest) AppendBody(b []byte) ([]byte, error) { return b, nil }

// DecodeBody accepts only an empty body.
func (p *ActiveTest) DecodeBody(body []byte) error { return decodeEmpty(CmdActiveTest, body) }

// Clone returns a new ActiveTest (it has no fields).
func (p *ActiveTest) Clone() *ActiveTest { return new(ActiveTest) }

// ActiveTestResp is CMPP_ACTIVE_TEST_RESP (0x80000008, §8.4.7.2). Body 1
// octet.
type ActiveTestResp struct {
	// Reserved, 1 octet: send 0.
	Reserved uint8
}

var _ Packet = (*ActiveTestResp)(nil)

// CommandID returns CmdActiveTestResp.
func (p *ActiveTestResp) CommandID() CommandID { return CmdActiveTestResp }
func (p *ActiveTestResp) bodyLen() int         { return 1 }

// AppendBody appends the 1-octet body.
func (p *ActiveTestResp) AppendBody(b []byte) ([]byte, error) { return append(b, p.Reserved), nil }

// DecodeBody decodes a 1-octet body.
func (p *ActiveTestResp) DecodeBody(body []byte) error {
	r := newReader(CmdActiveTestResp, body)
	p.Reserved = r.u8("Reserved")
	return r.finish()
}

// Validate has nothing to check: the spec gives Reserved no values.
func (p *ActiveTestResp) Validate() error { return nil }

// Clone returns a copy of p (it holds no slices).
func (p *ActiveTestResp) Clone() *ActiveTestResp { c := *p; return &c }
