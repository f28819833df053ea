package hints_test

import (
	"fmt"

	"github.com/canto-im/xmpp/hints"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A message that should neither be copied to the sender's other devices
// nor archived (XEP-0334 §3), and the check a receiver makes.
func Example() {
	m := message.Chat(jid.MustParse("juliet@capulet.lit/laptop"), "V unir avtug'f pybnx")
	m.Header.ID = "1"
	m.Payload = []xmlstream.Marshaler{hints.NoCopy, hints.NoStore}
	s, err := xmpptest.MarshalString("jabber:client", m)
	fmt.Println(s, err)

	el, _ := xmpptest.ReadElement("", s)
	fmt.Println(hints.Has(el, hints.NoCopy), hints.Has(el, hints.Store))
	// Output:
	// <message id="1" to="juliet@capulet.lit/laptop" type="chat"><body>V unir avtug'f pybnx</body><no-copy xmlns="urn:xmpp:hints"/><no-store xmlns="urn:xmpp:hints"/></message> <nil>
	// true false
}
