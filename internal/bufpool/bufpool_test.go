package bufpool

import (
	"sync"
	"testing"
)

func TestGetPut(t *testing.T) {
	b := Get()
	if len(*b) != 0 || cap(*b) < Size {
		t.Fatalf("Get: len %d cap %d", len(*b), cap(*b))
	}
	*b = append(*b, "data"...)
	Put(b)
	if len(*b) != 0 {
		t.Errorf("Put left len %d", len(*b))
	}
	if n := testing.AllocsPerRun(1000, func() { Put(Get()) }); n != 0 {
		t.Errorf("Get+Put: %.1f allocs", n)
	}
}

// Oversize and undersized buffers are dropped, never handed out again.
func TestPutDropsOddSizes(t *testing.T) {
	for _, c := range []int{0, Size - 1, 4*Size + 1} {
		b := make([]byte, 0, c)
		Put(&b)
	}
	Put(nil)
	for range 100 {
		if b := Get(); cap(*b) < Size || cap(*b) > 4*Size {
			t.Fatalf("Get returned cap %d", cap(*b))
		}
	}
}

// Run with -race: buffers are never shared between goroutines.
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				b := Get()
				*b = append(*b, byte(g), byte(i))
				if len(*b) != 2 || (*b)[0] != byte(g) {
					t.Errorf("buffer shared: %v", *b)
				}
				Put(b)
			}
		}()
	}
	wg.Wait()
}
