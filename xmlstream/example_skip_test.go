package xmlstream_test

import (
	"fmt"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// After <proceed/>, the bytes already read must be white space at most:
// anything else was sent in plaintext across the TLS switch.
func ExampleDecoder_SkipBufferedSpace() {
	for _, in := range []string{"<proceed/>\r\n", "<proceed/><message/>"} {
		d := xmlstream.NewDecoder(strings.NewReader(in), xmlstream.Limits{})
		var el xmlstream.Element
		if err := d.ReadElement(&el); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%q: %d bytes left after white space\n", in, d.SkipBufferedSpace())
	}
	// Output:
	// "<proceed/>\r\n": 0 bytes left after white space
	// "<proceed/><message/>": 10 bytes left after white space
}

// A stream header read in place: its attributes are read without copying
// them into an xml.StartElement.
func ExampleDecoder_ReadStartElement() {
	d := xmlstream.NewDecoder(strings.NewReader(
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>`),
		xmlstream.Limits{})
	h, err := d.ReadStartElement()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Name().Local, h.Attr("to"), h.Attr("version"))
	// Output:
	// stream example.net 1.0
}
