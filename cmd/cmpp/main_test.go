package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/internal/layout"
)

// The golden files in testdata were checked by eye against the spec
// reference (field names, widths, values, Msg_Id parts, report layouts);
// -update rewrites them from the current output, which must then be
// checked again before it is committed.
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// fixtureDir holds the module's hand-built golden fixtures.
const fixtureDir = "../../testdata/packets"

// cmd runs the tool end to end through run.
func cmd(t testing.TB, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), got, "output differs from %s (go test -update rewrites it)", path)
}

// fixtures returns the name and octets of every hand-built fixture.
func fixtures(t testing.TB) (names []string, pdus [][]byte) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.hex"))
	if err != nil || len(files) < 32 {
		t.Fatalf("found %d fixtures in %s (%v), want at least 32", len(files), fixtureDir, err)
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var got [][]byte
		if err := readHex(f, bytes.NewReader(data), func(u unit) {
			if u.err != nil {
				t.Fatalf("%s: %v", u.loc, u.err)
			}
			got = append(got, bytes.Clone(u.pdu))
		}); err != nil || len(got) != 1 {
			t.Fatalf("%s: want one PDU, got %d (%v)", f, len(got), err)
		}
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".hex"))
		pdus = append(pdus, got[0])
	}
	return names, pdus
}

// sampleFixtures are the fixtures the built-in sample is made of, in order.
var sampleFixtures = []string{"connect", "connect_resp", "submit", "submit_resp", "deliver_report71", "deliver_report_resp", "active_test", "terminate"}

// TestSampleMatchesFixtures checks that the embedded sample is made of
// verbatim copies of the hand-built fixtures (comments included), so that
// the sample is never output of our own encoder.
func TestSampleMatchesFixtures(t *testing.T) {
	var want strings.Builder
	for _, name := range sampleFixtures {
		data, err := os.ReadFile(filepath.Join(fixtureDir, name+".hex"))
		if err != nil {
			t.Fatal(err)
		}
		want.Write(data)
	}
	i := strings.Index(sample, "# connect: ")
	if i < 0 {
		t.Fatal("sample.hex does not start its PDUs with the connect fixture")
	}
	if sample[i:] != want.String() {
		t.Errorf("sample.hex after its header is not the concatenation of %v", sampleFixtures)
	}
	for _, line := range strings.Split(sample[:i], "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			t.Errorf("sample.hex header has a non-comment line %q", line)
		}
	}
}

// TestSample is the newcomer's first command: decode with no input.
func TestSample(t *testing.T) {
	out, errs, code := cmd(t, "", "decode")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if !strings.Contains(errs, "built-in sample") {
		t.Errorf("stderr does not say the sample is decoded: %q", errs)
	}
	golden(t, "sample.golden", out)
	if n := strings.Count(out, "\n#"); n != len(sampleFixtures)-1 {
		t.Errorf("%d PDU blocks, want %d", n+1, len(sampleFixtures))
	}
	for _, want := range []string{
		"#3 CMPP_SUBMIT seq=2 len=219",
		`"您好，欢迎使用移动梦网！"`,
		"0x110c414003e90001 (01-02 03:04:05 gw=1001 seq=1)",
		"Report                    (71-octet 3.0 layout)",
		`"DELIVRD" (delivered)`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sample output lacks %q", want)
		}
	}
}

// TestSampleJSON checks the JSON form of the sample against its golden
// file, and the key rules of DESIGN §7 on every line.
func TestSampleJSON(t *testing.T) {
	out, errs, code := cmd(t, "", "decode", "-json")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	golden(t, "sample.json.golden", out)
	checkJSONLines(t, out)
}

// checkJSONLines checks every line of decode -json output: valid JSON,
// keys in wire order (the spec table's order), repeated fields as
// arrays, Msg_Content as {"hex", "text"}.
func checkJSONLines(t *testing.T, out string) { t.Helper(); checkJSONLinesAs(t, cmpp.Version30, out) }

// checkJSONLinesAs is checkJSONLines for PDUs laid out as version v.
func checkJSONLinesAs(t *testing.T, v cmpp.Version, out string) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		keys := topKeys(t, line)
		if len(keys) < 3 || keys[0] != "Total_Length" || keys[1] != "Command_Id" || keys[2] != "Sequence_Id" {
			t.Errorf("header keys %v, want Total_Length, Command_Id, Sequence_Id first: %s", keys, line)
			continue
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatal(err)
		}
		var name string
		json.Unmarshal(obj["Command_Id"], &name)
		id, ok := cmpp.ParseCommandID(name)
		if !ok {
			t.Errorf("Command_Id %q does not parse", name)
			continue
		}
		fields, known := fieldsOf(v, id)
		if !known {
			continue
		}
		var want []string
		for _, f := range fields {
			want = append(want, f.Name)
		}
		var got []string
		for _, k := range keys[3:] {
			if k != keyUDH && k != keyReport && k != keyMOReport {
				got = append(got, k)
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%v keys\n got %v\nwant %v", id, got, want)
		}
		for _, f := range fields {
			switch f.Kind {
			case layout.Repeat:
				if !bytes.HasPrefix(obj[f.Name], []byte("[")) {
					t.Errorf("%v %s is not an array: %s", id, f.Name, obj[f.Name])
				}
			case layout.Content:
				var c map[string]string
				if err := json.Unmarshal(obj[f.Name], &c); err != nil || c["hex"] == "" && obj[f.Name] != nil && !bytes.Contains(obj[f.Name], []byte(`"hex":""`)) {
					t.Errorf("%v Msg_Content is not {\"hex\": …}: %s", id, obj[f.Name])
				}
			}
		}
	}
}

// topKeys returns the keys of the JSON object in line, in order.
func topKeys(t *testing.T, line string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", line)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// TestRoundTripFixtures is the contract of the JSON form: decode -json
// then encode gives back every hand-built fixture byte for byte, and the
// human form decodes every fixture without an error.
func TestRoundTripFixtures(t *testing.T) {
	names, pdus := fixtures(t)
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(fixtureDir, name+".hex")
			js, errs, code := cmd(t, "", "decode", "-json", file)
			if code != 0 || strings.Count(js, "\n") != 1 {
				t.Fatalf("decode -json: exit %d, %d lines, stderr:\n%s", code, strings.Count(js, "\n"), errs)
			}
			checkJSONLines(t, js)
			hexOut, errs, code := cmd(t, js, "encode")
			if code != 0 {
				t.Fatalf("encode: exit %d, stderr:\n%s", code, errs)
			}
			if got := strings.TrimSuffix(hexOut, "\n"); got != hex.EncodeToString(pdus[i]) {
				t.Errorf("decode -json | encode differs\ngot  %s\nwant %x\njson %s", got, pdus[i], js)
			}
			// Through a tool that reads numbers as float64, as jq and
			// JavaScript do: the 64-bit ids are strings, so nothing changes.
			var generic map[string]any
			require.NoError(t, json.Unmarshal([]byte(js), &generic))
			viaFloat, err := json.Marshal(generic)
			require.NoError(t, err)
			hexOut, errs, code = cmd(t, string(viaFloat), "encode")
			assert.Zero(t, code, errs)
			assert.Equal(t, hex.EncodeToString(pdus[i])+"\n", hexOut, "through float64 numbers")
			// -raw on encode writes the same octets.
			rawOut, _, code := cmd(t, js, "encode", "-raw")
			if code != 0 || rawOut != string(pdus[i]) {
				t.Errorf("encode -raw: exit %d, octets differ", code)
			}
			if _, errs, code := cmd(t, "", "decode", file); code != 0 {
				t.Errorf("decode: exit %d, stderr:\n%s", code, errs)
			}
		})
	}
}

// TestFixturesGolden pins the human form of the fixtures the sample does
// not show: FWD and its reports, long messages, the 2.0 report, GNS.
func TestFixturesGolden(t *testing.T) {
	var args []string
	for _, name := range []string{
		"submit_3dest_udh", "deliver_mo", "deliver_report60", "query_resp", "cancel_resp",
		"fwd_mt", "fwd_mo", "fwd_report", "fwd_moreport", "fwd_resp",
		"get_mt_route", "get_mt_route_resp", "push_mo_route_update",
	} {
		args = append(args, filepath.Join(fixtureDir, name+".hex"))
	}
	out, errs, code := cmd(t, "", append([]string{"decode"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	golden(t, "fixtures.golden", out)
	js, _, _ := cmd(t, "", append([]string{"decode", "-json"}, args...)...)
	golden(t, "fixtures.json.golden", js)
	checkJSONLines(t, js)
}

// TestRaw decodes a binary stream of every fixture back to back, framed
// by Total_Length, and compares it with decoding the hex files.
func TestRaw(t *testing.T) {
	names, pdus := fixtures(t)
	var stream []byte
	var files []string
	for i, name := range names {
		stream = append(stream, pdus[i]...)
		files = append(files, filepath.Join(fixtureDir, name+".hex"))
	}
	want, _, code := cmd(t, "", append([]string{"decode", "-json"}, files...)...)
	if code != 0 {
		t.Fatal("decode -json of the fixtures failed")
	}
	got, errs, code := cmd(t, string(stream), "decode", "-raw", "-json", "-")
	if code != 0 {
		t.Fatalf("decode -raw: exit %d, stderr:\n%s", code, errs)
	}
	assert.Equal(t, want, got, "decode -raw -json of the stream differs from decoding the hex files")
	// The human form of the sample's octets as a stream is the sample's.
	var sampleStream []byte
	readHex("sample", strings.NewReader(sample), func(u unit) { sampleStream = append(sampleStream, u.pdu...) })
	human, _, code := cmd(t, string(sampleStream), "decode", "-raw", "-")
	wantHuman, _, _ := cmd(t, "", "decode")
	assert.Zero(t, code)
	assert.Equal(t, wantHuman, human, "decode -raw of the sample stream differs from the sample")
	// A stream of the whole round trip: encode -raw gives the stream back.
	back, _, code := cmd(t, got, "encode", "-raw")
	if code != 0 || !bytes.Equal([]byte(back), stream) {
		t.Errorf("decode -raw -json | encode -raw does not give the stream back")
	}
}

// TestRawBrokenStream: a stream cut inside a PDU, and one with a
// Total_Length out of range, decode what comes before and exit 1.
func TestRawBrokenStream(t *testing.T) {
	_, pdus := fixtures(t)
	whole := append(append([]byte{}, pdus[0]...), pdus[1]...)
	for _, tc := range []struct {
		name, stream, errWant string
		pdusBefore            int
	}{
		{"cut", string(whole[:len(whole)-3]), "offset " + strconv.Itoa(len(pdus[0])) + ": the stream ends inside a PDU", 1},
		{"cut in header", string(whole[:len(pdus[0])+5]), "the stream ends inside a PDU", 1},
		{"total length", string(pdus[0]) + "\x00\x00\x20\x00\x00\x00\x00\x04rest", "Total_Length 8192 outside [12, 4096] (cannot find the next PDU; stopping)", 1},
		{"total length 0", "\x00\x00\x00\x00\x00\x00\x00\x01", "Total_Length 0 outside", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := cmd(t, tc.stream, "decode", "-raw", "-json", "-")
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(errs, tc.errWant) {
				t.Errorf("stderr %q lacks %q", errs, tc.errWant)
			}
			if n := strings.Count(out, "\n"); n != tc.pdusBefore {
				t.Errorf("%d PDUs decoded before the break, want %d", n, tc.pdusBefore)
			}
		})
	}
}

// TestMalformed: PDUs that do not decode are reported with field and
// offset, decoding carries on, and the exit status is 1.
func TestMalformed(t *testing.T) {
	const file = "testdata/malformed.hex"
	out, errs, code := cmd(t, "", "decode", file)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	golden(t, "malformed.golden", out)
	assert.Equal(t, "cmpp: 10 of 15 PDUs did not decode\n", errs)
	for _, want := range []string{
		"Dest_terminal_Id at offset 205: truncated",
		"Msg_Content at offset 89: truncated",
		"#15 CMPP_TERMINATE seq=9 len=12", // carried on to the end
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}

	// With -json, standard output holds only the PDUs that decode, and
	// the errors go to standard error with their place in the input.
	js, errs, code := cmd(t, "", "decode", "-json", file)
	if code != 1 {
		t.Errorf("-json: exit %d, want 1", code)
	}
	golden(t, "malformed.json.golden", js)
	golden(t, "malformed.json.stderr.golden", errs)
	checkJSONLines(t, js)
	if _, _, code := cmd(t, js, "encode"); code != 0 {
		t.Errorf("the PDUs that decoded do not encode again")
	}
}

// TestHexForms feeds one PDU in the forms gateway logs print.
func TestHexForms(t *testing.T) {
	const want = `{"Total_Length":24,"Command_Id":"CMPP_SUBMIT_RESP","Sequence_Id":2,"Msg_Id":"0x110c414003e90001","Result":0}` + "\n"
	for _, in := range []string{
		"000000188000000400000002110c414003e9000100000000",
		"00000018 80000004 00000002 110c414003e90001 00000000",
		"0x000000188000000400000002110c414003e9000100000000",
		"0x00000018 0x80000004 0x00000002 0X110C414003E90001 0x00000000",
		"00 00 00 18 80 00 00 04 00 00 00 02 11 0c 41 40 03 e9 00 01 00 00 00 00",
		"\t00000018\t80000004 00000002   110C414003E90001 00000000   ",
		"000000188000000400000002110c414003e9000100000000\r",
		"000000188000000400000002110c414003e9000100000000 # SUBMIT_RESP, seq 2",
		"# a comment line\n\n   \n000000188000000400000002110c414003e9000100000000\n# trailing comment\n",
		"# CRLF file\r\n\r\n00000018 80000004\t00000002 110c414003e90001 00000000\r\n",
	} {
		out, errs, code := cmd(t, in, "decode", "-json", "-")
		if code != 0 || out != want {
			t.Errorf("input %q:\nexit %d, stdout %q, stderr %q", in, code, out, errs)
		}
	}
	for in, errWant := range map[string]string{
		"00000018 8000000g": "stdin:1: #1: invalid hex: 'g' at column 17",
		"0000001":           "stdin:1: #1: invalid hex: odd number of digits",
		"\n\n00:00:00:0c":   "stdin:3: #1: invalid hex: ':' at column 3",
		"0x0x0c":            "stdin:1: #1: invalid hex: 'x' at column 4",
		"0000000c\xe4":      "invalid hex: octet 0xe4 at column 9",
	} {
		_, errs, code := cmd(t, in, "decode", "-json", "-")
		if code != 1 || !strings.Contains(errs, errWant) {
			t.Errorf("input %q: exit %d, stderr %q, want %q", in, code, errs, errWant)
		}
	}
}

// TestUsage covers -h, help, and the exit status 2 of usage errors.
func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		out, err string // substrings of stdout and stderr
	}{
		{[]string{"-h"}, 0, "cmpp decode [-json] [-raw] [-version 2.0|2.1|3.0] [FILE|-]...", ""},
		{[]string{"--help"}, 0, "Usage:", ""},
		{[]string{"help"}, 0, "cmpp encode [-raw] [-version 2.0|2.1|3.0] [FILE|-]...", ""},
		{[]string{"help", "decode"}, 0, "usage: cmpp decode", ""},
		{[]string{"help", "encode"}, 0, "usage: cmpp encode", ""},
		{[]string{"decode", "-h"}, 0, "usage: cmpp decode", ""},
		{[]string{"encode", "-help"}, 0, "usage: cmpp encode", ""},
		{nil, 2, "", "Usage:"},
		{[]string{"decrypt"}, 2, "", `unknown command "decrypt"`},
		{[]string{"help", "me"}, 2, "", `unknown topic "me"`},
		{[]string{"decode", "-xml"}, 2, "", "flag provided but not defined: -xml"},
		{[]string{"encode", "-json"}, 2, "", "flag provided but not defined: -json"},
		{[]string{"decode", "testdata/no-such-file.hex"}, 1, "", "no such file"},
		{[]string{"encode", "testdata/no-such-file.json"}, 1, "", "no such file"},
	} {
		out, errs, code := cmd(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) {
			t.Errorf("cmpp %v: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)",
				tc.args, code, tc.code, abbrev(out), tc.out, abbrev(errs), tc.err)
		}
	}
	// Flags may follow the file; "--" ends the flags.
	file := filepath.Join(fixtureDir, "submit_resp.hex")
	a, _, _ := cmd(t, "", "decode", file, "-json")
	b, _, _ := cmd(t, "", "decode", "-json", "--", file)
	if a == "" || a != b || !strings.HasPrefix(a, "{") {
		t.Errorf("decode FILE -json and decode -json -- FILE differ: %q, %q", a, b)
	}
}

// TestNewPacketCoversTables: encode has a Go type for every Command_Id of
// the spec tables, of the right command.
func TestNewPacketCoversTables(t *testing.T) {
	for id := range layout.Tables {
		p := cmpp.NewPacket(cmpp.CommandID(id))
		if p == nil || p.CommandID() != cmpp.CommandID(id) {
			t.Errorf("cmpp.NewPacket(%v) = %v", cmpp.CommandID(id), p)
		}
	}
}

// TestReportTables checks the two report tables of this package against
// the spec's lengths (71 and 60 octets).
func TestReportTables(t *testing.T) {
	for _, tc := range []struct {
		fields []layout.Field
		want   int
	}{{reportFields, cmpp.ReportLen}, {moReportFields, cmpp.MOReportLen}} {
		n := 0
		for _, f := range tc.fields {
			n += f.Width
		}
		if n != tc.want {
			t.Errorf("report table %v sums to %d octets, want %d", tc.fields[1:3], n, tc.want)
		}
	}
}

// TestTablesMatchGoTypes checks that every field of the spec tables (and
// of the two report tables here) has a Go field of its width, so that
// reflection can never set a value into a narrower field, or miss one.
func TestTablesMatchGoTypes(t *testing.T) {
	check := func(what string, fields []layout.Field, typ reflect.Type) {
		for _, f := range fields {
			sf, ok := typ.FieldByName(f.GoName)
			if !ok {
				t.Errorf("%s %s: no Go field %s", what, f.Name, f.GoName)
				continue
			}
			ft := sf.Type
			switch f.Kind {
			case layout.Num, layout.MsgID, layout.Int:
				if ft.Bits() != 8*f.Width {
					t.Errorf("%s %s: Go field %s is %v, %d bits for %d octets", what, f.Name, f.GoName, ft, ft.Bits(), f.Width)
				}
			case layout.Auth:
				if ft.Kind() != reflect.Array || ft.Len() != f.Width {
					t.Errorf("%s %s: Go field %s is %v, want [%d]byte", what, f.Name, f.GoName, ft, f.Width)
				}
			case layout.Octets, layout.Raw, layout.Content:
				if ft != reflect.TypeFor[[]byte]() {
					t.Errorf("%s %s: Go field %s is %v, want []byte", what, f.Name, f.GoName, ft)
				}
			case layout.Repeat:
				if ft != reflect.TypeFor[[][]byte]() {
					t.Errorf("%s %s: Go field %s is %v, want [][]byte", what, f.Name, f.GoName, ft)
				}
			case layout.Count:
				if ft.Kind() != reflect.Slice {
					t.Errorf("%s %s counts %s, which is not a slice", what, f.Name, f.GoName)
				}
			}
		}
	}
	for id, fields := range layout.Tables {
		p := cmpp.NewPacket(cmpp.CommandID(id))
		check(cmpp.CommandID(id).String(), fields, reflect.TypeOf(p).Elem())
	}
	check("Report", reportFields, reflect.TypeFor[cmpp.Report]())
	check("MOReport", moReportFields, reflect.TypeFor[cmpp.MOReport]())
}
