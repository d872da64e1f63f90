package cmpp

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/go-cmpp/cmpp/internal/layout"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nulRef is the obvious byte loop that nul must agree with.
func nulRef(s []byte) int {
	for i, c := range s {
		if c == 0 {
			return i
		}
	}
	return len(s)
}

// trimRef is the obvious byte loop that trimNUL must agree with.
func trimRef(s []byte) []byte {
	i := len(s)
	for i > 0 && s[i-1] == 0 {
		i--
	}
	if i == 0 {
		return nil
	}
	return s[:i]
}

// fieldCases yields fields of every width from 0 to 40 with the first 0x00
// at every position (or none), the octets before it drawn from fillers
// that trip a careless has-a-zero test (0x01 and 0x80 borrow, 0xFF, 0x7F)
// and the octets after it from anything, 0x00 included.
func fieldCases(yield func(s []byte, first int) bool) {
	rng := rand.New(rand.NewPCG(1, 2))
	fillers := []func() byte{
		func() byte { return 0x01 }, func() byte { return 0x80 }, func() byte { return 0xFF },
		func() byte { return 0x7F }, func() byte { return 0x81 }, func() byte { return byte(1 + rng.IntN(255)) },
	}
	for w := range 41 {
		for first := 0; first <= w; first++ {
			for _, fill := range fillers {
				for _, after := range []func() byte{fill, func() byte { return 0 }, func() byte { return byte(rng.IntN(256)) }} {
					// The field sits inside a larger buffer, so a read past
					// either end would show as a wrong answer.
					buf := bytes.Repeat([]byte{0}, w+16)
					s := buf[8 : 8+w : 8+w]
					for i := range s {
						switch {
						case i < first:
							s[i] = fill()
						case i == first:
							s[i] = 0
						default:
							s[i] = after()
						}
					}
					if !yield(s, first) {
						return
					}
				}
			}
		}
	}
}

// TestNulMatchesByteLoop checks nul, str, str2, strShort, str16, strLong and trimNUL against
// the byte loops on every width from 0 to 40 and every position of the
// first 0x00.
func TestNulMatchesByteLoop(t *testing.T) {
	n := 0
	for s, first := range fieldCases {
		n++
		require.Equal(t, nulRef(s), first)
		if got := nul(s); got != first {
			t.Fatalf("nul(% x) = %d, want %d", s, got, first)
		}
		got := str(s)
		if first == 0 {
			assert.Nil(t, got, "str(% x)", s)
		} else {
			assert.Equal(t, s[:first], got, "str(% x)", s)
			assert.Equal(t, len(s), cap(got), "str keeps the field's capacity")
		}
		for _, h := range []struct {
			name     string
			min, max int
			f        func([]byte) []byte
		}{{"str2", 2, 2, str2}, {"strShort", 4, 8, strShort}, {"str16", 8, 16, str16}, {"strLong", 8, 40, strLong}} {
			if len(s) < h.min || len(s) > h.max {
				continue
			}
			if got, want := h.f(s), str(s); !bytes.Equal(got, want) || (got == nil) != (want == nil) || cap(got) != cap(want) {
				t.Fatalf("%s(% x) = % x (cap %d), want % x (cap %d)", h.name, s, got, cap(got), want, cap(want))
			}
		}
		if got, want := trimNUL(s), trimRef(s); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("trimNUL(% x) = % x, want % x", s, got, want)
		}
	}
	t.Logf("%d fields checked", n)
}

func TestStrs(t *testing.T) {
	body := []byte("13800138000\x00\x00\x00\x00\x00" + "\x00XYZ\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" + "1234567890123456")
	got := strs(nil, body, 16)
	assert.Equal(t, [][]byte{[]byte("13800138000"), nil, []byte("1234567890123456")}, got)
	for _, s := range got {
		if s != nil {
			assert.Equal(t, 16, cap(s))
		}
	}
	reused := strs(got[:0], body[:32], 16)
	assert.Len(t, reused, 2)
	assert.Same(t, &got[0], &reused[:1][0], "the capacity is reused")
}

func TestEncoderStr(t *testing.T) {
	for _, c := range []struct {
		v        string
		want     string // the 6-octet field, or "" for an error
		sentinel error
	}{
		{"", "\x00\x00\x00\x00\x00\x00", nil},
		{"9012", "9012\x00\x00", nil},
		{"901234", "901234", nil},
		{"9012345", "", ErrFieldTooLong},
		{"90\x0012", "", ErrInvalid},
		{"9012\x00", "", ErrInvalid},
		{"\x00", "", ErrInvalid},
	} {
		e := encoder{cmd: CmdConnect}
		dst := make([]byte, 6)
		e.str("Source_Addr", dst, []byte(c.v))
		_, err := e.result(nil, nil)
		if c.sentinel == nil {
			assert.NoError(t, err, "%q", c.v)
			assert.Equal(t, c.want, string(dst), "%q", c.v)
			continue
		}
		var ee *EncodeError
		if assert.True(t, errors.As(err, &ee), "%q: %v", c.v, err) {
			assert.Equal(t, "Source_Addr", ee.Field)
			assert.Equal(t, CmdConnect, ee.Command)
			assert.ErrorIs(t, err, c.sentinel, "%q", c.v)
		}
	}
	e := encoder{cmd: CmdFwd}
	dst := make([]byte, 6)
	e.right("Source_Id", dst, []byte("1001"))
	assert.NoError(t, e.err)
	assert.Equal(t, "001001", string(dst))
	e.right("Source_Id", dst, []byte("1234567"))
	assert.ErrorIs(t, e.err, ErrFieldTooLong)
}

// The fast paths read no further than their up-front length check allows:
// a body one octet short of any field, for every decodable fixture, is an
// error naming a field, never a panic (TestDecodeTruncated checks which).
func TestBodyErrorNeverPanics(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		body := fx.pdu[HeaderLen:]
		for n := range len(body) + 2 {
			var d Decoder
			p := d.packet(CommandID(uint32(fx.pdu[4])<<24 | uint32(fx.pdu[5])<<16 | uint32(fx.pdu[6])<<8 | uint32(fx.pdu[7])))
			b := make([]byte, n)
			copy(b, body)
			err := p.DecodeBody(b)
			if n == len(body) {
				assert.NoError(t, err, fx.name)
			} else {
				assert.Error(t, err, "%s, %d octets", fx.name, n)
			}
		}
	}
}

// TestEncoderStrMatchesByteLoop writes every value of fieldCases into a
// field of its own width and of a wider one: it must be copied as it is
// and padded with 0x00, or refused naming the octet of its first 0x00;
// into a narrower field it is refused as too long.
func TestEncoderStrMatchesByteLoop(t *testing.T) {
	for v, first := range fieldCases {
		for _, width := range []int{len(v), len(v) + 3, len(v) - 1} {
			if width < 0 {
				continue
			}
			dst := bytes.Repeat([]byte{0}, width)
			e := encoder{cmd: CmdSubmit}
			e.str("Src_Id", dst, v)
			_, err := e.result(nil, nil)
			switch {
			case len(v) > width:
				require.ErrorIs(t, err, ErrFieldTooLong, "% x into %d", v, width)
				require.Contains(t, err.Error(), itoa(len(v))+" octets, field holds "+itoa(width))
			case first < len(v):
				require.ErrorIs(t, err, ErrInvalid, "% x", v)
				require.Contains(t, err.Error(), "0x00 at octet "+itoa(first)+" ", "% x", v)
			default:
				require.NoError(t, err, "% x", v)
				require.Equal(t, append(bytes.Clone(v), make([]byte, width-len(v))...), dst, "% x", v)
			}
		}
	}
}

// TestEncodeTooLongNamesWidth writes a value one octet too long into every
// string field of every PDU and report: the error names the field and the
// width of its spec table row.
func TestEncodeTooLongNamesWidth(t *testing.T) {
	check := func(t *testing.T, err error, f layout.Field) {
		t.Helper()
		var ee *EncodeError
		require.ErrorAs(t, err, &ee, f.Name)
		assert.Equal(t, f.Name, ee.Field)
		assert.ErrorIs(t, err, ErrFieldTooLong, f.Name)
		assert.Contains(t, err.Error(), itoa(f.Width+1)+" octets, field holds "+itoa(f.Width), f.Name)
	}
	long := func(f layout.Field) []byte { return bytes.Repeat([]byte("1"), f.Width+1) }
	n := 0
	for id, fields := range layout.Tables {
		for _, f := range fields {
			if f.Kind != layout.Octets && f.Kind != layout.Raw && f.Kind != layout.Repeat {
				continue
			}
			p := NewPacket(CommandID(id))
			fv := reflect.ValueOf(p).Elem().FieldByName(f.GoName)
			if f.Kind == layout.Repeat {
				fv.Set(reflect.ValueOf([][]byte{[]byte("1"), long(f)}))
			} else {
				fv.SetBytes(long(f))
			}
			_, err := Append(nil, 1, p)
			check(t, err, f)
			n++
		}
	}
	for _, c := range []struct {
		v      Version
		fields []layout.Field
	}{{Version30, layout.Report}, {Version20, layout.Report20}} {
		for _, f := range c.fields {
			if f.Kind != layout.Octets {
				continue
			}
			var r Report
			reflect.ValueOf(&r).Elem().FieldByName(f.GoName).SetBytes(long(f))
			_, err := r.AppendVersion(nil, c.v)
			check(t, err, f)
			n++
		}
	}
	for _, f := range layout.MOReport {
		if f.Kind != layout.Octets {
			continue
		}
		var r MOReport
		reflect.ValueOf(&r).Elem().FieldByName(f.GoName).SetBytes(long(f))
		_, err := r.AppendBinary(nil)
		check(t, err, f)
		n++
	}
	t.Logf("%d fields", n)
}
