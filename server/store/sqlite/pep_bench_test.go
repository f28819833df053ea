package sqlite_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkPEPPublishParallel is 8 accounts publishing at once to PEP
// nodes in the store: each publish is a durable write, and the accounts'
// writes share the store's one writer.
func BenchmarkPEPPublishParallel(b *testing.B) {
	p := pubsub.NewPEP(openTemp(b).PEP(), pubsub.Limits{})
	var next atomic.Int32
	b.SetParallelism(4) // 8 publishers on 2 CPUs
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		owner := jid.MustParse(fmt.Sprintf("u%d@example.test", next.Add(1)))
		i := 0
		for pb.Next() {
			i++
			req := fmt.Sprintf("<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:xmpp:tune'><item id='%d'><tune xmlns='http://jabber.org/protocol/tune'><title>%d</title></tune></item></publish></pubsub>", i%4, i)
			if _, err := p.Serve(pubsub.Request{Owner: owner, Relation: pubsub.Owner, Set: true, Payload: xmpptest.Element(b, req)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
