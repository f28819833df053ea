package chatstates_test

import (
	"fmt"

	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmpptest"
)

// A standalone notification says the user is typing; Of reads it back.
func ExampleStandalone() {
	m := chatstates.Standalone(jid.MustParse("romeo@example.net"), chatstates.Composing)
	m.Header.ID = "c1"
	out, err := xmpptest.MarshalString("jabber:client", m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out)
	el, _ := xmpptest.ReadElement("jabber:client", out)
	st, err := chatstates.Of(el)
	fmt.Println(st, err)
	// Output:
	// <message id="c1" to="romeo@example.net" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>
	// composing <nil>
}
