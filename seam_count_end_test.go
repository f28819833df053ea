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
			endWithStanza(t, c, s)
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

// A stanza that ends the stream is never in the count, not even for a
// while: an <a/> that another goroutine writes meanwhile would report
// it handled. Here a Receiver that sees stanzas, offered the stanza that
// ends the stream before the read loop checks it, reads the count there,
// as that writer would. (Before, the read loop counted it before the
// Receivers and took it back out once it found it ended the stream.)
func TestSeamStanzaEndingStreamNeverCounted(t *testing.T) {
	tl := &tally{checks: make(chan uint32, 2), kinds: make(chan []string, 2)}
	p := &peeker{count: &tl.count, at: make(chan uint32, 4)}
	c, s := seamPair(t, []xmpp.StreamFeature{peekFeature{tallyFeature{tl}, p}}, []xmpp.StreamFeature{countFeature{}}, nil)
	endWithStanza(t, c, s)
	for i, want := range []uint32{0, 1} { // at the presence, at the message
		if n := <-p.at; n != want {
			t.Errorf("stanza %d offered with the count at %d, want %d", i+1, n, want)
		}
	}
}

// endWithStanza has s send c a tally start, a presence, and a stanza in
// jabber:server, which ends c's stream, and waits for that end.
func endWithStanza(t *testing.T, c, s *xmpp.Session) {
	t.Helper()
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
}

// peeker is a Receiver of every element that takes none, and sends the
// count as it is when offered each stanza.
type peeker struct {
	count *xmpp.StanzaCount
	at    chan uint32
}

var peekerKey = xmpp.NewExtensionKey[*peeker]("peeker")

func (p *peeker) Receive(_ *xmpp.Session, el *xmlstream.Element) (bool, error) {
	if _, ok := stanza.KindOf(el.Name()); ok {
		p.at <- p.count.Load()
	}
	return false, nil
}

// peekFeature is tallyFeature attaching a peeker too, first.
type peekFeature struct {
	tallyFeature
	p *peeker
}

func (f peekFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	peekerKey.Attach(n, f.p)
	return f.tallyFeature.Negotiate(ctx, n, el)
}
