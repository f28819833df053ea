package server

import (
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestStampedAttrOrder pins the start tag of a re-encoded stanza, on a
// stream and archived: the sender's attributes in the sender's order,
// with escaping as needed; 'from' (and 'to' and 'id' when the server
// sets them) in place, or after the others in that order; then the
// stream's xml:lang if the stanza has none.
func TestStampedAttrOrder(t *testing.T) {
	from := jid.MustParse("alice@example.test/phone")
	for _, c := range []struct {
		in   string
		m    stamped
		want string
	}{
		{"<message to='bob@example.test' type='chat' id='1'><body>hi</body></message>", stamped{from: from, lang: "en"},
			`<message to="bob@example.test" type="chat" id="1" from="alice@example.test/phone" xml:lang="en"><body>hi</body></message>`},
		{"<message id='x' from='mallory@evil.test' xml:lang='de' to='bob@example.test'/>", stamped{from: from, lang: "en"},
			`<message id="x" from="alice@example.test/phone" xml:lang="de" to="bob@example.test"/>`},
		{"<presence type='probe' x='a&amp;b' y='&quot;'/>", stamped{from: from, to: jid.MustParse("bob@example.test"), id: "s1"},
			`<presence type="probe" x="a&amp;b" y='"' from="alice@example.test/phone" to="bob@example.test" id="s1"/>`},
		{"<iq id='q' type='get' to='x.example.test' from='alice@example.test/phone' xml:space='preserve'><ping xmlns='urn:xmpp:ping'/></iq>",
			stamped{from: from, id: "r&1", lang: "fr"},
			`<iq id="r&amp;1" type="get" to="x.example.test" from="alice@example.test/phone" xml:space="preserve" xml:lang="fr"><ping xmlns="urn:xmpp:ping"/></iq>`},
	} {
		c.m.el = xmpptest.ElementIn(t, "jabber:client", c.in)
		got, err := xmpptest.MarshalString(stanza.NSClient, c.m)
		if err != nil || got != c.want {
			t.Errorf("%s on a stream:\n got %s, %v\nwant %s", c.in, got, err, c.want)
		}
		raw, err := mam.Encode(c.m)
		wantRaw := c.want[:len(c.m.el.Name().Local)+1] + ` xmlns="jabber:client"` + c.want[len(c.m.el.Name().Local)+1:]
		if err != nil || string(raw) != wantRaw {
			t.Errorf("%s archived:\n got %s, %v\nwant %s", c.in, raw, err, wantRaw)
		}
		// A routed message is archived first, keeping its start tag's
		// attributes, which its deliveries then write.
		m := &sidStamped{msg: c.m, domain: "example.test", addLang: c.m.langToAdd()}
		if raw, err := mam.Encode(archived{m}); err != nil || string(raw) != wantRaw {
			t.Errorf("%s archived, keeping the tag:\n got %s, %v\nwant %s", c.in, raw, err, wantRaw)
		}
		if !m.tag.Kept() {
			t.Errorf("%s: start tag not kept", c.in)
		}
		if got, err := xmpptest.MarshalString(stanza.NSClient, m); err != nil || got != c.want {
			t.Errorf("%s delivered from the kept tag:\n got %s, %v\nwant %s", c.in, got, err, c.want)
		}
	}
}
