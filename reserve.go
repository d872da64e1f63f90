package cmpp

// The Reserve/Reserved helpers of the codec branch (issue 10), repeated
// here so that the 2.x Reserve fields use them from the start. When both
// branches are merged, delete this file: header.go has the same methods.

// reserve reads a Reserve or Reserved field: undefined octets rather than
// a string, so only trailing 0x00 octets are dropped and nothing is lost.
func (r *reader) reserve(field string, n int) []byte {
	return trimNUL(r.take(field, n))
}

// reserve writes a Reserve or Reserved field as given, left-aligned and
// padded with 0x00; only a value longer than the field is refused.
func (w *writer) reserve(field string, v []byte, n int) {
	if len(v) > n {
		w.tooLong(field, len(v), n)
	} else {
		copy(w.b[w.off:], v)
	}
	w.off += n
}
