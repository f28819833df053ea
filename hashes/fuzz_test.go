package hashes_test

import (
	"testing"

	"github.com/canto-im/xmpp/hashes"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that the parsers never panic, that what they accept
// writes and reads back equal, and that a parsed hash of a computed
// algorithm has its algorithm's size.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=</hash>`,
		`<hash xmlns='urn:xmpp:hashes:2' algo='x'>AA==</hash>`,
		`<hash-used xmlns='urn:xmpp:hashes:2' algo='sha3-256'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		if h, err := hashes.ParseHash(el); err == nil {
			if h.Algo.Supported() && len(h.Value) != h.Algo.Size() {
				t.Fatalf("%s parsed with %d bytes", h.Algo, len(h.Value))
			}
			if _, err := hashes.Verify([]byte(s), []hashes.Hash{h}); err != nil && err != hashes.ErrMismatch && err != hashes.ErrNoHash {
				t.Fatalf("Verify: %v", err)
			}
		}
		roundTrip(t, el, hashes.ParseHash)
		roundTrip(t, el, hashes.ParseUsed)
	})
}

func roundTrip[T xmlstream.Marshaler](t *testing.T, el *xmlstream.Element, parse func(*xmlstream.Element) (T, error)) {
	v, err := parse(el)
	if err != nil {
		return
	}
	out := xmpptest.Marshal(t, v)
	back, err := parse(xmpptest.Element(t, out))
	if err != nil || xmpptest.Marshal(t, back) != out {
		t.Fatalf("%+v wrote %s, read back %+v, %v", v, out, back, err)
	}
}
