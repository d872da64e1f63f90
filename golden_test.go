package cmpp

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		assert.True(t, seen[id], "no fixture for %v", id)
	}
}

// testGolden runs the golden checks on fixtures of version v and returns
// the commands they cover.
func testGolden(t *testing.T, v Version, fixtures []fixture) map[CommandID]bool {
	seen := map[CommandID]bool{}
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			h, p, err := v.Decode(fx.pdu)
			require.NoError(t, err)
			seen[h.CommandID] = true
			want, err := os.ReadFile(filepath.Join(fx.dir, fx.name+".golden"))
			require.NoError(t, err)
			assert.Equal(t, string(want), dump(spansAs(t, v, h, p)), "decoded fields differ from %s.golden", fx.name)

			out, err := v.Append(nil, h.SequenceID, p)
			require.NoError(t, err)
			assert.Equal(t, fx.pdu, out, "re-encoding differs")
			body, _ := appendBodyAs(v, p, nil)
			assert.Len(t, body, bodyLenAs(v, p))

			// A clone must survive the input being overwritten.
			buf := bytes.Clone(fx.pdu)
			_, p2, err := v.Decode(buf)
			require.NoError(t, err)
			c := Clone(p2)
			for i := range buf {
				buf[i] = 0xAA
			}
			out, err = v.Append(nil, h.SequenceID, c)
			require.NoError(t, err)
			assert.Equal(t, fx.pdu, out, "Clone does not own its memory: re-encoding after overwriting the input differs")
		})
	}
	return seen
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
