package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmlstream"
)

// checkDelay checks the XEP-0203 stamp of an offline message: from the
// server's domain, between the times given.
func checkDelay(t *testing.T, el *xmlstream.Element, after, before time.Time) {
	t.Helper()
	d, ok, err := delay.Find(el)
	if err != nil || !ok {
		t.Fatalf("no delay in %s: %v", serialise(el), err)
	}
	if d.From.String() != "example.test" {
		t.Errorf("delay from %s, want the server's domain", d.From)
	}
	// The stamp has second precision at least; allow for truncation.
	if d.Stamp.Before(after.Truncate(time.Second)) || d.Stamp.After(before) {
		t.Errorf("delay stamp %v, not between %v and %v", d.Stamp, after, before)
	}
}

// TestOfflineDelivery: chat and normal messages to an account with no
// available resource (to its bare JID, or chat to a resource that is gone)
// are kept and delivered in order, stamped, when the user next sends
// initial presence (RFC 6121 §8.5.2.2.1, XEP-0160); headlines are dropped,
// and the messages come once.
func TestOfflineDelivery(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "desk")
	alice.online()
	before := time.Now()
	sent := []string{
		"<message id='m1' to='bob@example.test' type='chat'><body>one</body></message>",
		"<message id='h1' to='bob@example.test' type='headline'><body>news</body></message>",
		"<message id='m2' to='bob@example.test'><body>two</body></message>",
		"<message id='m3' to='bob@example.test/gone' type='chat'><body>three</body></message>",
	}
	for _, s := range sent {
		alice.send(s)
	}
	alice.quiet() // no error: all kept (or, the headline, dropped)
	if got := srv.DeliveryStats().StoredOffline; got != 3 {
		t.Errorf("StoredOffline = %d, want 3", got)
	}
	bob := login(t, srv, "bob", "phone")
	bob.quiet() // nothing before initial presence
	bob.send("<presence/>")
	after := time.Now()
	for _, id := range []string{"m1", "m2", "m3"} {
		el := bob.expect("<message", "id='"+id+"'", "from='alice@example.test/desk'")
		checkDelay(t, el, before, after)
	}
	bob.drain()
	other := login(t, srv, "bob", "laptop")
	other.online()
	other.drain()
	for _, c := range []*client{bob, other} {
		select {
		case el := <-c.in:
			if strings.Contains(serialise(el), "<message") {
				t.Errorf("%s: a message came twice: %s", c.jid, serialise(el))
			}
		default:
		}
	}
}

// TestOfflineNotForNegativePriority: initial presence with a negative
// priority does not take the offline messages (such a resource gets no
// messages for the bare JID, §8.5.2.1.1); the first non-negative does.
func TestOfflineNotForNegativePriority(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "desk")
	alice.send("<message id='m1' to='bob@example.test' type='chat'><body>later</body></message>")
	bob := login(t, srv, "bob", "phone")
	bob.send("<presence><priority>-5</priority></presence>")
	bob.expect("<priority>-5</priority>")
	bob.quiet()
	bob.send("<presence><priority>1</priority></presence>")
	bob.expect("id='m1'", "urn:xmpp:delay")
}

// TestBadInput_OfflineQuota: a message beyond an account's offline quota,
// in count or in bytes, is refused with service-unavailable (XEP-0160 §2)
// and what was kept is delivered intact.
func TestBadInput_OfflineQuota(t *testing.T) {
	tests := []struct {
		name    string
		cfg     server.Config
		sizes   []int // body sizes sent in order
		refused []bool
	}{
		{"count", server.Config{MaxOfflineMessages: 2}, []int{10, 10, 10, 10}, []bool{false, false, true, true}},
		{"bytes", server.Config{MaxOfflineBytes: 2000}, []int{500, 2000, 500, 500}, []bool{false, true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.cfg)
			alice := login(t, srv, "alice", "desk")
			for i, n := range tt.sizes {
				alice.send(fmt.Sprintf("<message id='q%d' to='carol@example.test' type='chat'><body>%s</body></message>", i, strings.Repeat("x", n)))
			}
			for i, refused := range tt.refused {
				if refused {
					alice.expect(fmt.Sprintf("id='q%d'", i), "type='error'", "service-unavailable", "from='carol@example.test'")
				}
			}
			alice.quiet()
			carol := login(t, srv, "carol", "phone")
			carol.send("<presence/>")
			for i, refused := range tt.refused {
				if !refused {
					carol.expect(fmt.Sprintf("id='q%d'", i), "urn:xmpp:delay")
				}
			}
			carol.drain()
			// Delivered, the storage is free again.
			carol.close()
			alice.send("<message id='again' to='carol@example.test' type='chat'><body>x</body></message>")
			alice.quiet()
		})
	}
}

// TestOfflineGroupchatAndErrors: a groupchat message to an offline account
// is refused, an error message dropped, neither kept (§8.5.2.2.1).
func TestOfflineGroupchatAndErrors(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "desk")
	alice.send("<message id='g1' to='carol@example.test' type='groupchat'><body>x</body></message>")
	alice.expect("id='g1'", "service-unavailable")
	alice.send("<message id='e1' to='carol@example.test' type='error'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>")
	alice.quiet()
	if got := srv.DeliveryStats().StoredOffline; got != 0 {
		t.Errorf("StoredOffline = %d, want 0", got)
	}
}

// TestOfflineDeliveryQueueFull: offline messages that do not fit in the
// recipient's delivery queue when they are delivered stay in the store
// and follow, once each, as the queue makes room: the resource stays
// available, so they do not wait for another presence.
func TestOfflineDeliveryQueueFull(t *testing.T) {
	srv := newServer(t, server.Config{DeliveryQueueStanzas: 3})
	alice := login(t, srv, "alice", "desk")
	const n = 8
	for i := range n {
		alice.send(fmt.Sprintf("<message id='f%d' to='carol@example.test' type='chat'><body>%d</body></message>", i, i))
	}
	alice.quiet()
	carol := login(t, srv, "carol", "phone")
	seen := map[string]int{}
	carol.send("<presence/>")
	deadline := time.After(5 * time.Second)
	settled := time.After(time.Hour)
collect:
	for {
		select {
		case el := <-carol.in:
			if el.Name().Local == "message" {
				if _, ok, _ := delay.Find(el); !ok {
					t.Errorf("no delay: %s", serialise(el))
				}
				seen[el.Attr("id")]++
				if len(seen) == n {
					settled = time.After(150 * time.Millisecond) // no second copy
				}
			}
		case <-settled:
			break collect
		case <-deadline:
			t.Fatalf("after one presence, received %v of %d messages", seen, n)
		}
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("%s came %d times", id, k)
		}
	}
	if kept := srv.DeliveryStats().StoredOffline; kept != n {
		t.Errorf("kept %d times for %d messages, want each once", kept, n)
	}
}
