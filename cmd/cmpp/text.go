package main

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/go-cmpp/cmpp/internal/layout"
)

// The human form: a header line per PDU, then one line per field with the
// value in a column, nested lines for what Msg_Content holds.
const (
	valueCol   = 30 // column of the values
	hexPerLine = 32 // octets of hex per line
)

// textWriter builds the human form of one PDU.
type textWriter struct {
	sb strings.Builder
}

// line writes a field line: indent, name padded to the value column, value.
func (w *textWriter) line(indent int, name, value string) {
	w.sb.WriteString(strings.Repeat(" ", indent))
	w.sb.WriteString(name)
	if pad := valueCol - indent - len(name); pad > 0 {
		w.sb.WriteString(strings.Repeat(" ", pad))
	} else {
		w.sb.WriteByte(' ')
	}
	w.sb.WriteString(value)
	w.sb.WriteByte('\n')
}

// hexLines writes b as hex, hexPerLine octets per line, the first under
// name and the rest aligned under it.
func (w *textWriter) hexLines(indent int, name string, b []byte) {
	if len(b) == 0 {
		w.line(indent, name, "(none)")
		return
	}
	for len(b) > 0 {
		n := min(len(b), hexPerLine)
		w.line(indent, name, hex.EncodeToString(b[:n]))
		b, name = b[n:], ""
	}
}

// writePDU writes the human form of a decoded PDU, numbered n, read from
// the octets pdu in the layouts of version v.
func writePDU(w *textWriter, n int, pdu []byte, v cmpp.Version, h cmpp.Header, p cmpp.Packet) {
	fields, known := fieldsOf(v, h.CommandID)
	fmt.Fprintf(&w.sb, "#%d %v seq=%d len=%d", n, h.CommandID, h.SequenceID, h.TotalLength)
	if !known {
		w.sb.WriteString(" (a Command_Id CMPP 3.0 does not define)\n")
		if raw, ok := p.(*cmpp.Raw); ok {
			w.hexLines(2, keyBody, raw.Body)
		}
		return
	}
	w.sb.WriteString(layoutNote(v) + "\n")
	writeFields(w, 2, h.CommandID, fields, reflect.ValueOf(p).Elem(), analyze(p))
	if err := validateAs(v, p); err != nil {
		w.line(2, "warning", "breaks the spec: "+specError(err))
	}
	if bad := afterNUL(pdu, v, h, p); len(bad) > 0 {
		w.line(2, "warning", paddingNote(bad))
	}
}

// paddingNote says what afterNUL found.
func paddingNote(fields []string) string {
	return "octets after the 0x00 that ends " + strings.Join(fields, ", ") +
		": not part of the value, so encode writes the canonical padding, not these octets"
}

// writeFields writes the fields of a body or a report in wire order.
func writeFields(w *textWriter, indent int, cmd cmpp.CommandID, fields []layout.Field, v reflect.Value, c *content) {
	for _, f := range fields {
		fv := v.FieldByName(f.GoName)
		switch f.Kind {
		case layout.Num:
			w.line(indent, f.Name, numText(cmd, f, fv))
		case layout.Int:
			w.line(indent, f.Name, strconv.FormatInt(fv.Int(), 10))
		case layout.MsgID:
			w.line(indent, f.Name, msgIDText(cmpp.MsgID(fv.Uint())))
		case layout.Octets, layout.Raw:
			w.line(indent, f.Name, octetsText(fv.Bytes())+timeText(f.Name, fv.Bytes()))
		case layout.Auth:
			w.line(indent, f.Name, "hex "+hex.EncodeToString(octetsOf(fv)))
		case layout.Count:
			w.line(indent, f.Name, strconv.Itoa(fv.Len()))
		case layout.Repeat:
			for i := range fv.Len() {
				w.line(indent, f.Name, octetsText(fv.Index(i).Bytes()))
			}
		case layout.Content:
			writeContent(w, indent, f.Name, c)
		}
	}
}

// writeContent writes Msg_Content: its text (or why there is none) on the
// field line, then the UDH, the report and the hex, nested.
func writeContent(w *textWriter, indent int, name string, c *content) {
	switch {
	case len(c.raw) == 0:
		w.line(indent, name, "(empty)")
		return
	case c.isText:
		w.line(indent, name, strconv.Quote(c.text))
	default:
		w.line(indent, name, "("+c.noText+")")
	}
	in := indent + 2
	if c.hasUDH {
		w.line(in, "UDH", udhText(c))
	}
	if c.reportKey != "" {
		if c.reportErr != nil {
			w.line(in, c.reportKey, "error: "+c.reportErr.Error())
		} else {
			layoutName := "71-octet 3.0 layout"
			switch {
			case c.reportKey == keyMOReport:
				layoutName = "60 octets"
			case c.reportLen == cmpp.ReportLen20:
				layoutName = "60-octet 2.0 layout"
			}
			w.line(in, c.reportKey, "("+layoutName+")")
			writeFields(w, in+2, 0, c.reportFields, c.report, nil)
		}
	}
	w.hexLines(in, "hex", c.raw)
}

// udhText describes the User Data Header of c.
func udhText(c *content) string {
	if c.udhErr != nil {
		return "error: " + c.udhErr.Error()
	}
	s := hex.EncodeToString(c.raw[:c.udhLen])
	if !c.udh.HasConcat {
		return s + " (no concatenation element)"
	}
	cc := c.udh.Concat
	ref := "8-bit reference " + strconv.Itoa(int(cc.Ref.N))
	if cc.Ref.Wide {
		ref = "16-bit reference " + strconv.Itoa(int(cc.Ref.N))
		if cc.IEI != concat.IEIConcat16 {
			ref += fmt.Sprintf(", non-standard IEI 0x%02x", cc.IEI)
		}
	}
	return fmt.Sprintf("%s (part %d of %d, %s)", s, cc.Number, cc.Total, ref)
}

// numText formats an unsigned field, with the meaning of its value where
// the library names it (Msg_Fmt 8 (UCS2), Result 0 (success), …).
func numText(cmd cmpp.CommandID, f layout.Field, v reflect.Value) string {
	n := v.Uint()
	s := strconv.FormatUint(n, 10)
	switch x := v.Interface().(type) {
	case cmpp.Version:
		return fmt.Sprintf("0x%02x (%v)", n, x)
	case fmt.Stringer:
		return s + " (" + x.String() + ")"
	}
	if cmd == cmpp.CmdConnect && f.Name == "Timestamp" {
		if t := fmt.Sprintf("%010d", n); len(t) == 10 {
			return s + " (" + t[0:2] + "-" + t[2:4] + " " + t[4:6] + ":" + t[6:8] + ":" + t[8:10] + ")"
		}
	}
	return s
}

// msgIDText formats a Msg_Id as hex, with its parts unless it is 0 (what
// an SP sends in a SUBMIT).
func msgIDText(id cmpp.MsgID) string {
	if id == 0 {
		return id.String()
	}
	return id.String() + " (" + id.Parts().String() + ")"
}

// octetsText shows an octet string quoted when it is text and as hex
// otherwise; a Stat gets its meaning.
func octetsText(b []byte) string {
	if !isText(b) {
		return "hex " + hex.EncodeToString(b)
	}
	s := strconv.Quote(string(b))
	if m := cmpp.StatText(b); m != "" { // a Stat value (spec reference §6.8.1)
		s += " (" + m + ")"
	}
	return s
}

// timeText reads the time fields: the status report times, YYMMDDHHMM in
// China Standard Time (spec reference §5.15), and ValId_Time, Valid_Time
// and At_Time, SMPP 3.3 times (§5.14). It returns " (…)" to follow the
// value, or "" for another field or an empty value.
func timeText(field string, b []byte) string {
	if len(b) == 0 {
		return ""
	}
	switch field {
	case "Submit_time", "Done_time", "CMPP_DELIVER_time", "CMPP_DELIVER_RESP_time":
		t, err := cmpp.ParseReportTime(b)
		if err != nil {
			return " (not a YYMMDDHHMM time)"
		}
		return " (" + t.Format("2006-01-02 15:04 MST") + ")"
	case "ValId_Time", "Valid_Time", "At_Time":
		t, err := cmpp.ParseSMPPTime(b, time.Time{})
		switch {
		case err != nil:
			return " (not an SMPP time)"
		case b[len(b)-1] == 'R':
			return " (relative: YY MM DD hh mm ss after the gateway received it)"
		}
		return " (" + t.Format("2006-01-02 15:04:05.0 -07:00") + ")"
	}
	return ""
}

// writeFailure writes the human form of a PDU that did not decode: what
// its header says, the error, and a dump of the octets with the offsets
// the error counts in, the octet it names marked.
func writeFailure(w *textWriter, n int, u unit, err error) {
	fmt.Fprintf(&w.sb, "#%d %s (%s)\n", n, headerText(u.pdu), u.loc)
	w.line(2, "error", errText(err))
	if u.pdu == nil {
		return
	}
	mark := -1
	var de *cmpp.DecodeError
	if errors.As(err, &de) {
		mark = de.Offset
	}
	w.line(2, "octets", strconv.Itoa(len(u.pdu)))
	for off := 0; off < len(u.pdu); off += 16 {
		row := u.pdu[off:min(off+16, len(u.pdu))]
		var sb, caret strings.Builder
		for i, b := range row {
			sep := " "
			if i == 8 {
				sep = "  "
			}
			if i > 0 {
				sb.WriteString(sep)
				caret.WriteString(sep)
			}
			fmt.Fprintf(&sb, "%02x", b)
			if off+i == mark {
				caret.WriteString("^^")
			} else {
				caret.WriteString("  ")
			}
		}
		fmt.Fprintf(&w.sb, "    %04d  %s\n", off, sb.String())
		if mark >= off && mark < off+len(row) {
			fmt.Fprintf(&w.sb, "          %s offset %d\n", strings.TrimRight(caret.String(), " "), mark)
		}
	}
	if mark >= len(u.pdu) {
		fmt.Fprintf(&w.sb, "          (offset %d is just past the last octet)\n", mark)
	}
}

// headerText shows what the header of a PDU that did not decode says,
// read straight from its octets (as far as there are any).
func headerText(pdu []byte) string {
	switch {
	case pdu == nil:
		return "?"
	case len(pdu) < 4:
		return "?"
	case len(pdu) < 8:
		return fmt.Sprintf("? len=%d", binary.BigEndian.Uint32(pdu))
	case len(pdu) < cmpp.HeaderLen:
		return fmt.Sprintf("%v len=%d", cmpp.CommandID(binary.BigEndian.Uint32(pdu[4:])), binary.BigEndian.Uint32(pdu))
	}
	return fmt.Sprintf("%v seq=%d len=%d", cmpp.CommandID(binary.BigEndian.Uint32(pdu[4:])),
		binary.BigEndian.Uint32(pdu[8:]), binary.BigEndian.Uint32(pdu))
}
