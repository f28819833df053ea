package xmpp_test

import (
	"context"
	"encoding/xml"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

const nsTally = "urn:example:tally"

// tally counts stanzas the way stream management does: a StanzaCounter
// started by its <start/>, and a NamespaceReceiver that reports the count
// at each <check/>.
type tally struct {
	count  xmpp.StanzaCount
	seen   []string      // what Receive was given; read loop only
	checks chan uint32   // the count at each <check/>
	kinds  chan []string // seen, at each <check/>
}

func (t *tally) StanzaCount() *xmpp.StanzaCount { return &t.count }
func (t *tally) ReceiveNamespace() string       { return nsTally }

func (t *tally) Receive(_ *xmpp.Session, el *xmlstream.Element) (bool, error) {
	t.seen = append(t.seen, el.Name().Space+" "+el.Name().Local)
	switch el.Name().Local {
	case "start":
		t.count.Start()
	case "check":
		t.checks <- t.count.Load()
		t.kinds <- append([]string(nil), t.seen...)
	}
	return true, nil
}

var tallyKey = xmpp.NewExtensionKey[*tally]("tally")

// tallyFeature attaches t on the initiating side (the server offers
// countFeature under the same name).
type tallyFeature struct{ t *tally }

func (tallyFeature) Name() xml.Name { return xml.Name{Space: nsCount, Local: "count"} }
func (tallyFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}
func (tallyFeature) Advertise(context.Context, *xmpp.Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, nil
}
func (f tallyFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	tallyKey.Attach(n, f.t)
	return xmpp.FeatureResult{}, nil
}

func tallyElement(space, local string) xmlstream.Marshaler {
	return xmlstream.EmptyElement{Name: xml.Name{Space: space, Local: local}}
}

// The read loop counts every stanza for a StanzaCounter once it started
// (IQ responses nobody waits for and stanzas of unknown kinds too, but not
// an element named message in another namespace), and a NamespaceReceiver
// sees its own namespace's elements only.
func TestSeamStanzaCountAndNamespace(t *testing.T) {
	tl := &tally{checks: make(chan uint32, 2), kinds: make(chan []string, 2)}
	_, s := seamPair(t, []xmpp.StreamFeature{tallyFeature{tl}}, []xmpp.StreamFeature{countFeature{}}, nil)
	sendTallied(t, s, tl, []xmlstream.Marshaler{
		msg("before"), // not counted: before <start/>
		tallyElement(nsTally, "start"),
		msg("1"),
		tallyElement("urn:example:other", "message"),
		xmlstream.MarshalerFunc(stanza.Presence{ID: "2"}.WriteEmpty),
		xmlstream.MarshalerFunc(stanza.IQ{ID: "3", Type: stanza.ResultIQ}.WriteEmpty),
		tallyElement(nsTally, "check"),
	})
}

// sendTallied sends ms on s, which end with the tally's <check/>, and
// checks that the tally counted 3 stanzas and its Receive saw only
// <start/> and <check/>.
func sendTallied(t *testing.T, s *xmpp.Session, tl *tally, ms []xmlstream.Marshaler) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, m := range ms {
		if err := s.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case n := <-tl.checks:
		if n != 3 {
			t.Errorf("counted %d stanzas, want 3", n)
		}
	case <-ctx.Done():
		t.Fatal("no <check/> arrived")
	}
	seen := <-tl.kinds
	if want := []string{nsTally + " start", nsTally + " check"}; !slices.Equal(seen, want) {
		t.Errorf("Receive saw %q, want %q", seen, want)
	}
}

// taker is a Receiver of every element that takes each message.
type taker struct{ took int }

var takerKey = xmpp.NewExtensionKey[*taker]("taker")

func (k *taker) Receive(_ *xmpp.Session, el *xmlstream.Element) (bool, error) {
	if el.Name().Local == "message" && el.Name().Space == stanza.NSClient {
		k.took++
		return true, nil
	}
	return false, nil
}

// tallyTakerFeature is tallyFeature attaching a taker too, first.
type tallyTakerFeature struct {
	tallyFeature
	k *taker
}

func (f tallyTakerFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	takerKey.Attach(n, f.k)
	return f.tallyFeature.Negotiate(ctx, n, el)
}

// With a Receiver that sees stanzas (one that takes every namespace),
// the read loop still counts each stanza once, the ones that Receiver
// takes too, and the NamespaceReceiver still sees only its namespace.
func TestSeamStanzaCountWithStanzaReceiver(t *testing.T) {
	tl := &tally{checks: make(chan uint32, 2), kinds: make(chan []string, 2)}
	k := &taker{}
	_, s := seamPair(t, []xmpp.StreamFeature{tallyTakerFeature{tallyFeature{tl}, k}}, []xmpp.StreamFeature{countFeature{}}, nil)
	sendTallied(t, s, tl, []xmlstream.Marshaler{
		msg("before"),
		tallyElement(nsTally, "start"),
		msg("1"),
		tallyElement("urn:example:other", "message"),
		xmlstream.MarshalerFunc(stanza.Presence{ID: "2"}.WriteEmpty),
		msg("3"),
		tallyElement(nsTally, "check"),
	})
	if k.took != 3 {
		t.Errorf("the taker took %d messages, want 3", k.took)
	}
}
