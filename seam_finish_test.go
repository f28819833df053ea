package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmlstream"
)

// finisher has m as the last word before the closing tag.
type finisher struct {
	m     xmlstream.Marshaler
	calls atomic.Int32
}

func (f *finisher) Finishing(*xmpp.Session) xmlstream.Marshaler {
	f.calls.Add(1)
	return f.m
}

var finisherKey = xmpp.NewExtensionKey[*finisher]("finisher")

// finishFeature is countFeature on the client, with a finisher attached.
type finishFeature struct {
	countFeature
	f *finisher
}

func (ff finishFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	finisherKey.Attach(n, ff.f)
	return ff.countFeature.Negotiate(ctx, n, el)
}

// TestFinisher: what a Finisher returns is written right before the
// closing tag of a graceful Close, once, unseen by the Senders; nothing,
// or an element that fails to encode, leaves the close as it was.
func TestFinisher(t *testing.T) {
	broken := xmlstream.MarshalerFunc(func(xmlstream.Encoder) error { return errors.New("cannot encode") })
	brokenHalfway := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: nsCount, Local: "r"}); err != nil {
			return err
		}
		return errors.New("cannot finish")
	})
	for _, tc := range []struct {
		name   string
		m      xmlstream.Marshaler
		wantIn []string // what the server received after the message
	}{
		{"an element", nonza("r"), []string{"message", "r"}},
		{"nothing", nil, []string{"message"}},
		{"failing before writing", broken, []string{"message"}},
		{"failing halfway", brokenHalfway, []string{"message"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &finisher{m: tc.m}
			c, s := seamPair(t, []xmpp.StreamFeature{finishFeature{f: f}}, []xmpp.StreamFeature{countFeature{}}, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := c.Send(ctx, msg("m1")); err != nil {
				t.Fatal(err)
			}
			if err := c.Close(ctx); err != nil {
				t.Fatalf("Close: %v", err)
			}
			select {
			case <-s.Done():
			case <-ctx.Done():
				t.Fatal("the server's session did not end")
			}
			if n := f.calls.Load(); n != 1 {
				t.Errorf("Finishing called %d times, want 1", n)
			}
			sc, _ := countKey.Get(s)
			in, _ := sc.snapshot()
			if !slices.Equal(in, tc.wantIn) {
				t.Errorf("server received %v, want %v", in, tc.wantIn)
			}
			cc, _ := countKey.Get(c)
			if _, out := cc.snapshot(); !slices.Equal(out, []string{"message#m1"}) {
				t.Errorf("the client's Sender saw %v, want only the message", out)
			}
		})
	}
}
