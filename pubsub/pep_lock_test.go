package pubsub_test

import (
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmpptest"
)

// slowStore is a pubsub.Store whose puts to stuck's nodes wait for gate:
// a durable store's slow sync.
type slowStore struct {
	pubsub.MemoryStore
	stuck   jid.JID
	entered chan struct{}
	gate    chan struct{}
}

func (s *slowStore) Put(owner jid.JID, node string, it pubsub.StoredItem, keep int) error {
	if owner == s.stuck {
		s.entered <- struct{}{}
		<-s.gate
	}
	return s.MemoryStore.Put(owner, node, it, keep)
}

// TestPEPOwnersDoNotWaitForEachOther: while one account's publish is in
// a slow store write, another account's publish and read are served; the
// first account's next request waits for its publish (an owner's
// requests are still served one at a time).
func TestPEPOwnersDoNotWaitForEachOther(t *testing.T) {
	bob := jid.MustParse("bob@example.test")
	st := &slowStore{stuck: alice, entered: make(chan struct{}, 1), gate: make(chan struct{})}
	var open sync.Once
	release := func() { open.Do(func() { close(st.gate) }) }
	t.Cleanup(release) // a failed test leaves no request stuck
	p := pubsub.NewPEP(st, pubsub.Limits{})
	req := func(owner jid.JID, set bool, payload string) chan error {
		done := make(chan error, 1)
		el := xmpptest.Element(t, payload)
		go func() {
			_, err := p.Serve(pubsub.Request{Owner: owner, Relation: pubsub.Owner, Set: set, Payload: el})
			done <- err
		}()
		return done
	}
	wait := func(what string, done chan error) {
		t.Helper()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: not served", what)
		}
	}
	const x = "<x xmlns='urn:test'>1</x>"
	alicePub := req(alice, true, pubReq("n", "1", x, ""))
	<-st.entered
	wait("bob's publish", req(bob, true, pubReq("n", "1", x, "")))
	wait("bob's items", req(bob, false, psOpen+"<items node='n'/></pubsub>"))
	aliceItems := req(alice, false, psOpen+"<items node='n'/></pubsub>")
	select {
	case err := <-aliceItems:
		t.Fatalf("alice's items served (%v) during her publish", err)
	case <-time.After(50 * time.Millisecond):
	}
	release()
	wait("alice's publish", alicePub)
	wait("alice's items", aliceItems)
}
