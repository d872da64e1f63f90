package cmpp

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The fixtures in testdata/packets are built by hand from the spec
// (testdata/packets/mkfixtures.py writes them from the spec's field
// tables, independently of this package), one PDU per .hex file, with the
// expected field-by-field decoding in the .golden file beside it.

type fixture struct {
	name string
	dir  string // testdata/packets (3.0) or testdata/packets20 (2.0)
	pdu  []byte
}

// parseHexLines reads the oracle's input format: hex, whitespace ignored,
// an optional 0x, '#' starts a comment; one PDU per non-empty line.
func parseHexLines(data string) ([][]byte, error) {
	var out [][]byte
	for line := range strings.SplitSeq(data, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.Join(strings.Fields(line), "")
		line = strings.TrimPrefix(line, "0x")
		if line == "" {
			continue
		}
		b, err := hex.DecodeString(line)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func loadFixtures(t testing.TB) []fixture { return loadFixturesIn(t, "testdata/packets", 32) }

// loadFixturesIn loads the fixtures of dir, of which there must be at least
// atLeast.
func loadFixturesIn(t testing.TB, dir string, atLeast int) []fixture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.hex"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < atLeast {
		t.Fatalf("found %d fixtures in %s, want at least %d", len(files), dir, atLeast)
	}
	sort.Strings(files)
	var out []fixture
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pdus, err := parseHexLines(string(data))
		if err != nil || len(pdus) != 1 {
			t.Fatalf("%s: want one hex PDU, got %d (%v)", f, len(pdus), err)
		}
		out = append(out, fixture{strings.TrimSuffix(filepath.Base(f), ".hex"), dir, pdus[0]})
	}
	return out
}

// TestGolden decodes every fixture, compares the decoded fields with the
// hand-built .golden dump, and re-encodes it byte for byte.
func TestGolden(t *testing.T) {
	seen := testGolden(t, Version30, loadFixtures(t))
	for id := range layouts {
		if !seen[id] {
			t.Errorf("no fixture for %v", id)
		}
	}
}

// testGolden runs the golden checks on fixtures of version v and returns
// the commands they cover.
func testGolden(t *testing.T, v Version, fixtures []fixture) map[CommandID]bool {
	seen := map[CommandID]bool{}
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			h, p, err := v.Decode(fx.pdu)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			seen[h.CommandID] = true
			want, err := os.ReadFile(filepath.Join(fx.dir, fx.name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(spansAs(t, v, h, p)); got != string(want) {
				t.Errorf("decoded fields differ from %s.golden:\n%s", fx.name, lineDiff(string(want), got))
			}

			out, err := v.Append(nil, h.SequenceID, p)
			if err != nil {
				t.Fatalf("Append: %v", err)
			}
			if !bytes.Equal(out, fx.pdu) {
				t.Errorf("re-encoding differs\nwant:\n%sgot:\n%s", hex.Dump(fx.pdu), hex.Dump(out))
			}
			if body, _ := appendBodyAs(v, p, nil); len(body) != bodyLenAs(v, p) {
				t.Errorf("len(AppendBody) = %d, bodyLen() = %d", len(body), bodyLenAs(v, p))
			}

			// A clone must survive the input being overwritten.
			buf := bytes.Clone(fx.pdu)
			_, p2, err := v.Decode(buf)
			if err != nil {
				t.Fatal(err)
			}
			c := cloneOf(t, p2)
			for i := range buf {
				buf[i] = 0xAA
			}
			if out, err := v.Append(nil, h.SequenceID, c); err != nil || !bytes.Equal(out, fx.pdu) {
				t.Errorf("Clone does not own its memory: re-encoding after overwriting the input differs (%v)", err)
			}
		})
	}
	return seen
}

// cloneOf calls the Clone method of p, which every type with slices has.
func cloneOf(t testing.TB, p Packet) Packet {
	t.Helper()
	m := reflect.ValueOf(p).MethodByName("Clone")
	if !m.IsValid() {
		return p // header-only types hold nothing
	}
	return m.Call(nil)[0].Interface().(Packet)
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			sb.WriteString("- " + a + "\n+ " + b + "\n")
		}
	}
	return sb.String()
}

// TestDecodeTruncated cuts every fixture at every length, with Total_Length
// patched to the cut and without, and checks that the error is a
// *DecodeError naming the right field at the right offset, never a panic.
func TestDecodeTruncated(t *testing.T) { testDecodeTruncated(t, Version30, loadFixtures(t)) }

// testDecodeTruncated runs the truncation sweep on fixtures of version v.
func testDecodeTruncated(t *testing.T, v Version, fixtures []fixture) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			h, p, err := v.Decode(fx.pdu)
			if err != nil {
				t.Fatal(err)
			}
			var fields []span
			for _, s := range spansAs(t, v, h, p) {
				if !strings.Contains(s.name, ".") { // report fields live inside Msg_Content
					fields = append(fields, s)
				}
			}
			for n := range len(fx.pdu) {
				cut := bytes.Clone(fx.pdu[:n])
				// Without patching: Total_Length disagrees with the input.
				wantField, wantOff, wantErr := "Total_Length", 0, ErrTotalLength
				switch {
				case n < 4:
					wantErr = ErrTruncated
				case n < 8:
					wantField, wantOff, wantErr = "Command_Id", 4, ErrTruncated
				case n < HeaderLen:
					wantField, wantOff, wantErr = "Sequence_Id", 8, ErrTruncated
				}
				checkDecodeErr(t, v, "unpatched", cut, wantField, wantOff, wantErr)

				// Patched: Total_Length = n, so the body runs out inside a field.
				if n < 4 {
					continue
				}
				binary.BigEndian.PutUint32(cut, uint32(n))
				wantField, wantOff, wantErr = "Total_Length", 0, ErrTotalLength
				if n >= HeaderLen {
					for _, f := range fields {
						if f.off+f.width > n {
							wantField, wantOff, wantErr = f.name, f.off, ErrTruncated
							break
						}
					}
				}
				checkDecodeErr(t, v, "patched", cut, wantField, wantOff, wantErr)
			}

			// One extra octet is trailing bytes, at the end of the layout.
			long := append(bytes.Clone(fx.pdu), 0x5A)
			binary.BigEndian.PutUint32(long, uint32(len(long)))
			checkDecodeErr(t, v, "trailing", long, "", len(fx.pdu), ErrTrailingBytes)
		})
	}
}

func checkDecodeErr(t *testing.T, v Version, what string, pdu []byte, field string, off int, sentinel error) {
	t.Helper()
	d := Decoder{Version: v}
	_, p, err := d.Decode(pdu)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Errorf("%s, %d octets: err = %v (packet %T), want *DecodeError", what, len(pdu), err, p)
		return
	}
	if de.Field != field || de.Offset != off || !errors.Is(err, sentinel) {
		t.Errorf("%s, %d octets: got %q at %d (%v), want %q at %d (%v)", what, len(pdu), de.Field, de.Offset, err, field, off, sentinel)
	}
	if _, _, err2 := v.Decode(pdu); err2 == nil || err2.Error() != err.Error() {
		t.Errorf("%s, %d octets: Decode and Decoder.Decode disagree: %v vs %v", what, len(pdu), err2, err)
	}
}
