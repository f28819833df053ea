package markers_test

import (
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/markers"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A message that asks to hear when it is displayed, and the marker that
// answers it.
func ExampleMarkable() {
	m := message.Chat(jid.MustParse("juliet@example.net"), "sleeping")
	m.Header.ID = "message-1"
	m.Payload = []xmlstream.Marshaler{markers.Markable{}}
	out, _ := xmpptest.MarshalString("jabber:client", m)
	fmt.Println(out)

	el, _ := xmpptest.ReadElement("", `<message xmlns='jabber:client' from='juliet@example.net/balcony'><displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/></message>`)
	mk, ok, err := markers.Of(el)
	fmt.Println(mk.Kind, mk.ID, ok, err)
	// Output:
	// <message id="message-1" to="juliet@example.net" type="chat"><body>sleeping</body><markable xmlns="urn:xmpp:chat-markers:0"/></message>
	// displayed message-1 true <nil>
}
