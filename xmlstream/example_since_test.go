package xmlstream_test

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/canto-im/xmpp/xmlstream"
)

// Since shows an element just encoded, still in the Writer's buffer, so that
// it can be inspected (or copied) before it is let go or rolled back.
func ExampleWriter_Since() {
	w := xmlstream.NewWriter(io.Discard)
	w.SetDefaultNS("jabber:client")
	m := w.Mark()
	_ = w.Start(xml.Name{Local: "message"}, xml.Attr{Name: xml.Name{Local: "id"}, Value: "a1"})
	_ = w.End()
	b, ok := w.Since(m)
	fmt.Println(string(b), ok)
	_ = w.Flush()
	_, ok = w.Since(m)
	fmt.Println(ok)
	// Output:
	// <message id="a1"/> true
	// false
}
