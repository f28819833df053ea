package server

import (
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestClientChildSameBytes: a message to an account writes its
// jabber:client children through the Writer's path for decoded elements
// (writeClientChild); on a client's stream and in the archive the bytes
// are the ones writeChild's rebuilt start tags give (stamped's).
func TestClientChildSameBytes(t *testing.T) {
	from := jid.MustParse("alice@example.test/phone")
	for _, msg := range []string{
		"<message to='bob@example.test' type='chat' id='1'><body>hi &amp; bye &lt;3 &gt; \" '</body></message>",
		"<message to='bob@example.test' type='chat' xml:lang='fr'><body xml:lang='en'>hello</body><subject>s</subject><thread parent='p'>t</thread></message>",
		"<message to='bob@example.test'><body/><x xmlns='urn:x' a='1'><y/></x><body xml:lang='de'>hallo</body></message>",
		"<message to='bob@example.test' type='chat'><body xmlns:p='urn:p' p:a='v'>text</body></message>",
	} {
		el := xmpptest.ElementIn(t, "jabber:client", msg)
		m := &sidStamped{msg: stamped{el: el, from: from}, domain: "example.test"}
		want, err := xmpptest.MarshalString(stanza.NSClient, stamped{el: el, from: from})
		if err != nil {
			t.Fatal(err)
		}
		got, err := xmpptest.MarshalString(stanza.NSClient, archived{m})
		if err != nil || got != want {
			t.Errorf("on a stream:\n got %s, %v\nwant %s", got, err, want)
		}
		wantRaw, err := mam.Encode(stamped{el: el, from: from})
		if err != nil {
			t.Fatal(err)
		}
		gotRaw, err := mam.Encode(archived{m})
		if err != nil || string(gotRaw) != string(wantRaw) {
			t.Errorf("archived:\n got %s, %v\nwant %s", gotRaw, err, wantRaw)
		}
	}
}
