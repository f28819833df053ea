package oob_test

import (
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/oob"
	"github.com/canto-im/xmpp/xmpptest"
)

// A URL goes with a message as a payload; the receiver finds it with Find.
// Clients show the body too, so it repeats the URL for those without
// XEP-0066.
func ExampleData() {
	u := "https://upload.example/lic.jpg"
	m := message.Chat(jid.MustParse("juliet@capulet.lit"), u)
	m.Header.ID = "m1"
	m.Payload = append(m.Payload, oob.Data{URL: u, Desc: "A license"})
	out, err := xmpptest.MarshalString("jabber:client", m)
	fmt.Println(out, err)
	el, _ := xmpptest.ReadElement("jabber:client", out)
	fmt.Printf("%+v\n", oob.Find(el))
	// Output:
	// <message id="m1" to="juliet@capulet.lit" type="chat"><body>https://upload.example/lic.jpg</body><x xmlns="jabber:x:oob"><url>https://upload.example/lic.jpg</url><desc>A license</desc></x></message> <nil>
	// [{URL:https://upload.example/lic.jpg Desc:A license}]
}
