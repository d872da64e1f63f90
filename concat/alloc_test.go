package concat_test

import (
	"strings"
	"testing"
	"time"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
)

// TestAllocs pins the allocation cost of the sending path: Split makes one
// buffer for all segments and one slice of them; Submits adds the Submit
// values and the slice of pointers; ParseUDH and Count allocate nothing.
func TestAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts in -short mode are not checked")
	}
	content := ucs2(t, strings.Repeat("长短信分段", 60)) // 300 characters, 5 segments
	tmpl := &cmpp.Submit{DestTerminalIDs: [][]byte{[]byte("13800138000")}}
	seg, _ := concat.Split(content, cmpp.FmtUCS2, concat.Ref8(1))
	tests := []struct {
		name string
		want float64
		f    func()
	}{
		{"ParseUDH", 0, func() { _, _ = concat.ParseUDH(seg[0]) }},
		{"Count", 0, func() { _ = concat.Count(content, cmpp.FmtUCS2, false) }},
		{"Split", 2, func() { _, _ = concat.Split(content, cmpp.FmtUCS2, concat.Ref8(1)) }},
		{"Submits", 4, func() { _, _ = concat.Submits(tmpl, content, cmpp.FmtUCS2, concat.Ref8(1)) }},
	}
	for _, tc := range tests {
		if got := testing.AllocsPerRun(100, tc.f); got != tc.want {
			t.Errorf("%s: %v allocations, want %v", tc.name, got, tc.want)
		}
	}
}

func BenchmarkSubmitText(b *testing.B) {
	text := strings.Repeat("中国移动互联网短信网关长短信示例。", 10) // 170 characters, 3 segments
	b.ReportAllocs()
	for b.Loop() {
		if _, err := concat.SubmitText(nil, text, concat.Ref8(1)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReassemble(b *testing.B) {
	ds := segments(b, "13800138000", "10658", 1, cmpp.FmtUCS2, ucs2(b, strings.Repeat("上行长短信", 40)), concat.Ref8(9))
	r := concat.NewReassembler(concat.Config{})
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range ds {
			if _, err := r.Add(now, d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
