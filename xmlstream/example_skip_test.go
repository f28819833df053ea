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
