package xmlstream_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/canto-im/xmpp/xmlstream"
)

// A reader of many streams waits for input before it takes an Element from
// its pool, so that a stream whose peer is idle holds none.
func ExampleDecoder_WaitInput() {
	pool := sync.Pool{New: func() any { return new(xmlstream.Element) }}
	d := xmlstream.NewDecoder(strings.NewReader(
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`+
			`<presence/><message><body>hi</body></message></stream:stream>`), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		fmt.Println(err)
		return
	}
	for {
		d.WaitInput()
		el := pool.Get().(*xmlstream.Element)
		err := d.ReadElement(el)
		if errors.Is(err, xmlstream.ErrStreamEnd) {
			fmt.Println("end of stream")
			return
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(el.Name().Local)
		pool.Put(el)
	}
	// Output:
	// presence
	// message
	// end of stream
}
