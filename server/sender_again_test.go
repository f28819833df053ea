package server

import (
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// TestSenderAgain checks that the handler's earlier answer of sender is
// taken again only while it still holds: a resource removed from its
// account, released, or gone with its account is detached, and routing
// asks sender again (which, for these sessions of no address, finds none).
func TestSenderAgain(t *testing.T) {
	r := newRegistry(jid.MustParse("example.com"), nil, nil)
	alice := r.addAccount(jid.MustParse("alice@example.com"))
	sess := new(xmpp.Session)
	bind := func(name string) *resource {
		res := &resource{full: jid.MustParse("alice@example.com/" + name), sess: sess, q: new(deliveryQueue)}
		alice.resources[name] = res
		return res
	}
	res := bind("a")
	if got := r.senderAgain(res, sess); got != res {
		t.Fatalf("senderAgain of a resource still bound = %p, want %p", got, res)
	}
	if got := r.senderAgain(res, new(xmpp.Session)); got != nil {
		t.Fatal("senderAgain took a resource attached to another session")
	}
	var out outbox
	r.removeResource(res, nil, &out)
	if got := r.senderAgain(res, sess); got != nil {
		t.Fatal("senderAgain took a removed resource")
	}

	res = bind("b")
	s := &Server{state: r}
	b := &binding{s: s, res: res}
	b.releaseLocked()
	if got := r.senderAgain(res, sess); got != nil {
		t.Fatal("senderAgain took a released resource")
	}

	res = bind("c")
	s.forgetAccount("alice")
	if got := r.senderAgain(res, sess); got != nil {
		t.Fatal("senderAgain took a resource of a removed account")
	}
}
