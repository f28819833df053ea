package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// presenceTo is a payload-less presence of type typ to 'to'.
func presenceTo(to jid.JID, typ stanza.PresenceType) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(stanza.Presence{To: to, Type: typ}.WriteEmpty)
}

// TestBadInput_SubscribeSpam: subscription requests to accounts that do
// not exist create roster items, but only within the roster's byte budget
// (the rest is refused with resource-constraint), so that the owner can
// still fetch the roster: its result stays under a client's default
// element limit (xmlstream's 1 MiB).
func TestBadInput_SubscribeSpam(t *testing.T) {
	srv := newServer(t, unshaped)
	alice := loginCounter(t, srv, "alice", "spam")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const n = 10000
	long := strings.Repeat("n", 80)
	for i := range n {
		to := jid.MustParse(fmt.Sprintf("%s%05d@example.test", long, i))
		if err := alice.sess.Send(ctx, presenceTo(to, stanza.SubscribePresence)); err != nil {
			t.Fatalf("subscribe %d: %v", i, err)
		}
	}
	resp, err := alice.sess.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(rosterQuery); err != nil {
			return err
		}
		return w.End()
	}))
	if err != nil {
		t.Fatalf("the roster can no longer be fetched: %v (session: %v)", err, alice.sess.Err())
	}
	q, _ := resp.Child(server.NSRoster, "query")
	items := 0
	for range q.Children() {
		items++
	}
	if resp.Size() > 1<<20 {
		t.Errorf("the roster result takes %d bytes", resp.Size())
	}
	settle(t, 10*time.Second, "refusals", func() bool { return alice.presConds[condResource].Load() > 0 })
	t.Logf("%d items kept (%d bytes), %d requests refused", items, resp.Size(), alice.presConds[condResource].Load())
}

// TestBadInput_TooManyResources: an account may bind only so many
// resources at once; one more is refused with resource-constraint.
func TestBadInput_TooManyResources(t *testing.T) {
	srv := newServer(t, server.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := range 16 {
		c, err := dialCounter(ctx, srv, "bob", testUsers["bob"], fmt.Sprint("r", i))
		if err != nil {
			t.Fatalf("resource %d: %v", i, err)
		}
		t.Cleanup(c.close)
	}
	c, err := dialCounter(ctx, srv, "bob", testUsers["bob"], "one-too-many")
	if err == nil {
		c.close()
		t.Fatal("a 17th resource was bound")
	}
	if !strings.Contains(err.Error(), "resource-constraint") {
		t.Errorf("refused with %v, want resource-constraint", err)
	}
}

// TestBadInput_DirectedPresenceSet: the entities a resource sent directed
// presence to are remembered up to a bound; beyond it, directed presence
// is refused with resource-constraint rather than kept without limit.
func TestBadInput_DirectedPresenceSet(t *testing.T) {
	srv := newServer(t, unshaped)
	alice := loginCounter(t, srv, "alice", "desk")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := alice.sess.Send(ctx, presenceTo(jid.JID{}, "")); err != nil {
		t.Fatal(err)
	}
	for i := range 1001 {
		if err := alice.sess.Send(ctx, presenceTo(jid.MustParse(fmt.Sprintf("u%d@example.test", i)), "")); err != nil {
			t.Fatal(err)
		}
	}
	settle(t, 5*time.Second, "a refusal", func() bool { return alice.presConds[condResource].Load() == 1 })
}

// TestBadInput_PendingSubscriptionBudget: the subscription requests an
// account has not answered are kept within a byte budget: a huge request
// is refused with resource-constraint instead of being held.
func TestBadInput_PendingSubscriptionBudget(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := loginCounter(t, srv, "alice", "desk")
	_ = loginCounter(t, srv, "bob", "desk")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	big := strings.Repeat("please ", 200<<10/7)
	err := alice.sess.Send(ctx, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		p := stanza.Presence{To: jid.MustParse("bob@example.test"), Type: stanza.SubscribePresence}
		if err := p.WriteStart(w); err != nil {
			return err
		}
		if err := w.Start(statusName); err != nil {
			return err
		}
		if err := w.Text(big); err != nil {
			return err
		}
		if err := w.End(); err != nil {
			return err
		}
		return w.End()
	}))
	if err != nil {
		t.Fatal(err)
	}
	settle(t, 5*time.Second, "a refusal", func() bool { return alice.presConds[condResource].Load() == 1 })
}

// TestBadInput_ApprovalOverBudget: an approval the approver's roster has
// no room for is refused to the approver with resource-constraint (and
// the request stays pending), not ignored in silence.
func TestBadInput_ApprovalOverBudget(t *testing.T) {
	cfg := unshaped
	cfg.MaxRosterBytes = 4 << 10
	srv := newServer(t, cfg)
	alice := loginCounter(t, srv, "alice", "full")
	bob := loginCounter(t, srv, "bob", "desk")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Available, so that bob's request reaches alice.
	if err := alice.sess.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)); err != nil {
		t.Fatal(err)
	}
	// bob asks first, while alice's roster still has room for nothing
	// more once she has filled it below.
	if err := bob.sess.Send(ctx, presenceTo(alice.jid.Bare(), stanza.SubscribePresence)); err != nil {
		t.Fatal(err)
	}
	// Contacts as long as bob's JID, so that when one no longer fits,
	// bob does not either.
	for i := 0; alice.presConds[condResource].Load() == 0; i++ {
		if i > 999 {
			t.Fatal("the roster budget never filled")
		}
		to := jid.MustParse(fmt.Sprintf("%03d@example.test", i))
		if err := alice.sess.Send(ctx, presenceTo(to, stanza.SubscribePresence)); err != nil {
			t.Fatal(err)
		}
		if i%10 == 9 {
			time.Sleep(20 * time.Millisecond) // let refusals come back
		}
	}
	before := alice.presConds[condResource].Load()
	if err := alice.sess.Send(ctx, presenceTo(bob.jid.Bare(), stanza.SubscribedPresence)); err != nil {
		t.Fatal(err)
	}
	settle(t, 10*time.Second, "the approval's refusal", func() bool { return alice.presConds[condResource].Load() > before })
}
