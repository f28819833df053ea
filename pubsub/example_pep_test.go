package pubsub_test

import (
	"fmt"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmlstream"
)

// A server serves its accounts' PEP services with a PEP over a Store: the
// first publish creates the node, and the event to send comes back with
// the access model that says who may receive it.
func ExamplePEP() {
	p := pubsub.NewPEP(new(pubsub.MemoryStore), pubsub.Limits{})
	owner := jid.MustParse("juliet@example.com")
	req := new(xmlstream.Element)
	in := `<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='http://jabber.org/protocol/tune'>` +
		`<item id='current'><tune xmlns='http://jabber.org/protocol/tune'><title>Yesterday</title></tune></item></publish></pubsub>`
	if err := xmlstream.NewDecoder(strings.NewReader(in), xmlstream.Limits{}).ReadElement(req); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := p.Serve(pubsub.Request{Owner: owner, Relation: pubsub.Owner, Set: true, Payload: req})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Notify.Node, resp.Notify.Items[0].ID, resp.AccessModel)
	fmt.Println("a contact may read:", pubsub.MayRead(resp.AccessModel, pubsub.Contact))
	fmt.Println("a stranger may read:", pubsub.MayRead(resp.AccessModel, pubsub.Stranger))
	// Output:
	// http://jabber.org/protocol/tune current presence
	// a contact may read: true
	// a stranger may read: false
}
