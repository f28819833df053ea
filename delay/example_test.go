package delay_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Reading the delay a server added to a message stored offline.
func ExampleFind() {
	d := xmlstream.NewDecoder(strings.NewReader(`<message xmlns='jabber:client' from='romeo@montague.net/orchard' to='juliet@capulet.com' type='chat'>
  <body>O blessed, blessed night!</body>
  <delay xmlns='urn:xmpp:delay' from='capulet.com' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>
</message>`), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	dl, ok, err := delay.Find(&el)
	fmt.Println(ok, err)
	fmt.Println(dl.Stamp, dl.From, dl.Reason)
	// Output:
	// true <nil>
	// 2002-09-10 23:08:25 +0000 UTC capulet.com Offline Storage
}

// Adding a delay to a presence being written.
func ExampleDelay_WriteXML() {
	w := xmlstream.NewWriter(os.Stdout)
	w.SetDefaultNS(stanza.NSClient)
	_ = stanza.Presence{From: jid.MustParse("juliet@capulet.com/balcony")}.WriteStart(w.Encoder())
	_ = delay.Delay{Stamp: time.Date(2002, 9, 10, 23, 41, 7, 0, time.UTC)}.WriteXML(w.Encoder())
	_ = w.End()
	_ = w.Flush()
	fmt.Println()
	// Output:
	// <presence from="juliet@capulet.com/balcony"><delay xmlns="urn:xmpp:delay" stamp="2002-09-10T23:41:07Z"/></presence>
}
