package server

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzRosterSet feeds roster set requests to the parser: it must return a
// stanza error or an item that obeys the limits, never panic.
func FuzzRosterSet(f *testing.F) {
	for _, s := range []string{
		"<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='bob@example.test' name='Bob'><group>A</group></item></query></iq>",
		"<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='bob@example.test' subscription='remove'/></query></iq>",
		"<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='a@b'/><item jid='c@d'/></query></iq>",
		"<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='@'><group></group></item></query></iq>",
		"<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='x@y'><group>g</group><group>g</group></item></query></iq>",
		"<iq type='set' id='1'><query xmlns='urn:other'/></iq>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		el, err := xmpptest.ReadElement("jabber:client", string(data))
		if err != nil {
			return
		}
		set, err := parseRosterSet(el)
		if err != nil {
			var se stanza.Error
			if !asStanzaError(err, &se) {
				t.Fatalf("not a stanza error: %v", err)
			}
			return
		}
		if set.item.jid.IsZero() || set.item.jid.Resourcepart() != "" {
			t.Fatalf("item jid %q", set.item.jid)
		}
		if len(set.item.name) > maxRosterName || len(set.item.groups) > maxRosterGroups {
			t.Fatal("limits not enforced")
		}
		for i, g := range set.item.groups {
			if strings.TrimSpace(g) == "" || len(g) > maxGroupName || slices.Contains(set.item.groups[:i], g) {
				t.Fatalf("bad group %q", g)
			}
		}
	})
}

func asStanzaError(err error, se *stanza.Error) bool {
	e, ok := err.(stanza.Error)
	*se = e
	return ok
}

// FuzzStamped re-encodes received stanzas with a new 'from', as routing
// does, and checks that the result parses back to the same element with
// only 'from' changed: forwarding must not change what a stanza means, as
// the namespace round-trip flaws of encoding/xml (CVE-2020-29509 to
// CVE-2020-29511) would.
func FuzzStamped(f *testing.F) {
	for _, s := range []string{
		"<message to='bob@example.test' type='chat' id='1'><body>hi &amp; bye</body><x xmlns='urn:x' a='1'><y/></x></message>",
		"<presence from='mallory@example.test' xml:lang='fr'><status xml:lang='en'>away</status><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>",
		"<iq type='get' id='2' to='a@b/c'><query xmlns='jabber:iq:roster'/></iq>",
		"<message xmlns:p='urn:p'><p:thing p:attr='v'>text<p:inner/></p:thing></message>",
	} {
		f.Add([]byte(s))
	}
	from := jid.MustParse("alice@example.test/phone")
	f.Fuzz(func(t *testing.T, data []byte) {
		el, err := xmpptest.ReadElement("jabber:client", string(data))
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString(stanza.NSClient, stamped{el: el, from: from})
		if err != nil {
			return // the writer refuses what XML cannot carry
		}
		if bound := stampedBound(el.Size(), len(from.String())); len(out) > bound {
			t.Fatalf("re-encoded in %d bytes, more than the bound %d that lets checkSize skip the measure:\n%q", len(out), bound, data)
		}
		back, err := xmpptest.ReadElement("jabber:client", out)
		if err != nil {
			t.Fatalf("re-encoded stanza does not parse: %v\n%s", err, out)
		}
		if back.Attr("from") != from.String() {
			t.Fatalf("from %q", back.Attr("from"))
		}
		if !sameExceptFrom(el, back) {
			t.Fatalf("re-encoding changed the stanza:\n%q\n%s", data, out)
		}
	})
}

// sameExceptFrom compares two elements' names, attributes (but 'from' at
// the top) and child elements, recursively.
func sameExceptFrom(a, b *xmlstream.Element) bool {
	drop := func(attrs []xml.Attr) []xml.Attr {
		return slices.DeleteFunc(attrs, func(x xml.Attr) bool { return x.Name.Space == "" && x.Name.Local == "from" })
	}
	if a.Name() != b.Name() || !sameAttrs(drop(a.Attrs()), drop(b.Attrs())) {
		return false
	}
	return sameChildren(a, b)
}

func sameChildren(a, b *xmlstream.Element) bool {
	var ac, bc []*xmlstream.Element
	for c := range a.Children() {
		ac = append(ac, c.Clone())
	}
	for c := range b.Children() {
		bc = append(bc, c.Clone())
	}
	if len(ac) != len(bc) {
		return false
	}
	for i := range ac {
		if ac[i].Name() != bc[i].Name() || !sameAttrs(ac[i].Attrs(), bc[i].Attrs()) || ac[i].Text() != bc[i].Text() || !sameChildren(ac[i], bc[i]) {
			return false
		}
	}
	return true
}

func sameAttrs(a, b []xml.Attr) bool {
	cmp := func(x, y xml.Attr) int {
		if c := strings.Compare(x.Name.Space, y.Name.Space); c != 0 {
			return c
		}
		return strings.Compare(x.Name.Local, y.Name.Local)
	}
	slices.SortFunc(a, cmp)
	slices.SortFunc(b, cmp)
	return slices.Equal(a, b)
}

// BenchmarkStamped measures the re-encoding of a routed message.
func BenchmarkStamped(b *testing.B) {
	el, err := xmpptest.ReadElement("jabber:client", "<message to='bob@example.test' type='chat' id='a1'><body>Wherefore art thou?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>")
	if err != nil {
		b.Fatal(err)
	}
	from := jid.MustParse("alice@example.test/phone")
	w := xmlstream.NewWriter(discard{})
	w.SetDefaultNS(stanza.NSClient)
	b.ReportAllocs()
	for b.Loop() {
		if err := (stamped{el: el, from: from}).WriteXML(w.Encoder()); err != nil {
			b.Fatal(err)
		}
		_ = w.Flush()
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
