package upload_test

import (
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/upload"
	"github.com/canto-im/xmpp/xmpptest"
)

// A slot request, and the message that shares the uploaded file.
func ExampleMessage() {
	req, _ := xmpptest.MarshalString("", upload.Request{Filename: "très cool.jpg", Size: 23456, ContentType: "image/jpeg"})
	fmt.Println(req)
	m := upload.Message(jid.MustParse("juliet@capulet.lit"), "https://upload.montague.tld/4a77/tr%C3%A8s%20cool.jpg")
	m.Header.ID = "m1"
	out, err := xmpptest.MarshalString("jabber:client", m)
	fmt.Println(out, err)
	// Output:
	// <request xmlns="urn:xmpp:http:upload:0" filename="très cool.jpg" size="23456" content-type="image/jpeg"/>
	// <message id="m1" to="juliet@capulet.lit" type="chat"><body>https://upload.montague.tld/4a77/tr%C3%A8s%20cool.jpg</body><x xmlns="jabber:x:oob"><url>https://upload.montague.tld/4a77/tr%C3%A8s%20cool.jpg</url></x></message> <nil>
}
