package main

import (
	"errors"
	"reflect"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
	"github.com/go-cmpp/cmpp/encoding"
	"github.com/go-cmpp/cmpp/internal/layout"
)

// The PDU bodies come from layout.Tables, the spec's field tables, read
// with reflection; the reports inside Msg_Content from layout.Report and
// layout.MOReport. A 60-octet report is shown with the 71-octet names (its
// Dest_terminal_Id is simply shorter).
var (
	reportFields   = layout.Report
	moReportFields = layout.MOReport
)

// Keys of the JSON form that are not spec field names.
const (
	keyReport   = "Report"   // the status report in Msg_Content
	keyMOReport = "MOReport" // the MO report in a FWD's Msg_Content
	keyUDH      = "UDH"      // the User Data Header at the start of Msg_Content
	keyBody     = "Body"     // the body of a Command_Id the spec does not define
)

// fieldsOf returns the spec table of a body laid out as version v (the
// 2.x tables for the PDUs CMPP 2.0/2.1 lays out differently), and false
// for a Command_Id the spec does not define.
func fieldsOf(v cmpp.Version, id cmpp.CommandID) ([]layout.Field, bool) {
	return layout.For(uint8(v), uint32(id))
}

// content is what the tool makes of a Msg_Content besides its octets.
type content struct {
	raw []byte

	text   string // the text, per Msg_Fmt, of the octets after any UDH
	isText bool
	noText string // why there is no text, for the human form

	hasUDH bool // TP_udhi says a UDH comes first (and no report is expected)
	udhLen int  // its length; 0 when it does not parse
	udh    concat.UDH
	udhErr error

	reportKey    string // keyReport or keyMOReport, or "" when none is expected
	reportFields []layout.Field
	report       reflect.Value // the cmpp.Report or cmpp.MOReport
	reportLen    int           // the layout it was parsed from (71 or 60)
	reportErr    error
}

// analyze looks inside the Msg_Content of p, if it has one.
func analyze(p cmpp.Packet) *content {
	var c content
	var mf cmpp.MsgFmt
	var udhi uint8
	switch p := p.(type) {
	case *cmpp.Submit:
		c.raw, mf, udhi = p.MsgContent, p.MsgFmt, p.TPUDHI
	case *cmpp.Deliver:
		c.raw, mf, udhi = p.MsgContent, p.MsgFmt, p.TPUDHI
		if p.RegisteredDelivery == 1 {
			r, err := p.Report()
			c.setReport(keyReport, reportFields, &r, r.Len, err)
		}
	case *cmpp.Fwd:
		c.raw, mf, udhi = p.MsgContent, p.MsgFmt, p.TPUDHI
		switch p.MsgFwdType {
		case cmpp.FwdMTReport:
			r, err := p.Report()
			c.setReport(keyReport, reportFields, &r, r.Len, err)
		case cmpp.FwdMOReport:
			r, err := p.MOReport()
			c.setReport(keyMOReport, moReportFields, &r, cmpp.MOReportLen, err)
		}
	default:
		return nil
	}
	if c.reportKey != "" {
		c.noText = "status report"
		return &c
	}
	payload := c.raw
	if concat.HasUDHI(udhi) {
		c.hasUDH = true
		var err error
		payload, c.udh, err = concat.Payload(udhi, c.raw)
		if err != nil {
			c.udhErr = err
			c.noText = "the User Data Header does not parse"
			return &c
		}
		c.udhLen = c.udh.Len
	}
	codec, ok := encoding.ForFmt(mf)
	switch {
	case !ok:
		c.noText = "Msg_Fmt " + strconv.Itoa(int(mf)) + " has no text coding"
	case mf == cmpp.FmtBinary || mf == cmpp.FmtSIM:
		c.noText = "binary"
	default:
		t, err := encoding.DecodeString(codec, payload)
		if err != nil {
			c.noText = "not " + mf.String() + ": " + err.Error()
		} else {
			c.text, c.isText = t, true
		}
	}
	return &c
}

func (c *content) setReport(key string, fields []layout.Field, r any, n int, err error) {
	c.reportKey, c.reportFields, c.reportErr = key, fields, err
	if err == nil {
		c.report, c.reportLen = reflect.ValueOf(r).Elem(), n
	}
}

// isText reports whether octets may be shown as a string: valid UTF-8
// without control characters (DESIGN §7).
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// octetsOf returns the octets of a []byte or [N]byte field.
func octetsOf(v reflect.Value) []byte {
	if v.Kind() == reflect.Array {
		b := make([]byte, v.Len())
		reflect.Copy(reflect.ValueOf(b), v)
		return b
	}
	return v.Bytes()
}

// trimNUL drops trailing 0x00 octets (a [N]byte field keeps its padding;
// the JSON form drops it, as for every octet string).
func trimNUL(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// specError pulls the field and the reason out of a library error, for
// lines that already say which PDU they are about.
func specError(err error) string {
	var ee *cmpp.EncodeError
	if errors.As(err, &ee) && ee.Field != "" {
		return ee.Field + ": " + ee.Err.Error()
	}
	return err.Error()
}
