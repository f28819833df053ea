package pubsub_test

import (
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmpptest"
)

// The <options/> of a request for a subscription's options form (XEP-0060
// §6.3.2), which SubscriptionOptions sends inside <pubsub/>.
func ExampleOptions() {
	req := pubsub.Options{Node: "princely_musings", JID: jid.MustParse("francisco@denmark.lit")}
	out, err := xmpptest.MarshalString(pubsub.NS, req)
	if err != nil {
		panic(err)
	}
	fmt.Println(out)
	// Output:
	// <options node="princely_musings" jid="francisco@denmark.lit"/>
}
