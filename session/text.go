package session

import (
	"context"
	"sync"

	"github.com/go-cmpp/cmpp"
	"github.com/go-cmpp/cmpp/concat"
)

// Segment is the outcome of one SUBMIT of SubmitText.
type Segment struct {
	Submit *cmpp.Submit     // the segment as sent: Pk_total, Pk_number, UDH
	Resp   *cmpp.SubmitResp // its response; nil when Err is set
	Err    error            // as Submit's
}

// SubmitText sends a whole text: it encodes it the cheapest way (ASCII or
// UCS2) and splits it into segments with concatenation headers using ref
// (concat.SubmitText; take ref from a concat.RefCounter), each a copy of
// tmpl, and submits them all at once, so that they share the window.
// It returns one Segment per SUBMIT, in segment order, once every one has
// its outcome; the error is only for a text that cannot be split (invalid
// UTF-8, more than 255 segments) or a Submit that does not encode (the
// first such error; nothing is sent then).
func (c *Conn) SubmitText(ctx context.Context, tmpl *cmpp.Submit, text string, ref concat.Ref) ([]Segment, error) {
	subs, err := concat.SubmitText(tmpl, text, ref)
	if err != nil {
		return nil, err
	}
	for _, s := range subs {
		if _, err := c.codec.append(nil, 0, s); err != nil {
			return nil, err
		}
	}
	out := make([]Segment, len(subs))
	var wg sync.WaitGroup
	for i, s := range subs {
		out[i].Submit = s
		wg.Go(func() { out[i].Resp, out[i].Err = c.Submit(ctx, s) })
	}
	wg.Wait()
	return out, nil
}
