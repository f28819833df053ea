package xmpptest_test

import (
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// ReadElement reads a stanza the way a session receives it: inside a
// stream, where an element without an xmlns is in the content namespace.
// (Tests call Element and ElementIn, which fail the test instead of
// returning an error.)
func ExampleReadElement() {
	el, err := xmpptest.ReadElement("jabber:client", `<message to='juliet@example.net'><body>Art thou not Romeo?</body></message>`)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := el.Child("jabber:client", "body")
	fmt.Println(el.Name().Space, el.Attr("to"), body.Text())
	// Output:
	// jabber:client juliet@example.net Art thou not Romeo?
}

// MarshalString writes a marshaler as it would go on a stream. (Tests call
// Marshal and MarshalIn, which fail the test instead of returning an
// error.)
func ExampleMarshalString() {
	ping := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: "urn:xmpp:ping", Local: "ping"}); err != nil {
			return err
		}
		return w.End()
	})
	fmt.Println(xmpptest.MarshalString("jabber:client", ping))
	// Output:
	// <ping xmlns="urn:xmpp:ping"/> <nil>
}

// SameXML compares elements by what they mean, as RunWire does.
func ExampleSameXML() {
	fmt.Println(xmpptest.SameXML(
		`<p:ping xmlns:p='urn:xmpp:ping' a='1' b='2'></p:ping>`,
		`<ping xmlns="urn:xmpp:ping" b="2" a="1"/>`))
	// Output:
	// true <nil>
}
