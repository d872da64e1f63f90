package cmpp

// The spec's field tables (spec reference §6–§8), written out once as test
// data. They drive the golden dumps, the truncation sweep and the body
// length checks, so a field that is misplaced in the codec shows up in
// three tests at once. Nothing here is used by the codec itself.

import (
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/go-cmpp/cmpp/internal/layout"
)

type layoutField = layout.Field

const (
	kNum     = layout.Num
	kInt     = layout.Int
	kMsgID   = layout.MsgID
	kOctets  = layout.Octets
	kRaw     = layout.Raw
	kAuth    = layout.Auth
	kCount   = layout.Count
	kRepeat  = layout.Repeat
	kContent = layout.Content
)

// layouts is layout.Tables keyed by CommandID.
var layouts = func() map[CommandID][]layoutField {
	m := map[CommandID][]layoutField{}
	for id, fs := range layout.Tables {
		m[CommandID(id)] = fs
	}
	return m
}()

// specBodyLen is the body length column of spec reference §4 for the fixed
// PDUs, and the fixed part for the variable ones.
var specBodyLen = map[CommandID]int{
	CmdConnect: 27, CmdConnectResp: 21, CmdTerminate: 0, CmdTerminateResp: 0,
	CmdSubmit: 151, CmdSubmitResp: 12, CmdDeliver: 97, CmdDeliverResp: 12,
	CmdQuery: 27, CmdQueryResp: 51, CmdCancel: 8, CmdCancelResp: 4,
	CmdActiveTest: 0, CmdActiveTestResp: 1, CmdFwd: 252, CmdFwdResp: 14,
	CmdMTRoute: 27, CmdMTRouteResp: 65, CmdMORoute: 41, CmdMORouteResp: 78,
	CmdGetMTRoute: 14, CmdGetMTRouteResp: 73, CmdMTRouteUpdate: 51, CmdMTRouteUpdateResp: 19,
	CmdMORouteUpdate: 74, CmdMORouteUpdateResp: 19, CmdPushMTRouteUpdate: 65, CmdPushMTRouteUpdateResp: 1,
	CmdPushMORouteUpdate: 88, CmdPushMORouteUpdateResp: 1, CmdGetMORoute: 14, CmdGetMORouteResp: 96,
}

// TestLayoutLengths checks the layout tables against the spec's body
// lengths (variable parts at zero), and the codec's bodyLen against both.
func TestLayoutLengths(t *testing.T) {
	var d Decoder
	for id, want := range specBodyLen {
		fixed := 0
		for _, f := range layouts[id] {
			if f.Kind != kRepeat && f.Kind != kContent {
				fixed += f.Width
			}
		}
		if fixed != want {
			t.Errorf("%v: layout table sums to %d, spec says %d", id, fixed, want)
		}
		if got := d.packet(id).bodyLen(); got != want {
			t.Errorf("%v: zero-value bodyLen() = %d, want %d", id, got, want)
		}
	}
	if len(layouts) != 32 || len(specBodyLen) != 32 {
		t.Errorf("tables cover %d/%d PDUs, want 32", len(layouts), len(specBodyLen))
	}
}

// span is one field of a decoded PDU: where it is, what it holds, and
// its kind in the layout table (Num for the header and report fields).
type span struct {
	name       string
	off, width int
	value      string
	kind       layout.Kind
	reserve    bool // a Reserve field: not cut at its first 0x00
}

// spans lays out a decoded PDU field by field in wire order, using the
// layout table and the values of the decoded struct: the header, then the
// body, with a status report expanded after Msg_Content.
func spans(t testing.TB, h Header, p Packet) []span { return spansAs(t, Version30, h, p) }

// spansAs is spans with the layout table of version v.
func spansAs(t testing.TB, ver Version, h Header, p Packet) []span {
	t.Helper()
	out := []span{
		{name: "Total_Length", off: 0, width: 4, value: fmt.Sprint(h.TotalLength)},
		{name: "Command_Id", off: 4, width: 4, value: h.CommandID.String()},
		{name: "Sequence_Id", off: 8, width: 4, value: fmt.Sprint(h.SequenceID)},
	}
	lay, ok := layout.For(uint8(ver), uint32(h.CommandID))
	if !ok {
		t.Fatalf("no layout for %v", h.CommandID)
	}
	v := reflect.ValueOf(p).Elem()
	off := HeaderLen
	for _, f := range lay {
		fv := v.FieldByName(f.GoName)
		if !fv.IsValid() {
			t.Fatalf("%v: no Go field %s for %s", h.CommandID, f.GoName, f.Name)
		}
		switch f.Kind {
		case kCount:
			out = append(out, span{f.Name, off, f.Width, fmt.Sprint(fv.Len()), f.Kind, false})
		case kRepeat:
			for i := range fv.Len() {
				out = append(out, span{f.Name, off, f.Width, renderOctets(fv.Index(i).Bytes()), f.Kind, false})
				off += f.Width
			}
			continue
		case kContent:
			c := fv.Bytes()
			out = append(out, span{f.Name, off, len(c), "hex:" + hex.EncodeToString(c), f.Kind, false})
			out = append(out, reportSpans(t, p, off)...)
			off += len(c)
			continue
		default:
			out = append(out, span{f.Name, off, f.Width, renderValue(f, fv), f.Kind, f.IsReserve()})
		}
		off += f.Width
	}
	return out
}

// renderValue prints one fixed-width field in the .golden format.
func renderValue(f layoutField, fv reflect.Value) string {
	switch f.Kind {
	case kNum:
		return fmt.Sprint(fv.Uint())
	case kInt:
		return fmt.Sprint(fv.Int())
	case kMsgID:
		return fmt.Sprintf("0x%016x", fv.Uint())
	case kAuth:
		b := make([]byte, fv.Len())
		reflect.Copy(reflect.ValueOf(b), fv)
		return "hex:" + hex.EncodeToString(b)
	}
	return renderOctets(fv.Bytes())
}

// reportSpans expands the status report in a DELIVER's or FWD's content,
// laid out by layout.Report, Report20 or MOReport from off.
func reportSpans(t testing.TB, p Packet, off int) []span {
	var v reflect.Value
	var fields []layoutField
	prefix := "Report."
	report := func(r Report, err error) {
		if err == nil {
			v, fields = reflect.ValueOf(r), layout.Report
			if r.Len == ReportLen20 {
				fields = layout.Report20
			}
		}
	}
	switch p := p.(type) {
	case *Deliver:
		report(p.Report())
	case *Fwd:
		report(p.Report())
		if r, err := p.MOReport(); err == nil {
			v, fields, prefix = reflect.ValueOf(r), layout.MOReport, "MOReport."
		}
	}
	var out []span
	for _, f := range fields {
		fv := v.FieldByName(f.GoName)
		if !fv.IsValid() {
			t.Fatalf("no Go field %s for %s", f.GoName, f.Name)
		}
		out = append(out, span{name: prefix + f.Name, off: off, width: f.Width, value: renderValue(f, fv)})
		off += f.Width
	}
	return out
}

// renderOctets prints a decoded Octet String: quoted when it is plain
// printable ASCII, hex otherwise.
func renderOctets(b []byte) string {
	for _, c := range b {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return "hex:" + hex.EncodeToString(b)
		}
	}
	return `"` + string(b) + `"`
}

// dump renders spans in the .golden format.
func dump(ss []span) string {
	var sb strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&sb, "%04d %d %s %s\n", s.off, s.width, s.name, s.value)
	}
	return sb.String()
}
