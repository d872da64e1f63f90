package main

import (
	"encoding/hex"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/internal/layout"
)

// The JSON form is written by hand, so that keys come in wire order,
// integers are written exactly and 64-bit ids as strings.

// jsonObj appends the members of one JSON object.
type jsonObj struct {
	b     []byte
	first bool
}

func newObj(b []byte) jsonObj { return jsonObj{b: append(b, '{'), first: true} }

func (o *jsonObj) key(k string) {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	o.b = appendJSONString(o.b, k)
	o.b = append(o.b, ':')
}

func (o *jsonObj) uint(k string, v uint64) { o.key(k); o.b = strconv.AppendUint(o.b, v, 10) }
func (o *jsonObj) int(k string, v int64)   { o.key(k); o.b = strconv.AppendInt(o.b, v, 10) }
func (o *jsonObj) str(k, v string)         { o.key(k); o.b = appendJSONString(o.b, v) }
func (o *jsonObj) end() []byte             { return append(o.b, '}') }

// msgID appends a 64-bit id as a string, "0x" and 16 hex digits, as the
// readable form prints it (DESIGN §7): jq and JavaScript read JSON
// numbers as float64, which would change an id above 2^53.
func (o *jsonObj) msgID(k string, v uint64) {
	const digits = "0123456789abcdef"
	o.key(k)
	o.b = append(o.b, '"', '0', 'x')
	for shift := 60; shift >= 0; shift -= 4 {
		o.b = append(o.b, digits[v>>uint(shift)&0xf])
	}
	o.b = append(o.b, '"')
}

// octets appends an octet string: a JSON string with trailing NULs
// removed when it is text, {"hex": …} otherwise.
func (o *jsonObj) octets(k string, b []byte) {
	o.key(k)
	o.b = appendOctets(o.b, b)
}

func appendOctets(b, v []byte) []byte {
	if t := trimNUL(v); isText(t) {
		return appendJSONString(b, string(t))
	}
	return appendHexObj(b, v)
}

func appendHexObj(b, v []byte) []byte {
	b = append(b, `{"hex":"`...)
	b = hex.AppendEncode(b, v)
	return append(b, `"}`...)
}

// appendJSONString appends s as a JSON string. Control characters are
// escaped; an invalid UTF-8 sequence (which the callers never pass)
// becomes U+FFFD rather than invalid JSON.
func appendJSONString(b []byte, s string) []byte {
	const digits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', digits[c>>4], digits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, digits[r&0xf])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}

// appendPDUJSON appends the JSON form of a decoded PDU (no newline).
func appendPDUJSON(b []byte, v cmpp.Version, h cmpp.Header, p cmpp.Packet) []byte {
	o := newObj(b)
	o.uint("Total_Length", uint64(h.TotalLength))
	o.str("Command_Id", h.CommandID.String())
	o.uint("Sequence_Id", uint64(h.SequenceID))
	fields, known := fieldsOf(v, h.CommandID)
	if !known {
		if raw, ok := p.(*cmpp.Raw); ok {
			o.key(keyBody)
			o.b = appendHexObj(o.b, raw.Body)
		}
		return o.end()
	}
	appendFieldsJSON(&o, fields, reflect.ValueOf(p).Elem(), analyze(p))
	return o.end()
}

// appendFieldsJSON appends the fields of a body or a report in wire order.
func appendFieldsJSON(o *jsonObj, fields []layout.Field, v reflect.Value, c *content) {
	for _, f := range fields {
		fv := v.FieldByName(f.GoName)
		switch f.Kind {
		case layout.Num:
			o.uint(f.Name, fv.Uint())
		case layout.MsgID:
			o.msgID(f.Name, fv.Uint())
		case layout.Int:
			o.int(f.Name, fv.Int())
		case layout.Octets, layout.Auth:
			o.octets(f.Name, octetsOf(fv))
		case layout.Raw:
			// Right-aligned (FWD Source_Id, Destination_Id): encode pads a
			// short value on the left with '0', so trailing NULs are data.
			o.key(f.Name)
			if b := fv.Bytes(); isText(b) {
				o.b = appendJSONString(o.b, string(b))
			} else {
				o.b = appendHexObj(o.b, b)
			}
		case layout.Count:
			o.uint(f.Name, uint64(fv.Len()))
		case layout.Repeat:
			o.key(f.Name)
			o.b = append(o.b, '[')
			for i := range fv.Len() {
				if i > 0 {
					o.b = append(o.b, ',')
				}
				o.b = appendOctets(o.b, fv.Index(i).Bytes())
			}
			o.b = append(o.b, ']')
		case layout.Content:
			appendContentJSON(o, f.Name, c)
		}
	}
}

// appendContentJSON appends Msg_Content and, after it, what it holds:
// "UDH", "Report" or "MOReport".
func appendContentJSON(o *jsonObj, name string, c *content) {
	o.key(name)
	m := newObj(o.b)
	m.key("hex")
	m.b = append(m.b, '"')
	m.b = hex.AppendEncode(m.b, c.raw)
	m.b = append(m.b, '"')
	if c.isText {
		m.str("text", c.text)
	}
	o.b = m.end()

	if c.hasUDH {
		o.key(keyUDH)
		u := newObj(o.b)
		if c.udhErr != nil {
			u.str("error", c.udhErr.Error())
		} else {
			u.key("hex")
			u.b = append(u.b, '"')
			u.b = hex.AppendEncode(u.b, c.raw[:c.udhLen])
			u.b = append(u.b, '"')
			if cc := c.udh.Concat; c.udh.HasConcat {
				u.uint("IEI", uint64(cc.IEI))
				u.uint("Ref", uint64(cc.Ref.N))
				u.uint("Total", uint64(cc.Total))
				u.uint("Number", uint64(cc.Number))
			}
		}
		o.b = u.end()
	}
	if c.reportKey != "" {
		o.key(c.reportKey)
		r := newObj(o.b)
		if c.reportErr != nil {
			r.str("error", c.reportErr.Error())
		} else {
			appendFieldsJSON(&r, c.reportFields, c.report, nil)
		}
		o.b = r.end()
	}
}
