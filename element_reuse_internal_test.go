package xmpp

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
)

// TestElementSpareKeepsOnlyStanzas: the spare, which the collector never
// empties, takes an element of a stanza's size and not a large one; the
// large one goes to elementPool, and the read loop then looks there.
func TestElementSpareKeepsOnlyStanzas(t *testing.T) {
	for reusedElement() != nil { // what earlier tests left
	}
	defer func() {
		for reusedElement() != nil {
		}
	}()
	d := xmlstream.NewDecoder(strings.NewReader("<a>"+strings.Repeat("x", maxSpareElement)+"</a>"), xmlstream.Limits{})
	big, err := d.ReadNewElement()
	if err != nil {
		t.Fatal(err)
	}
	keepElement(big)
	if spareElement.Load() == big {
		t.Fatalf("a %d-byte element became the spare", big.Size())
	}
	if !elementsPooled.Load() {
		t.Fatal("an element went to the pool, which the read loop will not look at")
	}
	small := new(xmlstream.Element)
	keepElement(small)
	if got := reusedElement(); got != small {
		t.Fatalf("reusedElement() = %p, want the spare %p", got, small)
	}
}
