package main

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-cmpp/cmpp"
)

// fixture20Dir holds the hand-built CMPP 2.0 fixtures.
const fixture20Dir = "../../testdata/packets20"

// fixtures20 returns the names and octets of the 2.0 fixtures.
func fixtures20(t *testing.T) (names []string, pdus map[string][]byte) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(fixture20Dir, "*.hex"))
	if len(files) < 10 {
		t.Fatalf("found %d 2.0 fixtures", len(files))
	}
	sort.Strings(files)
	pdus = map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var hexLine string
		for _, l := range strings.Split(string(data), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				hexLine = strings.ReplaceAll(l, " ", "")
			}
		}
		b, err := hex.DecodeString(hexLine)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".hex")
		names = append(names, name)
		pdus[name] = b
	}
	return names, pdus
}

// TestVersion20Fixtures decodes every 2.0 fixture with -version 2.0 and
// 2.1: the JSON has the 2.0 spec's fields, and encode -version gives the
// octets back; the human form is pinned in a golden file.
func TestVersion20Fixtures(t *testing.T) {
	names, pdus := fixtures20(t)
	var args []string
	for _, name := range names {
		file := filepath.Join(fixture20Dir, name+".hex")
		args = append(args, file)
		for _, ver := range []string{"2.0", "2.1"} {
			js, errs, code := cmd(t, "", "decode", "-json", "-version", ver, file)
			if code != 0 {
				t.Fatalf("%s as %s: exit %d, stderr:\n%s", name, ver, code, errs)
			}
			v, _ := parseVersion(ver)
			checkJSONLinesAs(t, v, js)
			if strings.Contains(js, "LinkID") || strings.Contains(js, "_type") {
				t.Errorf("%s: 2.0 JSON has 3.0-only fields: %s", name, js)
			}
			out, errs, code := cmd(t, js, "encode", "-version", ver)
			if code != 0 || strings.TrimSpace(out) != hex.EncodeToString(pdus[name]) {
				t.Errorf("%s as %s: decode -json | encode: exit %d, %s\nstderr %s", name, ver, code, out, errs)
			}
		}
	}
	out, errs, code := cmd(t, "", append([]string{"decode", "-version", "2.0"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	golden(t, "packets20.golden", out)
	js, _, _ := cmd(t, "", append([]string{"decode", "-json", "-version", "2.0"}, args...)...)
	golden(t, "packets20.json.golden", js)
	for _, want := range []string{`"Reserve":"RSV-0001"`, `"Reserved":""`} {
		if !strings.Contains(js, want) {
			t.Errorf("2.0 JSON lacks %s", want)
		}
	}
	// Without -version, a 2.0 SUBMIT does not decode, and says why.
	_, errs, code = cmd(t, "", "decode", "-json", filepath.Join(fixture20Dir, "submit.hex"))
	if code != 1 || !strings.Contains(errs, "decode with Version20") {
		t.Errorf("2.0 SUBMIT as 3.0: exit %d, stderr %s", code, errs)
	}
}

// TestVersionFollowsLogin: in a stream, the CONNECT's Version decides the
// layout of what follows, for decode and for encode.
func TestVersionFollowsLogin(t *testing.T) {
	_, pdus := fixtures20(t)
	var in strings.Builder
	var want []string
	for _, name := range []string{"connect", "connect_resp", "submit", "submit_resp", "deliver_report", "deliver_resp", "cancel_resp"} {
		in.WriteString(hex.EncodeToString(pdus[name]) + "\n")
		want = append(want, hex.EncodeToString(pdus[name]))
	}
	out, errs, code := cmd(t, in.String(), "decode", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s\n%s", code, errs, out)
	}
	if n := strings.Count(out, "(CMPP 2.0 layout)"); n != 6 {
		t.Errorf("%d PDUs shown in the 2.0 layout, want 6 (all after the CONNECT):\n%s", n, out)
	}
	js, errs, code := cmd(t, in.String(), "decode", "-json", "-")
	if code != 0 {
		t.Fatalf("decode -json: exit %d, stderr:\n%s", code, errs)
	}
	hexOut, errs, code := cmd(t, js, "encode")
	if code != 0 || strings.TrimSpace(hexOut) != strings.Join(want, "\n") {
		t.Errorf("decode -json | encode of a 2.0 session: exit %d\n%s\nstderr %s", code, hexOut, errs)
	}

	// A 3.0 CONNECT_RESP to a 2.0 CONNECT (the server's highest version)
	// leaves the session at 2.0; a 3.0 login switches back.
	f := newFollower(cmpp.Version30)
	for _, step := range []struct {
		p    cmpp.Packet
		want cmpp.Version
	}{
		{&cmpp.Connect{Version: cmpp.Version20}, cmpp.Version20},
		{&cmpp.ConnectResp{Version: cmpp.Version30}, cmpp.Version20},
		{&cmpp.Submit{}, cmpp.Version20},
		{&cmpp.Connect{Version: 0x99}, cmpp.Version20}, // unknown: ignored
		{&cmpp.Connect{Version: cmpp.Version30}, cmpp.Version30},
		{&cmpp.ConnectResp{Version: cmpp.Version21}, cmpp.Version21},
	} {
		f.see(step.p)
		if f.cur != step.want {
			t.Errorf("after %T %+v: version %v, want %v", step.p, step.p, f.cur, step.want)
		}
	}
	g := newFollower(cmpp.Version30)
	g.see(&cmpp.ConnectResp{Version: cmpp.Version20}) // no CONNECT seen: the answer decides
	if g.cur != cmpp.Version20 {
		t.Errorf("CONNECT_RESP alone: %v", g.cur)
	}
}

func TestVersionFlag(t *testing.T) {
	_, errs, code := cmd(t, "", "decode", "-version", "4.0", "-")
	if code != 2 || !strings.Contains(errs, "want 2.0, 2.1 or 3.0") {
		t.Errorf("-version 4.0: exit %d, stderr %s", code, errs)
	}
	out, _, _ := cmd(t, "", "help", "decode")
	if !strings.Contains(out, "-version V") {
		t.Error("help decode does not document -version")
	}
}

// TestEncodeReport20: a "Report" without Msg_Content goes into a 2.x
// DELIVER in the 60-octet form.
func TestEncodeReport20(t *testing.T) {
	js := `{"Command_Id":"CMPP_DELIVER","Registered_Delivery":1,"Report":{"Msg_Id":1,"Stat":"DELIVRD","Dest_terminal_Id":"13800138000"}}`
	out, errs, code := cmd(t, js, "encode", "-version", "2.0")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	b, _ := hex.DecodeString(strings.TrimSpace(out))
	_, p, err := cmpp.Version20.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	d := p.(*cmpp.Deliver)
	if r, err := d.Report(); len(d.MsgContent) != cmpp.ReportLen20 || err != nil || r.MsgID != 1 || string(r.DestTerminalID) != "13800138000" {
		t.Errorf("2.0 report: %d octets, %+v, %v", len(d.MsgContent), r, err)
	}
	long := strings.Replace(js, "13800138000", "8613800138000123456789", 1) // 22 octets
	if _, errs, code := cmd(t, long, "encode", "-version", "2.0"); code != 1 || !strings.Contains(errs, "Report.Dest_terminal_Id") {
		t.Errorf("22-octet report number in 2.0: exit %d, stderr %s", code, errs)
	}
	// 3.0-only fields are refused in 2.0, naming the field.
	if _, errs, code := cmd(t, `{"Command_Id":"CMPP_SUBMIT","LinkID":"x"}`, "encode", "-version", "2.0"); code != 1 || !strings.Contains(errs, "LinkID") {
		t.Errorf("LinkID in 2.0: exit %d, stderr %s", code, errs)
	}
}
