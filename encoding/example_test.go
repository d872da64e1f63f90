package encoding_test

import (
	"errors"
	"fmt"

	"github.com/go-cmpp/cmpp"
	cmppenc "github.com/go-cmpp/cmpp/encoding"
)

// Encode a Chinese text for a SUBMIT in UCS2, then read it back.
func Example() {
	content, err := cmppenc.UCS2.AppendEncode(nil, []byte("你好😀"))
	if err != nil {
		panic(err)
	}
	fmt.Printf("Msg_Fmt %d, Msg_Content % x\n", cmppenc.UCS2.Fmt(), content)

	text, err := cmppenc.UCS2.AppendDecode(nil, content)
	fmt.Println(string(text), err)
	// Output:
	// Msg_Fmt 8, Msg_Content 4f 60 59 7d d8 3d de 00
	// 你好😀 <nil>
}

// Decode the content of a received DELIVER by its Msg_Fmt.
func ExampleForFmt() {
	d := cmpp.Deliver{MsgFmt: cmpp.FmtGB, MsgContent: []byte{0xc4, 0xe3, 0xba, 0xc3}}
	c, ok := cmppenc.ForFmt(d.MsgFmt)
	if !ok {
		fmt.Println("unknown Msg_Fmt", d.MsgFmt)
		return
	}
	text, err := c.AppendDecode(nil, d.MsgContent)
	fmt.Println(string(text), err)
	// Output: 你好 <nil>
}

// Reuse one buffer: with enough capacity the codecs do not allocate.
func ExampleCodec_appendDecode() {
	buf := make([]byte, 0, 512)
	for _, content := range [][]byte{{0x4f, 0x60}, {0x59, 0x7d}} {
		buf, _ = cmppenc.UCS2.AppendDecode(buf[:0], content)
		fmt.Println(string(buf))
	}
	// Output:
	// 你
	// 好
}

// A character the charset lacks is an error with its offset, never a
// silent '?'.
func ExampleError() {
	_, err := cmppenc.GB.AppendEncode(nil, []byte("你好😀"))
	fmt.Println(err)

	var e *cmppenc.Error
	if errors.As(err, &e) {
		fmt.Printf("offset %d, rune %U, unencodable %v\n", e.Offset, e.Rune, errors.Is(err, cmppenc.ErrUnencodable))
	}
	// Output:
	// cmppenc: GB encode U+1F600 at offset 6: character not representable
	// offset 6, rune U+1F600, unencodable true
}
