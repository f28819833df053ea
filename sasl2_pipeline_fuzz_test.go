package xmpp_test

import (
	"slices"
	"testing"

	"github.com/canto-im/xmpp"
)

// FuzzFASTOffer: a remembered offer (stored by the application, written
// from what a server sent) is read without panic or unbounded work, and
// one that reads back is kept as it was.
func FuzzFASTOffer(f *testing.F) {
	for _, s := range []string{
		`<stream:features xmlns:stream='http://etherx.jabber.org/streams'><authentication xmlns='urn:xmpp:sasl:2'><mechanism>SCRAM-SHA-256</mechanism><inline><bind xmlns='urn:xmpp:bind:0'><inline><feature var='urn:xmpp:carbons:2'/></inline></bind><fast xmlns='urn:xmpp:fast:0'><mechanism>HT-SHA-256-NONE</mechanism></fast></inline></authentication><sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'><channel-binding type='tls-exporter'/></sasl-channel-binding></stream:features>`,
		`<features xmlns='http://etherx.jabber.org/streams'/>`,
		`<stream:features xmlns:stream='http://etherx.jabber.org/streams'><x:a xmlns:x='urn:x' x:b='1'>t&amp;</x:a>`,
		`<other/>`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		first, again, err := xmpp.FASTOfferRoundTripForTest(b)
		if err != nil {
			return
		}
		if !slices.Equal(first, again) {
			t.Fatalf("features %v read back as %v", first, again)
		}
	})
}
