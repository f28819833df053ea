package xmlstream_test

import (
	"encoding/xml"
	"fmt"
	"os"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

func ExampleDecoder() {
	in := `<?xml version='1.0'?>` +
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.net' version='1.0'>` +
		`<message to='juliet@example.net' type='chat'><body>Art thou not Romeo?</body></message>` +
		"\n" + `<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>` +
		`</stream:stream>`
	d := xmlstream.NewDecoder(strings.NewReader(in), xmlstream.Limits{})
	start, err := d.ReadStart()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("stream from", start.Attr[0].Value)
	var el xmlstream.Element
	for {
		err := d.ReadElement(&el)
		if err == xmlstream.ErrStreamEnd {
			fmt.Println("stream closed")
			return
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		payload, _ := el.FirstChild()
		fmt.Printf("%s type=%s payload={%s}%s\n", el.Name().Local, el.Attr("type"), payload.Space, payload.Local)
	}
	// Output:
	// stream from example.net
	// message type=chat payload={jabber:client}body
	// iq type=get payload={urn:xmpp:ping}ping
	// stream closed
}

func ExampleDecoder_restricted() {
	d := xmlstream.NewDecoder(strings.NewReader(`<message><!-- hi --></message>`), xmlstream.Limits{})
	var el xmlstream.Element
	err := d.ReadElement(&el)
	fmt.Println(err)
	if e, ok := err.(*xmlstream.Error); ok {
		fmt.Println("stream error:", e.Kind)
	}
	// Output:
	// xmlstream: restricted-xml at offset 9: comment
	// stream error: restricted-xml
}

func ExampleElement_Decode() {
	d := xmlstream.NewDecoder(strings.NewReader(
		`<message xmlns='jabber:client' to='romeo@example.net'><body>Wherefore?</body></message>`), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	var msg struct {
		XMLName xml.Name `xml:"jabber:client message"`
		To      string   `xml:"to,attr"`
		Body    string   `xml:"body"`
	}
	if err := el.Decode(&msg); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg.To, msg.Body)
	// Output: romeo@example.net Wherefore?
}

func ExampleWriter() {
	w := xmlstream.NewWriter(os.Stdout)
	w.SetDefaultNS("jabber:client")
	_ = w.Start(xml.Name{Space: "jabber:client", Local: "message"},
		xml.Attr{Name: xml.Name{Local: "to"}, Value: "juliet@example.net"},
		xml.Attr{Name: xml.Name{Space: "http://www.w3.org/XML/1998/namespace", Local: "lang"}, Value: "en"})
	_ = w.Start(xml.Name{Space: "jabber:client", Local: "body"})
	_ = w.Text("1 < 2 & 3 > 2")
	_ = w.End()
	_ = w.Start(xml.Name{Space: "urn:xmpp:receipts", Local: "request"})
	_ = w.End()
	_ = w.End()
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	fmt.Println()
	fmt.Println(w.Start(xml.Name{Local: "bad name"}))
	// Output:
	// <message to="juliet@example.net" xml:lang="en"><body>1 &lt; 2 &amp; 3 > 2</body><request xmlns="urn:xmpp:receipts"/></message>
	// xmlstream: invalid XML name
}

// A router that stamps a stanza's 'from' builds the start tag's attributes
// in a buffer of its own.
func ExampleElement_AppendAttrs() {
	var el xmlstream.Element
	d := xmlstream.NewDecoder(strings.NewReader(`<message xmlns='jabber:client' to='b@example.net' type='chat'/>`), xmlstream.Limits{})
	if err := d.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	var buf [4]xml.Attr
	attrs := el.AppendAttrs(buf[:0])
	attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "from"}, Value: "a@example.net/phone"})
	for _, a := range attrs {
		fmt.Printf("%s=%s\n", a.Name.Local, a.Value)
	}
	// Output:
	// to=b@example.net
	// type=chat
	// from=a@example.net/phone
}
