package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-cmpp/cmpp"
)

// CMPP 2.0 and 2.1: decode and encode take -version (3.0 by default), and
// in a stream follow the version its login negotiates.

// parseVersion reads the -version flag: "2.0", "2.1" or "3.0".
func parseVersion(s string) (cmpp.Version, error) {
	switch s {
	case "2.0":
		return cmpp.Version20, nil
	case "2.1":
		return cmpp.Version21, nil
	case "3.0":
		return cmpp.Version30, nil
	}
	return 0, errors.New("want 2.0, 2.1 or 3.0")
}

// versionFlag is the -version flag of decode and encode.
func versionFlag(v *cmpp.Version) func(string) error {
	*v = cmpp.Version30
	return func(s string) error {
		x, err := parseVersion(s)
		if err == nil {
			*v = x
		}
		return err
	}
}

const versionFlagUsage = `  -version V
          the layout to read (decode) or write (encode) until a login says
          otherwise: 2.0, 2.1 or 3.0 (the default). A CMPP_CONNECT switches
          to the Version it asks for, and a CMPP_CONNECT_RESP to the lower
          of that and the Version it answers (the highest the server
          supports). 2.0 and 2.1 lay out CONNECT_RESP, SUBMIT, SUBMIT_RESP,
          DELIVER, DELIVER_RESP and CANCEL_RESP differently (1-octet
          Status and Result, 21-octet numbers, Reserve where 3.0 has
          LinkID); the other PDUs are the same in every version.
`

// follower tracks the version of one stream: it starts at the -version
// flag and follows CONNECT and CONNECT_RESP.
type follower struct {
	cur   cmpp.Version // the layout of the next PDU
	asked cmpp.Version // the Version of the last CONNECT, or 0
}

func newFollower(start cmpp.Version) follower { return follower{cur: start} }

// known reports whether the tool can lay PDUs out as v.
func known(v cmpp.Version) bool {
	return v == cmpp.Version20 || v == cmpp.Version21 || v == cmpp.Version30
}

// see updates the version after p, a PDU of the stream.
func (f *follower) see(p cmpp.Packet) {
	switch p := p.(type) {
	case *cmpp.Connect:
		if known(p.Version) {
			f.cur, f.asked = p.Version, p.Version
		}
	case *cmpp.ConnectResp:
		if known(p.Version) {
			f.cur = p.Version
			if f.asked != 0 && f.asked < p.Version {
				f.cur = f.asked
			}
		}
	}
}

// is2x reports whether v has the CMPP 2.0/2.1 layouts.
func is2x(v cmpp.Version) bool { return v>>4 == 2 }

// layoutNote is what the header line of a PDU says about its layout.
func layoutNote(v cmpp.Version) string {
	if is2x(v) {
		return fmt.Sprintf(" (CMPP %v layout)", v)
	}
	return ""
}

// validateAs checks p against the limits of version v.
func validateAs(v cmpp.Version, p cmpp.Packet) error {
	if x, ok := p.(interface{ ValidateVersion(cmpp.Version) error }); ok {
		return x.ValidateVersion(v)
	}
	if x, ok := p.(interface{ Validate() error }); ok {
		return x.Validate()
	}
	return nil
}

// reportAs writes, under 2.x, a status report given as "Report" without
// Msg_Content in the 60-octet form of a 2.x DELIVER (the JSON reader
// builds the 71-octet 3.0 form).
func reportAs(v cmpp.Version, p cmpp.Packet, obj map[string]json.RawMessage) error {
	d, ok := p.(*cmpp.Deliver)
	_, hasContent := obj["Msg_Content"]
	_, hasReport := obj[keyReport]
	if !ok || !is2x(v) || hasContent || !hasReport || d.RegisteredDelivery != 1 {
		return nil
	}
	r, err := d.Report()
	if err != nil {
		return err
	}
	if d.MsgContent, err = r.AppendVersion(nil, v); err != nil {
		var ee *cmpp.EncodeError
		if errors.As(err, &ee) {
			return &cmpp.EncodeError{Command: cmpp.CmdDeliver, Field: keyReport + "." + ee.Field, Err: ee.Err}
		}
		return err
	}
	return nil
}
