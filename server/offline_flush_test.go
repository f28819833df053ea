package server_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// gatedStore holds the next read of offline messages, once armed, until
// released: before the store answers, or, if late, after it has answered
// and before the answer is returned (the window in which another
// resource's delivery may complete, or another message be stored).
type gatedStore struct {
	store.Store
	late    bool
	armed   atomic.Bool
	entered chan struct{}
	release chan struct{}
	opened  sync.Once
}

func newGatedStore(late bool) *gatedStore {
	return &gatedStore{Store: store.NewMemory(), late: late, entered: make(chan struct{}), release: make(chan struct{})}
}

func (g *gatedStore) OfflineMessages(ctx context.Context, user string) ([]store.OfflineMessage, error) {
	if !g.late {
		g.wait()
	}
	msgs, err := g.Store.OfflineMessages(ctx, user)
	if g.late {
		g.wait()
	}
	return msgs, err
}

func (g *gatedStore) wait() {
	if g.armed.CompareAndSwap(true, false) {
		close(g.entered)
		<-g.release
	}
}

// hold arms g, runs read (which must make the server read the offline
// messages) and returns once that read is held. The read is released by
// open, or when the test ends.
func (g *gatedStore) hold(t *testing.T, read func()) {
	t.Helper()
	t.Cleanup(g.open)
	g.armed.Store(true)
	read()
	select {
	case <-g.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the offline messages were not read")
	}
}

// open releases the held read.
func (g *gatedStore) open() { g.opened.Do(func() { close(g.release) }) }

// TestOfflineFlushOutsideLock: the offline messages are read from the
// store without the server's registry lock (another user is served while
// the read waits), and a message routed to the recipient during the read
// comes after the stored ones.
func TestOfflineFlushOutsideLock(t *testing.T) {
	gs := newGatedStore(false)
	srv := newServer(t, server.Config{Store: gs})
	storeOfflineFor(t, srv, "one", "two", "three")
	alice := login(t, srv, "alice", "desk")
	alice.online()
	bob := login(t, srv, "bob", "phone")
	gs.hold(t, func() { bob.send("<presence/>") })
	alice.send("<message to='bob@example.test' type='chat'><body>live</body></message>")
	// Answered while the read waits; alice's stanzas are handled in
	// order, so the message is routed by then.
	if _, err := alice.iq(stanza.GetIQ, "", "<query xmlns='jabber:iq:roster'/>"); err != nil {
		t.Fatalf("the server did not answer during the read: %v", err)
	}
	gs.open()
	if got := bodiesOf(bob, 4); !slices.Equal(got, []string{"one", "two", "three", "live"}) {
		t.Fatalf("bob got %v, want the stored messages first", got)
	}
}

// TestOfflineFlushConcurrent: resources of the account that become
// available at the same time get each stored message once between them.
func TestOfflineFlushConcurrent(t *testing.T) {
	for _, n := range []int{2, 4} {
		t.Run(string(rune('0'+n))+" resources", func(t *testing.T) {
			srv := newServer(t, server.Config{})
			sent := []string{"1", "2", "3", "4", "5", "6", "7", "8"}
			storeOfflineFor(t, srv, sent...)
			var cs []*client
			for i := range n {
				cs = append(cs, login(t, srv, "bob", "r"+string(rune('a'+i))))
			}
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for _, c := range cs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					defer cancel()
					errs <- c.sess.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty))
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			deadline := time.After(5 * time.Second)
			for len(got) < len(sent) {
				for _, c := range cs {
					select {
					case el := <-c.in:
						if el.Name().Local == "message" {
							b, _ := el.Child("jabber:client", "body")
							got = append(got, b.Text())
						}
					case <-deadline:
						t.Fatalf("got %v", got)
					default:
					}
				}
				time.Sleep(time.Millisecond)
			}
			for _, c := range cs {
				got = append(got, bodiesOf(c, 0)...)
			}
			slices.Sort(got)
			if !slices.Equal(got, sent) {
				t.Fatalf("got %v between the resources, want each of %v once", got, sent)
			}
		})
	}
}

// TestOfflineFlushStaleRead: a read of the store that began before
// another resource's delivery of the same messages ended delivers none of
// them again if that delivery deleted them (written without stream
// management, or acknowledged), and all of them if it released them
// (dropped unacknowledged): nothing twice, nothing lost.
func TestOfflineFlushStaleRead(t *testing.T) {
	sent := []string{"one", "two", "three"}
	for _, c := range []struct {
		name string
		// desk becomes available, receives the stored messages and
		// ends their delivery.
		desk func(t *testing.T, srv *server.Server)
		// again: they stay in the store for phone.
		again bool
	}{
		{"written", func(t *testing.T, srv *server.Server) {
			desk := login(t, srv, "bob", "desk")
			desk.send("<presence/>")
			if got := bodiesOf(desk, 3); !slices.Equal(got, sent) {
				t.Fatalf("desk got %v", got)
			}
		}, false},
		{"acknowledged", func(t *testing.T, srv *server.Server) {
			desk := newSMClient(t, srv, "bob", "desk")
			sendPresence(t, desk)
			desk.wait(3, 0)
			ack(t, desk)
		}, false},
		{"dropped unacknowledged", func(t *testing.T, srv *server.Server) {
			desk := newSMClient(t, srv, "bob", "desk", sm.Config{NoResume: true, AckEvery: -1, AckAfter: -1})
			sendPresence(t, desk)
			desk.wait(3, 0)
			desk.kill()
		}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ls := newGatedStore(true)
			srv := newServer(t, server.Config{Store: ls})
			storeOfflineFor(t, srv, sent...)
			phone := login(t, srv, "bob", "phone")
			ls.hold(t, func() { phone.send("<presence/>") })
			// phone's read holds all three while desk's delivery runs
			// to its end.
			c.desk(t, srv)
			left := 0
			if c.again {
				left = len(sent)
			}
			waitFor(t, "the delivery's end", func() bool {
				return len(kept(t, ls.Store)) == left && server.OfflineClaims(srv, "bob") == 0
			})
			ls.open()
			// Routed after phone's read: the first message phone gets
			// unless stored ones come (again).
			alice := login(t, srv, "alice", "desk")
			alice.send("<message to='bob@example.test/phone' type='chat'><body>live</body></message>")
			want := []string{"live"}
			if c.again {
				want = append(slices.Clone(sent), "live")
			}
			if got := bodiesOf(phone, len(want)); !slices.Equal(got, want) {
				t.Fatalf("phone got %v, want %v", got, want)
			}
		})
	}
}

// A message stored while a flush's read of the store is in progress, with
// no resource available to take it at once, is delivered at the next
// available presence: the read, which may not return it, must not leave it
// out of the account's count of stored messages.
func TestOfflineStoredDuringRead(t *testing.T) {
	ls := newGatedStore(true)
	srv := newServer(t, server.Config{Store: ls})
	storeOfflineFor(t, srv, "one")
	phone := login(t, srv, "bob", "phone")
	ls.hold(t, func() { phone.send("<presence/>") })
	// phone leaves while its read is held, and a message comes for bob
	// with no resource available: stored, with no flush to take it.
	phone.send("<presence type='unavailable'/>")
	waitFor(t, "phone unavailable", func() bool { return !server.Available(srv, "bob") })
	alice := login(t, srv, "alice", "desk")
	alice.send("<message to='bob@example.test' type='chat'><body>two</body></message>")
	waitFor(t, "two stored", func() bool { return len(kept(t, ls.Store)) == 2 })
	ls.open()
	// The held read returns "one" only; phone takes it.
	if got := bodiesOf(phone, 1); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("phone got %v", got)
	}
	waitFor(t, "one delivered", func() bool { return len(kept(t, ls.Store)) == 1 })
	desk := login(t, srv, "bob", "desk")
	desk.send("<presence/>")
	if got := bodiesOf(desk, 1); !slices.Equal(got, []string{"two"}) {
		t.Fatalf("desk got %v, want [two]", got)
	}
}

// TestOfflineFlushBeforeLive: a message routed to a resource just after
// its initial presence was handled, before what that presence caused was
// queued, still comes after the stored messages (RFC 6121 §8.5.2.2.1).
// The old code queued the flush marker only then, behind the live
// message.
func TestOfflineFlushBeforeLive(t *testing.T) {
	srv := newServer(t, server.Config{})
	storeOfflineFor(t, srv, "one", "two")
	alice := login(t, srv, "alice", "desk")
	alice.online()
	bob := login(t, srv, "bob", "phone")
	held, release := server.HoldPresence()
	t.Cleanup(release)
	bob.send("<presence/>")
	select {
	case <-held:
	case <-time.After(5 * time.Second):
		t.Fatal("the presence was not handled")
	}
	alice.send("<message to='bob@example.test' type='chat'><body>live</body></message>")
	// alice's stanzas are handled in order: the message is routed once
	// this is answered.
	if _, err := alice.iq(stanza.GetIQ, "", "<query xmlns='jabber:iq:roster'/>"); err != nil {
		t.Fatal(err)
	}
	release()
	if got := bodiesOf(bob, 3); !slices.Equal(got, []string{"one", "two", "live"}) {
		t.Fatalf("bob got %v, want the stored messages first", got)
	}
}
