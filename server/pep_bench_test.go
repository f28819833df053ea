package server_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkPEPPublish measures a publish to the account's own PEP node
// and its result, over loopback TLS: the request's routing, the service,
// the store (a node of 256 items, the oldest dropped) and the answer.
func BenchmarkPEPPublish(b *testing.B) {
	srv := newServer(b, unshaped)
	alice := login(b, srv, "alice", "phone")
	ctx := context.Background()
	opts := "<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field><field var='pubsub#max_items'><value>max</value></field></x></publish-options>"
	reqs := make([]*xmlstream.Element, 16)
	for i := range reqs {
		reqs[i] = xmpptest.ElementIn(b, "jabber:client", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:bench'><item id='"+strconv.Itoa(i)+"'><tune xmlns='http://jabber.org/protocol/tune'><title>Yesterday</title></tune></item></publish>"+opts+"</pubsub>")
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := alice.sess.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
