package pubsub_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzPEPServe sends arbitrary <pubsub/> requests, from the owner and
// from a stranger, to a PEP service with small limits: each is answered
// or refused with a stanza error, never a panic, and the service stays
// within its limits.
func FuzzPEPServe(f *testing.F) {
	for _, s := range []string{
		pubReq("n", "a", "<x xmlns='urn:test'/>", pubOptions("pubsub#access_model", "whitelist", "pubsub#max_items", "max")),
		pubReq("n", "", "<x xmlns='urn:test'/>", pubOptions("pubsub#max_items", "0")),
		psOpen + "<items node='n' max_items='2'><item id='a'/></items><set xmlns='http://jabber.org/protocol/rsm'><before/></set></pubsub>",
		psOpen + "<retract node='n' notify='1'><item id='a'/></retract></pubsub>",
		psOpen + "<create node='m'/><configure><x xmlns='jabber:x:data' type='submit'><field var='pubsub#notify_retract'><value>maybe</value></field></x></configure></pubsub>",
		ownerOpen + "<configure node='n'><x xmlns='jabber:x:data' type='submit'><field var='pubsub#send_last_published_item'><value>on_sub</value></field></x></configure></pubsub>",
		ownerOpen + "<purge node='n'/></pubsub>",
		ownerOpen + "<delete node='n'/></pubsub>",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, owner bool) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		p := pubsub.NewPEP(new(pubsub.MemoryStore), pubsub.Limits{MaxNodes: 2, MaxItems: 3, MaxItemBytes: 512})
		rel := pubsub.Stranger
		if owner {
			rel = pubsub.Owner
		}
		for _, set := range []bool{true, false, true} {
			resp, err := p.Serve(pubsub.Request{Owner: alice, Relation: rel, Set: set, Payload: el})
			var se stanza.Error
			if err != nil && !errors.As(err, &se) {
				t.Fatalf("%q: not a stanza error: %v", s, err)
			}
			if err == nil && resp.Result != nil {
				xmpptest.Marshal(t, resp.Result)
			}
			if err == nil && resp.Notify != nil {
				xmpptest.Marshal(t, *resp.Notify)
			}
		}
		if got := p.LastItems(alice, pubsub.Owner, func(string) bool { return true }); len(got) > 2 {
			t.Fatalf("%q: %d nodes, more than the limit", s, len(got))
		}
	})
}
