package xmlstream_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// A reader that wraps the one a Decoder reads from takes over between two
// elements: what the Decoder had buffered is still read first, and only
// the bytes read after the switch pass through the wrapper.
func ExampleDecoder_SetReader() {
	in := strings.NewReader("<a/><b/>" + strings.Repeat(" ", 8192) + "<c/>")
	d := xmlstream.NewDecoder(in, xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	count := &countingReader{r: in}
	d.SetReader(count)
	for range 2 {
		if err := d.ReadElement(&el); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(el.Name().Local)
	}
	fmt.Println("read through the wrapper:", count.n > 0, count.n < 8200)
	// Output:
	// b
	// c
	// read through the wrapper: true true
}
