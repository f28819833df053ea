package fallback_test

import (
	"fmt"

	"github.com/canto-im/xmpp/fallback"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client that understands replies hides the quote the sender added for
// clients that do not.
func ExampleStrip() {
	msg, _ := xmpptest.ReadElement("jabber:client", `<message type='chat'>`+
		"<body>> Anna wrote:\n> We should bake a cake\nGreat idea!</body>"+
		`<reply xmlns='urn:xmpp:reply:0' to='anna@example.com/laptop' id='message-id1'/>`+
		`<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='38'/></fallback></message>`)
	body, _ := msg.Child("jabber:client", "body")
	fmt.Println(fallback.Strip(body.Text(), fallback.BodyRegions(fallback.For(msg, "urn:xmpp:reply:0"))))
	// Output:
	// Great idea!
}
