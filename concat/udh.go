package concat

// UDH is what [ParseUDH] reads from the User Data Header at the start of
// a Msg_Content.
type UDH struct {
	// Len is the length of the UDH, its length octet (UDHL) included: the
	// payload is Msg_Content[Len:].
	Len int
	// Concat is the concatenation element; meaningful only when
	// HasConcat.
	Concat Concat
	// HasConcat reports whether the UDH holds a concatenation element.
	HasConcat bool
}

// Concat is a concatenation information element.
type Concat struct {
	// Ref is the reference number and its width.
	Ref Ref
	// Total is the number of segments (TT), ≥ 1.
	Total uint8
	// Number is this segment's number (SS), 1 to Total.
	Number uint8
	// IEI is the identifier it was read from: IEIConcat8, IEIConcat16, or
	// IEIConcat8 with Ref.Wide set for the broken 16-bit form (see
	// [ParseUDH]).
	IEI uint8
}

// HasUDHI reports whether a TP_udhi value says Msg_Content starts with a
// UDH: the spec's 0x01 or the 0x40 (the SMPP esm_class bit) many gateways
// send (spec reference §13 item 2).
func HasUDHI(tpUDHI uint8) bool { return tpUDHI&0x41 != 0 }

// ParseUDH reads the User Data Header at the start of content (call it
// when [HasUDHI] holds). It walks every information element in order, so
// a port-addressing element (IEI 0x04, 0x05) or any unknown element before
// the concatenation element is skipped, not misread. Both concatenation
// elements are recognised: IEI 0x00 with an 8-bit reference and IEI 0x08
// with a 16-bit one. IEI 0x00 with four data octets, the malformed 16-bit
// form some peers send (06 00 04 RR RR TT SS, spec reference §13 item 3),
// is accepted as a 16-bit reference, with Concat.IEI telling it apart. If
// several concatenation elements occur, the last one counts (3GPP TS
// 23.040 §9.2.3.24).
//
// It fails, with an [*Error] giving the offset in content, when content is
// empty or shorter than its UDHL says ([ErrUDHLength], offset 0), when an
// element runs past the UDH ([ErrIEOverrun], offset of its IEI), and when
// a concatenation element has another length, a total of 0 or a number of
// 0 or above the total ([ErrConcat], offset of its IEI). 23.040 would
// have a receiver ignore such a header; a CMPP peer that sends one is
// broken, and the caller is better told.
func ParseUDH(content []byte) (UDH, error) {
	if len(content) == 0 {
		return UDH{}, &Error{Offset: 0, Err: ErrUDHLength}
	}
	end := 1 + int(content[0])
	if end > len(content) {
		return UDH{}, &Error{Offset: 0, Err: ErrUDHLength}
	}
	h := UDH{Len: end}
	for off := 1; off < end; {
		if off+2 > end {
			return UDH{}, &Error{Offset: off, Err: ErrIEOverrun}
		}
		iei, n := content[off], int(content[off+1])
		data := off + 2
		if data+n > end {
			return UDH{}, &Error{Offset: off, Err: ErrIEOverrun}
		}
		if iei == IEIConcat8 || iei == IEIConcat16 {
			c, ok := parseConcat(iei, content[data:data+n])
			if !ok {
				return UDH{}, &Error{Offset: off, Err: ErrConcat}
			}
			h.Concat, h.HasConcat = c, true
		}
		off = data + n
	}
	return h, nil
}

// parseConcat reads the data of a concatenation element.
func parseConcat(iei uint8, d []byte) (Concat, bool) {
	var c Concat
	switch {
	case iei == IEIConcat8 && len(d) == 3:
		c = Concat{Ref: Ref8(d[0]), Total: d[1], Number: d[2]}
	case len(d) == 4: // IEI 0x08, or the broken 16-bit form with IEI 0x00
		c = Concat{Ref: Ref16(uint16(d[0])<<8 | uint16(d[1])), Total: d[2], Number: d[3]}
	default:
		return Concat{}, false
	}
	c.IEI = iei
	return c, c.Total != 0 && c.Number != 0 && c.Number <= c.Total
}

// Payload returns Msg_Content without its UDH and the concatenation
// element, if any: content itself when tpUDHI has no UDH bit (see
// [HasUDHI]). The payload aliases content.
func Payload(tpUDHI uint8, content []byte) ([]byte, UDH, error) {
	if !HasUDHI(tpUDHI) {
		return content, UDH{}, nil
	}
	h, err := ParseUDH(content)
	if err != nil {
		return nil, UDH{}, err
	}
	return content[h.Len:], h, nil
}
