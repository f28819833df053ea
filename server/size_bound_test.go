package server

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestStampedBound: the bound under which checkSize skips measuring a
// stanza holds for the stanzas that grow most when re-encoded: escaped
// characters, a long namespace declared once on a prefix and used by many
// small children, namespaced attributes, and a 'from' full of characters
// to escape.
func TestStampedBound(t *testing.T) {
	long := "urn:" + strings.Repeat("n", 200)
	for _, tc := range []struct{ name, xml, from string }{
		{"chat", "<message to='bob@example.test' type='chat' id='m1'><body>hello</body></message>", "alice@example.test/phone"},
		{"escapes", `<message a='"""""'><body>` + strings.Repeat("&lt;&amp;&#13;", 20) + `<![CDATA[<<<<&&&&]]></body></message>`, "alice@example.test/phone"},
		{"prefixed children", "<message xmlns:p='" + long + "'>" + strings.Repeat("<p:a/>", 40) + "</message>", "alice@example.test/phone"},
		{"prefixed attributes", "<message xmlns:p='" + long + "' xmlns:q='" + long + "q'>" + strings.Repeat("<a p:b='' q:c=''/>", 15) + "</message>", "alice@example.test/phone"},
		{"unnamespaced children", "<message><x xmlns='urn:x'>" + strings.Repeat("<y xmlns=''/>", 30) + "</x></message>", "alice@example.test/phone"},
		{"escaped from", "<presence/>", `a\27b\26c@example.test/"&<>"&<>"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			el, err := xmpptest.ReadElement(stanza.NSClient, tc.xml)
			if err != nil {
				t.Fatal(err)
			}
			from, err := jid.Parse(tc.from)
			if err != nil {
				t.Fatal(err)
			}
			out, err := xmpptest.MarshalString(stanza.NSClient, stamped{el: el, from: from})
			if err != nil {
				t.Fatal(err)
			}
			if bound := stampedBound(el.Size(), len(from.String())); len(out) > bound {
				t.Errorf("%d wire bytes re-encoded in %d, over the bound %d:\n%s", el.Size(), len(out), bound, out)
			}
		})
	}
	if stampedBound(64<<10+1, 10) < clientMaxElementBytes || stampedBound(600, 3071) < clientMaxElementBytes-stanzaHeadroom {
		t.Error("a large stanza is not measured")
	}
	if stampedBound(118, 24) > clientMaxElementBytes-stanzaHeadroom {
		t.Error("a small chat message is measured")
	}
}
