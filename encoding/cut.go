package encoding

import "github.com/go-cmpp/cmpp"

// CutLen returns the length of the longest prefix of b, at most max
// octets, that does not end inside a character of Msg_Fmt f. b is wire
// content (already encoded). If len(b) ≤ max it returns len(b).
//
//   - UCS2 (8): an even length, one code unit shorter when that would
//     split a surrogate pair.
//   - GB (15): the prefix ends after a whole one-, two- or four-octet
//     GBK/GB18030 sequence, found by walking b from its start (a trail
//     octet of GBK can look like ASCII, so b must start on a character).
//   - ASCII (0), binary (3, 4) and any other value: max, since every
//     octet stands alone (or, for an unknown format, nothing better is
//     known).
//
// Content that is not valid in f is still cut within bounds, at the place
// its structure suggests. CutLen returns 0 only when max < 1 or the first
// character is longer than max (at most 4 octets).
func CutLen(f cmpp.MsgFmt, b []byte, max int) int {
	if len(b) <= max {
		return len(b)
	}
	if max <= 0 {
		return 0
	}
	switch f {
	case cmpp.FmtUCS2:
		n := max &^ 1
		if n >= 2 && 0xd8 <= b[n-2] && b[n-2] <= 0xdb { // a high surrogate: keep it with its pair
			n -= 2
		}
		return n
	case cmpp.FmtGB:
		n := 0
		for {
			k := gbCharLen(b[n:])
			if n+k > max {
				return n
			}
			n += k
		}
	}
	return max
}

// gbCharLen returns the length of the GBK/GB18030 sequence b starts with,
// by structure only: 1 for ASCII, 0x80 and 0xFF; 4 for a lead octet
// followed by a digit; otherwise 2. It never exceeds len(b) and is ≥ 1
// for a non-empty b.
func gbCharLen(b []byte) int {
	n := 1
	if c := b[0]; 0x81 <= c && c <= 0xfe && len(b) > 1 {
		n = 2
		if 0x30 <= b[1] && b[1] <= 0x39 {
			n = 4
		}
	}
	return min(n, len(b))
}
