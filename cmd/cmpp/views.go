package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/internal/layout"
)

// What encode does with the views of Msg_Content (DESIGN §7): Msg_Content
// is built from its "hex" alone, its "text" alone (encoded per Msg_Fmt,
// after the "UDH"'s "hex" when TP_udhi is set), or, with no Msg_Content,
// from "Report" or "MOReport". Then everything else that was given about
// the content, "text", "UDH", "Report", "MOReport", must say what decode
// would print for the octets: a view that disagrees is an error naming
// it, never silently ignored. Keys left out of a UDH or report object are
// not checked.

// udhFields are the members of the "UDH" object, as appendContentJSON
// writes them.
var udhFields = []layout.Field{
	{Name: "hex", Kind: layout.Content},
	{Name: "IEI", Width: 1, Kind: layout.Num},
	{Name: "Ref", Width: 2, Kind: layout.Num},
	{Name: "Total", Width: 1, Kind: layout.Num},
	{Name: "Number", Width: 1, Kind: layout.Num},
}

// checkViews checks the views given in obj against what decode makes of
// the content of p.
func checkViews(id cmpp.CommandID, p cmpp.Packet, obj map[string]json.RawMessage) error {
	c := analyze(p)
	if c == nil {
		return nil
	}
	fail := func(field string, format string, args ...any) error {
		return &cmpp.EncodeError{Command: id, Field: field, Err: fmt.Errorf("%w: "+format, append([]any{cmpp.ErrInvalid}, args...)...)}
	}
	if raw, ok := obj["Msg_Content"]; ok {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil && m["hex"] != nil && m["text"] != nil {
			var text string
			if err := json.Unmarshal(m["text"], &text); err != nil {
				return fail("Msg_Content.text", "\"text\" must be a string")
			}
			switch {
			case !c.isText:
				return fail("Msg_Content.text", "given, but \"hex\" has no text (%s): leave \"text\" out", c.noText)
			case text != c.text:
				return fail("Msg_Content.text", "%s disagrees with \"hex\", which reads %s: give one, or both in agreement", quoteAbbrev(text), quoteAbbrev(c.text))
			}
		}
	}

	// The views as decode prints them, to compare with.
	var mine map[string]json.RawMessage
	o := newObj(nil)
	appendContentJSON(&o, "Msg_Content", c)
	if err := json.Unmarshal(o.end(), &mine); err != nil {
		return fmt.Errorf("cmpp: the JSON of Msg_Content does not parse (a bug in cmpp): %v", err)
	}
	if raw, ok := obj[keyUDH]; ok {
		if !c.hasUDH {
			return fail(keyUDH, "given, but TP_udhi says Msg_Content has no User Data Header")
		}
		if err := sameObject(keyUDH, raw, mine[keyUDH], udhFields); err != nil {
			return &cmpp.EncodeError{Command: id, Field: keyUDH, Err: err}
		}
	}
	for _, key := range []string{keyReport, keyMOReport} {
		raw, ok := obj[key]
		if !ok {
			continue
		}
		if c.reportKey != key {
			return fail(key, "given, but %s", noReport(p))
		}
		if err := sameObject(key, raw, mine[key], c.reportFields); err != nil {
			return &cmpp.EncodeError{Command: id, Field: key, Err: err}
		}
	}
	return nil
}

// noReport says why p carries no report of the kind given.
func noReport(p cmpp.Packet) string {
	switch p := p.(type) {
	case *cmpp.Deliver:
		return fmt.Sprintf("Registered_Delivery is %d: a DELIVER carries a status report only with Registered_Delivery 1", p.RegisteredDelivery)
	case *cmpp.Fwd:
		return fmt.Sprintf("Msg_Fwd_Type is %d: a FWD carries a Report with Msg_Fwd_Type 2 and an MOReport with 3", p.MsgFwdType)
	}
	return p.CommandID().String() + " carries no report"
}

// sameObject compares an object given to encode (a UDH or a report) with
// the one decode prints for the content: every key given must be one
// decode can print and hold the same value; {"error": …} agrees with a
// view that does not parse.
func sameObject(what string, given, mine json.RawMessage, fields []layout.Field) error {
	var g, m map[string]json.RawMessage
	if err := json.Unmarshal(given, &g); err != nil {
		return fmt.Errorf("%w: want an object", cmpp.ErrInvalid)
	}
	if err := json.Unmarshal(mine, &m); err != nil {
		return fmt.Errorf("cmpp: %s does not parse (a bug in cmpp): %v", what, err)
	}
	allowed := []string{"error"}
	for _, f := range fields {
		allowed = append(allowed, f.Name)
	}
	keys := make([]string, 0, len(g))
	for k := range g {
		if !slices.Contains(allowed, k) {
			return fmt.Errorf("%w: %s.%s is not a member of %s (they are: %s)", cmpp.ErrInvalid, what, k, what, strings.Join(allowed, ", "))
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	_, gErr := g["error"]
	_, mErr := m["error"]
	switch {
	case gErr && !mErr:
		return fmt.Errorf("%w: given as an error, but Msg_Content holds one that parses: %s", cmpp.ErrInvalid, mine)
	case mErr && !gErr:
		return fmt.Errorf("%w: disagrees with Msg_Content, which does not hold one that parses: %s", cmpp.ErrInvalid, abbrev(string(m["error"])))
	case mErr:
		return nil
	}
	for _, f := range fields {
		gv, ok := g[f.Name]
		if !ok {
			continue
		}
		if !sameValue(f, gv, m[f.Name]) {
			return fmt.Errorf("%w: %s.%s is %s, but Msg_Content holds %s", cmpp.ErrInvalid, what, f.Name, abbrev(string(gv)), abbrev(string(m[f.Name])))
		}
	}
	return nil
}

// sameValue compares two JSON values of field f by what they mean: an
// integer given as a number or a string, octets as a string or {"hex"}.
func sameValue(f layout.Field, given, mine json.RawMessage) bool {
	if mine == nil {
		return false
	}
	switch f.Kind {
	case layout.Num, layout.MsgID:
		a, err := parseUint(given, 64)
		b, err2 := parseUint(mine, 64)
		return err == nil && err2 == nil && a == b
	case layout.Int:
		a, err := parseInt(given, 64)
		b, err2 := parseInt(mine, 64)
		return err == nil && err2 == nil && a == b
	case layout.Content:
		a, err := parseHexString(given)
		b, err2 := parseHexString(mine)
		return err == nil && err2 == nil && bytes.Equal(a, b)
	}
	a, err := parseOctets(given)
	b, err2 := parseOctets(mine)
	return err == nil && err2 == nil && bytes.Equal(trimNUL(a), trimNUL(b))
}

// quoteAbbrev quotes a text for an error message, shortened.
func quoteAbbrev(s string) string {
	if r := []rune(s); len(r) > 24 {
		s = string(r[:21]) + "..."
	}
	return fmt.Sprintf("%q", s)
}

// udhPrefix returns the octets of the "UDH" object's "hex", for a text
// given with TP_udhi set.
func udhPrefix(obj map[string]json.RawMessage) ([]byte, error) {
	raw, ok := obj[keyUDH]
	if !ok {
		return nil, errors.New("missing")
	}
	var u map[string]json.RawMessage
	if err := json.Unmarshal(raw, &u); err != nil || u["hex"] == nil {
		return nil, errors.New(`want {"hex": "…"}`)
	}
	return parseHexString(u["hex"])
}
