package replies_test

import (
	"testing"

	"github.com/canto-im/xmpp/replies"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkBody is the cost of reading a received reply's text without
// its quote.
func BenchmarkBody(b *testing.B) {
	el, err := xmpptest.ReadElement(stanza.NSClient, `<message type='chat'>`+
		"<body>> Anna wrote:\n> We should bake a cake\nGreat idea!</body>"+
		`<reply xmlns='urn:xmpp:reply:0' to='anna@example.com/laptop' id='message-id1'/>`+
		`<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='38'/></fallback></message>`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if replies.Body(el) != "Great idea!" {
			b.Fatal("wrong body")
		}
	}
}
