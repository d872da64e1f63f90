package main

import (
	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/internal/layout"
)

// afterNUL returns the spec names of the fixed-width strings of a
// decoded PDU, in the layouts of version v, that hold other octets after
// their first 0x00. The 0x00
// padding ends a string (spec reference §1, DESIGN §3), so the decoder
// leaves such octets out and re-encoding writes the canonical padding:
// the PDU does not come back byte for byte, and decode says so. Reserve
// and Reserved fields (undefined octets, not strings), the right-aligned
// FWD gateway codes and Msg_Content are not cut and not checked. A
// status report inside Msg_Content is checked too ("Report.Stat").
func afterNUL(pdu []byte, v cmpp.Version, h cmpp.Header, p cmpp.Packet) []string {
	fields, known := fieldsOf(v, h.CommandID)
	if !known || len(pdu) < cmpp.HeaderLen {
		return nil
	}
	var bad []string
	var content []byte
	walk(pdu[cmpp.HeaderLen:], fields, "", &bad, &content)
	if c := analyze(p); c != nil && c.reportKey != "" && c.reportErr == nil {
		rf := c.reportFields
		if c.reportKey == keyReport && c.reportLen == cmpp.ReportLen20 {
			rf = layout.Report20
		}
		walk(content, rf, c.reportKey+".", &bad, nil)
	}
	return bad
}

// walk checks the fields of body laid out as fields, adding the names of
// those with octets after a 0x00 to bad, and sets *content to the
// Msg_Content octets. It stops quietly where body is too short (the PDU
// decoded, so it is not).
func walk(body []byte, fields []layout.Field, prefix string, bad *[]string, content *[]byte) {
	off, n, l := 0, 0, 0
	for _, f := range fields {
		w := f.Width
		switch f.Kind {
		case layout.Repeat:
			w *= n
		case layout.Content:
			w = l
		}
		if off+w > len(body) {
			return
		}
		v := body[off : off+w]
		switch f.Kind {
		case layout.Count:
			if f.Name == "Msg_Length" {
				l = int(v[0])
			} else {
				n = int(v[0])
			}
		case layout.Octets:
			if f.Name != "Reserve" && f.Name != "Reserved" && junkAfterNUL(v) {
				*bad = append(*bad, prefix+f.Name)
			}
		case layout.Repeat:
			for i := 0; i < n; i++ {
				if junkAfterNUL(v[i*f.Width : (i+1)*f.Width]) {
					*bad = append(*bad, prefix+f.Name)
					break
				}
			}
		case layout.Content:
			if content != nil {
				*content = v
			}
		}
		off += w
	}
}

// junkAfterNUL reports whether v has a non-zero octet after its first
// 0x00.
func junkAfterNUL(v []byte) bool {
	for i, c := range v {
		if c == 0 {
			for _, d := range v[i+1:] {
				if d != 0 {
					return true
				}
			}
			return false
		}
	}
	return false
}
