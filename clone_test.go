package cmpp

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"testing"
)

// TestClone decodes every hand-built fixture with a Decoder, clones the
// result with the package function, wipes the input and decodes a
// different PDU with the same Decoder, and checks that the clone still
// encodes to the original octets.
func TestClone(t *testing.T) {
	fixtures := loadFixtures(t)
	for i, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			var d Decoder
			buf := bytes.Clone(fx.pdu)
			h, p, err := d.Decode(buf)
			if err != nil {
				t.Fatal(err)
			}
			c := Clone(p)
			if c == nil || (c == p && reflect.TypeOf(p).Elem().Size() > 0) {
				t.Fatalf("Clone gave %p for %p", c, p)
			}
			if c.CommandID() != p.CommandID() {
				t.Fatalf("Clone changed the type: %T → %T", p, c)
			}
			for j := range buf {
				buf[j] = 0xff
			}
			// The same Decoder now reuses its values for another PDU.
			other := fixtures[(i+1)%len(fixtures)]
			if _, _, err := d.Decode(bytes.Clone(other.pdu)); err != nil {
				t.Fatal(err)
			}
			out, err := Append(nil, h.SequenceID, c)
			if err != nil {
				t.Fatalf("Append(clone): %v", err)
			}
			if !bytes.Equal(out, fx.pdu) {
				t.Errorf("clone encodes differently\nwant:\n%sgot:\n%s", hex.Dump(fx.pdu), hex.Dump(out))
			}
		})
	}
}

// TestCloneEveryCommand checks that Clone has a case for every Command_Id
// the package models (a fresh copy of the same type, never the argument),
// for Raw, and for nil.
func TestCloneEveryCommand(t *testing.T) {
	for _, row := range pduTypes {
		id := row.id
		p := NewPacket(id)
		if p == nil {
			t.Fatalf("NewPacket(%v) = nil", id)
		}
		c := Clone(p)
		// Pointers to zero-size values (Terminate, ActiveTest) may be
		// equal in Go; only a type with fields must be a new value.
		shared := c == p && reflect.TypeOf(p).Elem().Size() > 0
		if c == nil || shared || reflect.TypeOf(c) != reflect.TypeOf(p) || c.CommandID() != id {
			t.Errorf("Clone(%T) = %#v", p, c)
		}
	}
	r := &Raw{Command: 0x42, Body: []byte{1, 2}}
	c, ok := Clone(r).(*Raw)
	r.Body[0] = 9
	if !ok || c.Command != 0x42 || !bytes.Equal(c.Body, []byte{1, 2}) {
		t.Errorf("Clone(*Raw) = %#v, want an independent copy", c)
	}
	if Clone(nil) != nil {
		t.Error("Clone(nil) != nil")
	}
	// A Raw carrying a modelled Command_Id stays a Raw.
	rs := &Raw{Command: CmdSubmit, Body: []byte{3}}
	if c, ok := Clone(rs).(*Raw); !ok || c.Command != CmdSubmit || &c.Body[0] == &rs.Body[0] {
		t.Errorf("Clone(Raw with CMPP_SUBMIT) = %#v, want a *Raw copy", Clone(rs))
	}
}
