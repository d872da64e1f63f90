package encoding_test

import (
	"testing"

	cmppenc "github.com/go-cmpp/cmpp/encoding"
)

// TestZeroAllocs holds the codecs to 0 allocations per call once dst has
// room (DESIGN §8), including the pooled x/text transformers of the GB
// codecs and the []byte source of GBK encoding.
func TestZeroAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts in -short mode are not checked")
	}
	text := []byte("短信网关 CMPP 3.0 长短信测试 😀 — 你好，世界！")
	ascii := []byte("Your verification code is 123456. Do not share it.")
	gbkText := []byte("短信网关长短信测试，你好世界！abc")
	tests := []struct {
		name   string
		codec  cmppenc.Codec
		encode bool
		src    []byte
	}{
		{"ASCII/encode", cmppenc.ASCII, true, ascii},
		{"ASCII/decode", cmppenc.ASCII, false, ascii},
		{"Binary/encode", cmppenc.Binary, true, text},
		{"UCS2/encode", cmppenc.UCS2, true, text},
		{"UCS2/decode", cmppenc.UCS2, false, mustEncode(t, cmppenc.UCS2, text)},
		{"GB/encode (GBK from []byte)", cmppenc.GB, true, gbkText},
		{"GB/decode (GB18030)", cmppenc.GB, false, mustEncode(t, cmppenc.GB18030, text)},
		{"GBK/encode", cmppenc.GBK, true, gbkText},
		{"GBK/decode", cmppenc.GBK, false, mustEncode(t, cmppenc.GBK, gbkText)},
		{"GB18030/encode", cmppenc.GB18030, true, text},
		{"GB18030/decode", cmppenc.GB18030, false, mustEncode(t, cmppenc.GB18030, text)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := make([]byte, 0, 3*len(tc.src))
			var err error
			allocs := testing.AllocsPerRun(200, func() {
				if tc.encode {
					dst, err = tc.codec.AppendEncode(dst[:0], tc.src)
				} else {
					dst, err = tc.codec.AppendDecode(dst[:0], tc.src)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if allocs != 0 {
				t.Errorf("%v allocations per call, want 0", allocs)
			}
		})
	}
}

func mustEncode(t testing.TB, c cmppenc.Codec, text []byte) []byte {
	t.Helper()
	b, err := c.AppendEncode(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func BenchmarkCodecs(b *testing.B) {
	text := []byte("短信网关 CMPP 3.0 长短信测试，你好，世界！短信网关 CMPP 3.0 长短信测试，你好，世界！")
	for _, c := range []struct {
		name  string
		codec cmppenc.Codec
	}{{"UCS2", cmppenc.UCS2}, {"GB", cmppenc.GB}, {"GB18030", cmppenc.GB18030}} {
		wire := mustEncode(b, c.codec, text)
		dst := make([]byte, 0, 3*len(text))
		b.Run(c.name+"/encode", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				dst, _ = c.codec.AppendEncode(dst[:0], text)
			}
		})
		b.Run(c.name+"/decode", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(wire)))
			for b.Loop() {
				dst, _ = c.codec.AppendDecode(dst[:0], wire)
			}
		})
	}
}
