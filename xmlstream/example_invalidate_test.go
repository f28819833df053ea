package xmlstream_test

import (
	"fmt"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// Invalidate makes a released element, and its views, read as empty;
// strings taken from it before stay valid.
func ExampleElement_Invalidate() {
	d := xmlstream.NewDecoder(strings.NewReader(`<message xmlns='jabber:client' id='m1'><body>hi</body></message>`), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	body, _ := el.Child("jabber:client", "body")
	id := el.Attr("id")
	el.Invalidate()
	fmt.Printf("%q %q %q %q\n", id, el.Name().Local, el.Attr("id"), body.Text())
	// Output: "m1" "" "" ""
}
