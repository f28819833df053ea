package xmpp_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// A stanza that ends the stream (here one in jabber:server on a client
// stream, RFC 6120 §4.9.3.10) was not handled: the read loop must not
// count it, or a peer resuming with that count (XEP-0198 §5) would take
// it for delivered and never send it again.
func TestSeamStanzaEndingStreamNotCounted(t *testing.T) {
	for _, tc := range []struct {
		name  string
		taker bool // a Receiver that sees stanzas is attached too
	}{
		{"namespace receivers only", false},
		{"with a stanza receiver", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl := &tally{checks: make(chan uint32, 2), kinds: make(chan []string, 2)}
			var f xmpp.StreamFeature = tallyFeature{tl}
			if tc.taker {
				f = tallyTakerFeature{tallyFeature{tl}, &taker{}}
			}
			c, s := seamPair(t, []xmpp.StreamFeature{f}, []xmpp.StreamFeature{countFeature{}}, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			for _, m := range []xmlstream.Marshaler{
				tallyElement(nsTally, "start"),
				xmlstream.MarshalerFunc(stanza.Presence{ID: "1"}.WriteEmpty),
				tallyElement(stanza.NSServer, "message"),
			} {
				if err := s.Send(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case <-c.Done():
			case <-ctx.Done():
				t.Fatal("the client's stream did not end")
			}
			var local *xmpp.LocalStreamError
			if err := c.Err(); !errors.As(err, &local) || local.Err.Condition != stream.InvalidNamespace.Condition {
				t.Fatalf("client ended with %v, want the invalid-namespace stream error", err)
			}
			if n := tl.count.Load(); n != 1 {
				t.Errorf("counted %d stanzas, want 1 (the presence, not the stanza that ended the stream)", n)
			}
		})
	}
}
