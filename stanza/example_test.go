package stanza_test

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// A message with a body, through encoding/xml, by embedding the header.
func ExampleMessage() {
	type Chat struct {
		stanza.Message
		Body string `xml:"body"`
	}
	out, _ := xml.Marshal(Chat{
		Message: stanza.Message{ID: "c1", To: jid.MustParse("juliet@example.com"), Type: stanza.ChatMessage},
		Body:    "Art thou not Romeo?",
	})
	fmt.Println(string(out))
	// Output:
	// <message id="c1" to="juliet@example.com" type="chat"><body>Art thou not Romeo?</body></message>
}

// Writing a stanza through the token layer, without encoding/xml.
func ExampleMessage_WriteStart() {
	w := xmlstream.NewWriter(os.Stdout)
	w.SetDefaultNS(stanza.NSClient) // as declared by the stream header
	m := stanza.Message{ID: "c2", To: jid.MustParse("juliet@example.com"), Type: stanza.ChatMessage}
	m.XMLName.Space = stanza.NSClient
	_ = m.WriteStart(w.Encoder())
	_ = w.Start(xml.Name{Space: stanza.NSClient, Local: "body"})
	_ = w.Text("Wherefore art thou?")
	_ = w.End()
	_ = w.End()
	_ = w.Flush()
	fmt.Println()
	// Output:
	// <message id="c2" to="juliet@example.com" type="chat"><body>Wherefore art thou?</body></message>
}

func ExampleParseHeader() {
	d := xmlstream.NewDecoder(strings.NewReader(
		`<iq xmlns='jabber:client' type='get' id='v1' from='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>`),
		xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	h, err := stanza.ParseHeader(&el)
	fmt.Println(h.Kind, h.Type, h.ID, h.From, err)
	// Output:
	// iq get v1 romeo@example.net/orchard <nil>
}

func ExampleParseHeader_badAddress() {
	d := xmlstream.NewDecoder(strings.NewReader(`<message xmlns='jabber:client' to='@example.com'/>`), xmlstream.Limits{})
	var el xmlstream.Element
	_ = d.ReadElement(&el)
	_, err := stanza.ParseHeader(&el)
	fmt.Println(errors.Is(err, stanza.Error{Condition: stanza.JIDMalformed}))
	fmt.Println(err)
	// Output:
	// true
	// stanza: modify jid-malformed: invalid 'to' address
}

func ExampleError_Is() {
	var err error = &stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound}
	fmt.Println(errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}))
	fmt.Println(errors.Is(err, stanza.Error{Type: stanza.Wait}))
	// Output:
	// true
	// false
}

func ExampleWriteErrorReply() {
	d := xmlstream.NewDecoder(strings.NewReader(
		`<iq xmlns='jabber:client' type='get' id='d1' from='romeo@example.net/orchard' to='example.com'><query xmlns='urn:example:unknown'/></iq>`),
		xmlstream.Limits{})
	var req xmlstream.Element
	_ = d.ReadElement(&req)

	w := xmlstream.NewWriter(os.Stdout)
	w.SetDefaultNS(stanza.NSClient)
	_ = stanza.WriteErrorReply(w.Encoder(), &req, stanza.NewError(stanza.ServiceUnavailable))
	_ = w.Flush()
	fmt.Println()
	// Output:
	// <iq id="d1" to="romeo@example.net/orchard" from="example.com" type="error"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>
}

func ExampleNewID() {
	id := stanza.NewID()
	fmt.Println(len(id))
	// Output:
	// 16
}

// Answering an IQ request with an empty result.
func ExampleIQ_Result() {
	req := stanza.IQ{ID: "p1", From: jid.MustParse("romeo@example.net/orchard"), To: jid.MustParse("example.com"), Type: stanza.GetIQ}
	w := xmlstream.NewWriter(os.Stdout)
	_ = req.Result().WriteEmpty(w.Encoder())
	_ = w.Flush()
	fmt.Println()
	// Output:
	// <iq id="p1" to="romeo@example.net/orchard" from="example.com" type="result"/>
}
