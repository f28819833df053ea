package sm_test

import (
	"testing"

	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse feeds the parsers of every element of the protocol what a peer
// may send: none may panic, and what parses must write and parse back to
// the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<a xmlns='urn:xmpp:sm:3' h='7'/>`,
		`<r xmlns='urn:xmpp:sm:3'/>`,
		`<enable xmlns='urn:xmpp:sm:3' resume='true' max='300'/>`,
		`<enabled xmlns='urn:xmpp:sm:3' id='x' resume='1' max='5' location='h:1'/>`,
		`<resume xmlns='urn:xmpp:sm:3' h='1' previd='x'/>`,
		`<resumed xmlns='urn:xmpp:sm:3' h='4294967295' previd='x'/>`,
		`<failed xmlns='urn:xmpp:sm:3' h='3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>`,
		`<a xmlns='urn:xmpp:sm:3' h='-0'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		check(t, el, sm.ParseAck)
		check(t, el, sm.ParseRequest)
		check(t, el, sm.ParseEnable)
		check(t, el, sm.ParseEnabled)
		check(t, el, sm.ParseResume)
		check(t, el, sm.ParseResumed)
		check(t, el, sm.ParseFailed)
	})
}

func check[T comparable, P interface {
	*T
	xmlstream.Marshaler
}](t *testing.T, el *xmlstream.Element, parse func(*xmlstream.Element) (T, error)) {
	v, err := parse(el)
	if err != nil {
		return
	}
	out, err := xmpptest.MarshalString("", P(&v))
	if err != nil {
		t.Fatalf("write %+v: %v", v, err)
	}
	back, err := xmpptest.ReadElement("", out)
	if err != nil {
		t.Fatalf("read back %s: %v", out, err)
	}
	v2, err := parse(back)
	if err != nil || v2 != v {
		t.Fatalf("round trip of %+v through %s: %+v, %v", v, out, v2, err)
	}
}
