// Package bufpool pools the byte buffers the cmpp packages use inside one
// call: WritePacket's encode buffer and the text codecs' scratch space.
//
// Ownership: a buffer taken with Get is used only inside the function that
// took it and is given back with Put before that function returns. Pooled
// memory is never returned to a caller of the public API and never held by
// a decoded value.
package bufpool

import "sync"

// Size is the capacity of every pooled buffer: at least cmpp.MaxPacketLen,
// so one buffer always holds a whole PDU.
const Size = 4096

// maxKeep is the largest capacity Put keeps. A buffer that grew beyond it
// (an oversize encode) is dropped so that the pool holds entries of about
// the same memory cost (golang/go#23199).
const maxKeep = 4 * Size

var pool = sync.Pool{New: func() any {
	b := make([]byte, 0, Size)
	return &b
}}

// Get returns a buffer with len 0 and cap ≥ Size.
func Get() *[]byte {
	return pool.Get().(*[]byte)
}

// Put gives b back to the pool, resetting its length to 0. Buffers whose
// capacity grew above 4×Size, and nil, are dropped.
func Put(b *[]byte) {
	if b == nil || cap(*b) > maxKeep || cap(*b) < Size {
		return
	}
	*b = (*b)[:0]
	pool.Put(b)
}
