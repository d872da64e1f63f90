package main

import (
	"bytes"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleSubmit is the JSON of the sample's SUBMIT, to break in the tests.
const sampleSubmit = `{"Total_Length":219,"Command_Id":"CMPP_SUBMIT","Sequence_Id":2,"Msg_Id":0,"Pk_total":1,"Pk_number":1,"Registered_Delivery":1,"Msg_level":1,"Service_Id":"MNEWS","Fee_UserType":3,"Fee_terminal_Id":"13900139000","Fee_terminal_type":0,"TP_pId":0,"TP_udhi":0,"Msg_Fmt":8,"Msg_src":"901234","FeeType":"02","FeeCode":"000010","ValId_Time":"250103030405032+","At_Time":"250102040000032+","Src_Id":"1065712345","DestUsr_tl":1,"Dest_terminal_Id":["13800138000"],"Dest_terminal_type":0,"Msg_Length":24,"Msg_Content":{"hex":"60a8597dff0c6b228fce4f7f752879fb52a868a67f51ff01","text":"您好，欢迎使用移动梦网！"},"LinkID":"A1B2C3D4E5F607182930"}`

// fixtureHex returns the octets of a fixture as hex.
func fixtureHex(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name+".hex"))
	if err != nil {
		t.Fatal(err)
	}
	var out string
	readHex(name, strings.NewReader(string(data)), func(u unit) { out = hex.EncodeToString(u.pdu) })
	return out
}

// TestEncodeRefuses: an object that disagrees with itself, or a value
// that does not fit, is an error naming the field; encode reports it with
// its line, carries on with the next object, and exits 1.
func TestEncodeRefuses(t *testing.T) {
	good := fixtureHex(t, "submit")
	if out, errs, code := cmd(t, sampleSubmit, "encode"); code != 0 || out != good+"\n" {
		t.Fatalf("the unbroken SUBMIT does not encode to the fixture: exit %d, %q, %s", code, out, errs)
	}
	for _, tc := range []struct {
		name, from, to, errWant string
	}{
		{"Msg_Length disagrees", `"Msg_Length":24`, `"Msg_Length":25`,
			"encode CMPP_SUBMIT: Msg_Length: invalid value: 25, but Msg_Content has 24 octets"},
		{"DestUsr_tl disagrees", `"DestUsr_tl":1`, `"DestUsr_tl":2`,
			"encode CMPP_SUBMIT: DestUsr_tl: invalid value: 2, but Dest_terminal_Id has 1 elements"},
		{"Total_Length disagrees", `"Total_Length":219`, `"Total_Length":220`,
			"encode CMPP_SUBMIT: Total_Length: invalid value: 220, but the PDU is 219 octets"},
		{"over-long Service_Id", `"Service_Id":"MNEWS"`, `"Service_Id":"MNEWS-NEWS1"`,
			"encode CMPP_SUBMIT: Service_Id: value too long for field: 11 octets, field holds 10"},
		{"over-long Dest_terminal_Id", `["13800138000"]`, `["123456789012345678901234567890123"]`,
			"encode CMPP_SUBMIT: Dest_terminal_Id: value too long for field: 33 octets, field holds 32"},
		{"over-long hex octets", `"Msg_src":"901234"`, `"Msg_src":{"hex":"39303132333435"}`,
			"Msg_src: value too long for field: 7 octets, field holds 6"},
		{"Msg_Fmt too big", `"Msg_Fmt":8`, `"Msg_Fmt":256`,
			"encode CMPP_SUBMIT: Msg_Fmt: value too long for field: 256 does not fit 1 octet(s)"},
		{"negative", `"Pk_total":1`, `"Pk_total":-1`, "Pk_total: invalid value: want an unsigned integer, got -1"},
		{"fraction", `"Msg_Id":0`, `"Msg_Id":1.5`, "Msg_Id: invalid value: want an unsigned integer, got 1.5"},
		{"exponent", `"Msg_Id":0`, `"Msg_Id":1e3`, "Msg_Id: invalid value: want an unsigned integer, got 1e3"},
		{"misspelt field", `"TP_pId":0`, `"TP_pid":0`, "encode CMPP_SUBMIT: TP_pid: not a field of CMPP_SUBMIT"},
		{"not an array", `["13800138000"]`, `"13800138000"`, "Dest_terminal_Id: invalid value: want an array"},
		{"bad hex", `"hex":"60a8`, `"hex":"6xa8`, "Msg_Content: invalid value: bad \"hex\""},
		{"unknown Command_Id name", `"CMPP_SUBMIT"`, `"CMPP_SUMBIT"`, `Command_Id: invalid value: "CMPP_SUMBIT" is not a CMPP 3.0 command name`},
		{"no Command_Id", `"Command_Id":"CMPP_SUBMIT",`, ``, "Command_Id: missing"},
		{"text for binary", `"Msg_Fmt":8`, `"Msg_Fmt":4`, `encode CMPP_SUBMIT: Msg_Content.text: invalid value: given, but "hex" has no text (binary): leave "text" out`},
		{"text disagrees with hex", `欢迎使用`, `欢迎光临`, `Msg_Content.text: invalid value: "您好，欢迎光临移动梦网！" disagrees with "hex", which reads "您好，欢迎使用移动梦网！"`},
		{"UDH without TP_udhi", `"LinkID"`, `"UDH":{"hex":"050003010201"},"LinkID"`, "UDH: invalid value: given, but TP_udhi says Msg_Content has no User Data Header"},
		{"Report in a SUBMIT", `"LinkID"`, `"Report":{"Stat":"DELIVRD"},"LinkID"`, "Report: invalid value: given, but CMPP_SUBMIT carries no report"},
		{"content key", `"text":"您好`, `"txt":"您好`, `Msg_Content: invalid value: unknown key "txt"`},
		{"not an object", sampleSubmit, `["CMPP_SUBMIT"]`, "want a JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(sampleSubmit, tc.from, tc.to, 1)
			if bad == sampleSubmit {
				t.Fatalf("%q is not in the sample SUBMIT", tc.from)
			}
			// The broken object on line 2, between two good ones.
			in := sampleSubmit + "\n" + bad + "\n" + sampleSubmit + "\n"
			out, errs, code := cmd(t, in, "encode")
			if tc.errWant == "" {
				if code != 0 {
					t.Errorf("exit %d, stderr %s", code, errs)
				}
				return
			}
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.HasPrefix(errs, "cmpp: stdin:2: ") || !strings.Contains(errs, tc.errWant) {
				t.Errorf("stderr\n%s\nwant it to start with cmpp: stdin:2: and hold\n%s", errs, tc.errWant)
			}
			assert.Equal(t, 1, strings.Count(errs, "cmpp:"), "cmpp: printed more than once: %s", errs)
			if out != good+"\n"+good+"\n" {
				t.Errorf("the good objects around the bad one were not both encoded: %q", out)
			}
		})
	}
}

// TestEncodeForms covers what encode accepts besides decode's own output.
func TestEncodeForms(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"defaults: only Command_Id and Sequence_Id",
			`{"Command_Id":"CMPP_ACTIVE_TEST_RESP","Sequence_Id":7}`, "0000000d800000080000000700"},
		{"derived fields left out, text only (UCS2)",
			`{"Command_Id":"CMPP_DELIVER","Sequence_Id":1,"Msg_Fmt":8,"Msg_Content":{"text":"你好"}}`,
			"000000710000000500000001" + strings.Repeat("00", 41) + "08" + strings.Repeat("00", 34) + "04" + "4f60597d" + strings.Repeat("00", 20)},
		{"text only (GB)",
			`{"Command_Id":"CMPP_DELIVER","Sequence_Id":1,"Msg_Fmt":15,"Msg_Content":{"text":"你好"}}`,
			"000000710000000500000001" + strings.Repeat("00", 41) + "0f" + strings.Repeat("00", 34) + "04" + "c4e3bac3" + strings.Repeat("00", 20)},
		{"Msg_Id as hex string, largest uint64 as a number",
			`{"Command_Id":"CMPP_SUBMIT_RESP","Sequence_Id":2,"Msg_Id":"0x110C414003E90001","Result":0}` + "\n" +
				`{"Command_Id":"CMPP_CANCEL","Sequence_Id":3,"Msg_Id":18446744073709551615}`,
			"000000188000000400000002110c414003e9000100000000\n00000014000000070000000" + "3ffffffffffffffff"},
		{"Msg_Id just above 2^53 keeps its last bit",
			`{"Command_Id":"CMPP_CANCEL","Sequence_Id":3,"Msg_Id":9007199254740993}`,
			"00000014000000070000000300200000000000" + "01"},
		{"Last_route_Id -1 and as a string",
			`{"Command_Id":"CMPP_GET_MO_ROUTE","Sequence_Id":1,"Source_Id":"079101","Route_type":"MO","Last_route_Id":-1}` + "\n" +
				`{"Command_Id":"CMPP_GET_MO_ROUTE","Sequence_Id":1,"Source_Id":"079101","Route_type":"MO","Last_route_Id":"-1"}`,
			"0000001a000000170000000130373931303" + "14d4f0000ffffffff\n0000001a000000170000000130373931303" + "14d4f0000ffffffff"},
		{"Command_Id as a number",
			`{"Command_Id":2147483657,"Sequence_Id":1,"Msg_Id":1,"Pk_total":1,"Pk_number":1,"Result":0}`,
			"0000001a800000090000000100000000000000010101" + "00000000"},
		{"every integer as a string",
			`{"Command_Id":"0x80000009","Sequence_Id":"1","Msg_Id":"1","Pk_total":"0x01","Pk_number":"1","Result":"0","Total_Length":"26"}`,
			"0000001a800000090000000100000000000000010101" + "00000000"},
		{"undefined Command_Id with a Body",
			`{"Total_Length":16,"Command_Id":"CMPP_0x00000003","Sequence_Id":1,"Body":{"hex":"00000000"}}`,
			"00000010000000030000000100000000"},
		{"null is left out",
			`{"Command_Id":"CMPP_TERMINATE","Sequence_Id":null,"Total_Length":null}`, "0000000c0000000200000000"},
		{"pretty-printed over several lines, with comments",
			"# a crafted PDU\n{\n  \"Command_Id\": \"CMPP_SUBMIT_RESP\",\n  # the sequence\n  \"Sequence_Id\": 2,\n  \"Msg_Id\": 1228428541564616705\n}\n\n",
			"000000188000000400000002110c414003e9000100000000"},
		{"several objects on a line",
			`{"Command_Id":"CMPP_TERMINATE","Sequence_Id":1} {"Command_Id":"CMPP_TERMINATE_RESP","Sequence_Id":1}`,
			"0000000c0000000200000001\n0000000c8000000200000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := cmd(t, tc.in, "encode")
			want := tc.want
			if code != 0 || out != want+"\n" {
				t.Errorf("exit %d, stderr %q\n got %q\nwant %q", code, errs, out, want+"\n")
			}
		})
	}
}

// TestEncodeReport: a status report given as a "Report" object with no
// Msg_Content is encoded into the content (the 71-octet form); given with
// Msg_Content it is informational.
func TestEncodeReport(t *testing.T) {
	want := fixtureHex(t, "deliver_report71")
	in := `{"Command_Id":"CMPP_DELIVER","Sequence_Id":100002,"Msg_Id":1228465375204158077,"Dest_Id":"1065712345","Service_Id":"MNEWS","Src_terminal_Id":"13800138000","Registered_Delivery":1,` +
		`"Report":{"Msg_Id":"0x110c414003e90001","Stat":"DELIVRD","Submit_time":"2501020304","Done_time":"2501020306","Dest_terminal_Id":"13800138000","SMSC_sequence":305419896},"LinkID":"A1B2C3D4E5F607182930"}`
	out, errs, code := cmd(t, in, "encode")
	if code != 0 || out != want+"\n" {
		t.Errorf("exit %d, stderr %q\n got %s\nwant %s", code, errs, out, want)
	}
	// Registered_Delivery 0: the DELIVER carries no report to put it in.
	_, errs, code = cmd(t, strings.Replace(in, `"Registered_Delivery":1`, `"Registered_Delivery":0`, 1), "encode")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "Report: invalid value: given, but Registered_Delivery is 0")
	moWant := fixtureHex(t, "fwd_moreport")
	js, _, _ := cmd(t, "", "decode", "-json", filepath.Join(fixtureDir, "fwd_moreport.hex"))
	i, j := strings.Index(js, `"Msg_Content"`), strings.Index(js, `"MOReport"`)
	noContent := js[:i] + js[j:]
	if out, errs, code := cmd(t, noContent, "encode"); code != 0 || out != moWant+"\n" {
		t.Errorf("MOReport without Msg_Content: exit %d, stderr %q\n got %s\nwant %s", code, errs, out, moWant)
	}
	// An MOReport that disagrees with Msg_Content is an error naming it.
	disagrees := strings.Replace(strings.TrimSuffix(js, "\n"), `"Stat":"DELIVRD"`, `"Stat":"UNDELIV"`, 1)
	_, errs, code = cmd(t, disagrees, "encode")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, `encode CMPP_FWD: MOReport: invalid value: MOReport.Stat is "UNDELIV", but Msg_Content holds "DELIVRD"`)
	for _, tc := range []struct{ report, errWant string }{
		{`{"Stat":"DELIVERED"}`, "Report.Stat: value too long for field: 9 octets, field holds 7"},
		{`{"Sat":"DELIVRD"}`, "Report.Sat: not a field of Report"},
		{`{"error":"cmpp: decode CMPP_DELIVER: …"}`, "Report.error: not a field of Report"},
	} {
		in := `{"Command_Id":"CMPP_DELIVER","Registered_Delivery":1,"Report":` + tc.report + `}`
		_, errs, code := cmd(t, in, "encode")
		if code != 1 || !strings.Contains(errs, tc.errWant) {
			t.Errorf("Report %s: exit %d, stderr %q, want %q", tc.report, code, errs, tc.errWant)
		}
	}
}

// TestEncodeTextRefused: "text" alone cannot give a UDH or binary content.
func TestEncodeTextRefused(t *testing.T) {
	for in, errWant := range map[string]string{
		`{"Command_Id":"CMPP_SUBMIT","Msg_Fmt":4,"Msg_Content":{"text":"AB"}}`:                               "Msg_Content: invalid value: Msg_Fmt 4 (binary) has no text coding: give \"hex\"",
		`{"Command_Id":"CMPP_SUBMIT","Msg_Fmt":8,"TP_udhi":1,"Msg_Content":{"text":"你好"}}`:                   "Msg_Content: invalid value: TP_udhi says the content starts with a User Data Header",
		`{"Command_Id":"CMPP_SUBMIT","Msg_Fmt":0,"Msg_Content":{"text":"你好"}}`:                               "Msg_Content: cmppenc: ASCII encode U+4F60 at offset 0",
		`{"Command_Id":"CMPP_SUBMIT","Msg_Fmt":8,"Msg_Content":{"text":"` + strings.Repeat("长", 128) + `"}}`: "Msg_Length: value too long for field: 256 does not fit one octet",
	} {
		_, errs, code := cmd(t, in, "encode")
		if code != 1 || !strings.Contains(errs, errWant) {
			t.Errorf("%s\nexit %d, stderr %q\nwant %q", abbrev(in), code, errs, errWant)
		}
	}
}

// TestEncodeSyntaxError: invalid JSON stops the input (it cannot be
// resynchronised), with the line, after encoding what came before.
func TestEncodeSyntaxError(t *testing.T) {
	in := `{"Command_Id":"CMPP_TERMINATE","Sequence_Id":1}` + "\n\n" + `{"Command_Id":"CMPP_TERMINATE",,}` + "\n" + `{"Command_Id":"CMPP_TERMINATE","Sequence_Id":2}` + "\n"
	out, errs, code := cmd(t, in, "encode")
	if code != 1 || out != "0000000c0000000200000001\n" || !strings.Contains(errs, "cmpp: stdin:3: invalid JSON") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	_, errs, code = cmd(t, `{"Command_Id":"CMPP_TERMINATE"`, "encode")
	if code != 1 || !strings.Contains(errs, "invalid JSON: the input ends inside a value") {
		t.Errorf("cut JSON: exit %d, stderr %q", code, errs)
	}
}

// TestEncodeViews: with Msg_Content's "hex" given, a "text", "UDH" or
// "Report" agrees with it or is an error naming it (DESIGN §7); keys left
// out of a UDH or report are not checked; a report that decode could not
// parse ({"error": …}) agrees with octets that do not parse.
func TestEncodeViews(t *testing.T) {
	js, _, code := cmd(t, "", "decode", "-json", filepath.Join(fixtureDir, "deliver_mo.hex"))
	require.Zero(t, code)
	js = strings.TrimSuffix(js, "\n")
	want := fixtureHex(t, "deliver_mo") + "\n"
	require.Contains(t, js, `"UDH":{"hex":"0500037e0201","IEI":0,"Ref":126,"Total":2,"Number":1}`)
	for _, tc := range []struct{ name, from, to, errWant string }{
		{"as decoded", "", "", ""},
		{"UDH hex only", `,"IEI":0,"Ref":126,"Total":2,"Number":1`, "", ""},
		{"UDH Ref as a string", `"Ref":126`, `"Ref":"0x7e"`, ""},
		{"UDH Ref disagrees", `"Ref":126`, `"Ref":127`, "UDH: invalid value: UDH.Ref is 127, but Msg_Content holds 126"},
		{"UDH hex disagrees", `"hex":"0500037e0201"`, `"hex":"0500037e0202"`, `UDH: invalid value: UDH.hex is "0500037e0202", but Msg_Content holds "0500037e0201"`},
		{"UDH unknown key", `"Number":1`, `"Number":1,"Port":2948`, "UDH: invalid value: UDH.Port is not a member of UDH"},
		{"UDH as an error", `{"hex":"0500037e0201","IEI":0,"Ref":126,"Total":2,"Number":1}`, `{"error":"x"}`, "UDH: invalid value: given as an error, but Msg_Content holds one that parses"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(js, tc.from, tc.to, 1)
			require.True(t, tc.from == "" || in != js, "%q is not in %s", tc.from, js)
			out, errs, code := cmd(t, in, "encode")
			if tc.errWant == "" {
				assert.Zero(t, code, errs)
				assert.Equal(t, want, out)
				return
			}
			assert.Equal(t, 1, code)
			assert.Contains(t, errs, "cmpp: stdin:1: encode CMPP_DELIVER: "+tc.errWant)
		})
	}

	// Text with the UDH's hex and no Msg_Content hex: the content is the
	// UDH followed by the text encoded per Msg_Fmt.
	i, j := strings.Index(js, `"Msg_Content":{"hex":"`), strings.Index(js, `","text":`)
	textOnly := js[:i] + `"Msg_Content":{` + js[j+2:]
	out, errs, code := cmd(t, textOnly, "encode")
	assert.Zero(t, code, errs)
	assert.Equal(t, want, out, "text with the UDH's hex")
	noUDH := strings.Replace(textOnly, `"UDH":{"hex":"0500037e0201","IEI":0,"Ref":126,"Total":2,"Number":1},`, "", 1)
	_, errs, _ = cmd(t, noUDH, "encode")
	assert.Contains(t, errs, `Msg_Content: invalid value: TP_udhi says the content starts with a User Data Header: give it as "UDH": {"hex": "…"} with the text`)

	// A 70-octet report: decode prints {"error": …}, encode takes it back.
	mal, _, _ := cmd(t, "", "decode", "-json", "testdata/malformed.hex")
	var line string
	for _, l := range strings.Split(mal, "\n") {
		if strings.Contains(l, `"Report":{"error"`) {
			line = l
		}
	}
	require.NotEmpty(t, line)
	_, errs, code = cmd(t, line, "encode")
	assert.Zero(t, code, errs)
	i = strings.Index(line, `"Report":{"error"`)
	j = strings.Index(line[i:], "},") + i
	fields := line[:i] + `"Report":{"Stat":"DELIVRD"` + line[j:]
	_, errs, code = cmd(t, fields, "encode")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "encode CMPP_DELIVER: Report: invalid value: disagrees with Msg_Content, which does not hold one that parses")
}

// endless is a reader of a JSON object that never ends: a Service_Id of
// 'a's, n octets in all. It counts what was read from it.
type endless struct{ read, n int }

func (e *endless) Read(p []byte) (int, error) {
	const head = `{"Command_Id":"CMPP_SUBMIT","Service_Id":"`
	if e.read >= e.n {
		return 0, io.EOF
	}
	p = p[:min(len(p), e.n-e.read)]
	for i := range p {
		if e.read+i < len(head) {
			p[i] = head[e.read+i]
		} else {
			p[i] = 'a'
		}
	}
	e.read += len(p)
	return len(p), nil
}

// TestEncodeBoundsObjects: a 50 MB JSON object is refused after reading
// about maxJSONValue of it, in bounded memory, and what came before it
// is encoded.
func TestEncodeBoundsObjects(t *testing.T) {
	const size = 50 << 20
	src := &endless{n: size}
	in := io.MultiReader(strings.NewReader(`{"Command_Id":"CMPP_TERMINATE","Sequence_Id":1}`+"\n"), src)
	var out, errb bytes.Buffer
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	code := run([]string{"encode"}, in, &out, &errb)
	runtime.ReadMemStats(&after)
	assert.Equal(t, 1, code)
	assert.Equal(t, "0000000c0000000200000001\n", out.String())
	assert.Equal(t, "cmpp: stdin:2: a JSON value longer than 1048576 octets: no PDU has a JSON form that long (stopping)\n", errb.String())
	t.Logf("read %d octets of the 50 MB object, allocated %d octets in all", src.read, after.TotalAlloc-before.TotalAlloc)
	assert.Less(t, src.read, 2*maxJSONValue, "octets read of the 50 MB object")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "octets allocated")

	// Just under the bound, a long (if useless) value is read whole and
	// refused for what it is.
	long := `{"Command_Id":"CMPP_SUBMIT","Service_Id":"` + strings.Repeat("a", maxJSONValue-100) + `"}`
	_, errs, code := cmd(t, long, "encode")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "Service_Id: value too long for field")
}
