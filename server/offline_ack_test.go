package server_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// storeOfflineFor has alice send bodies to bob, who is offline, and
// waits until the server has kept them.
func storeOfflineFor(t *testing.T, srv *server.Server, bodies ...string) {
	t.Helper()
	alice := login(t, srv, "alice", "desk")
	before := srv.DeliveryStats().StoredOffline
	for _, b := range bodies {
		alice.send("<message to='bob@example.test' type='chat'><body>" + b + "</body></message>")
	}
	waitFor(t, "messages kept offline", func() bool {
		return srv.DeliveryStats().StoredOffline >= before+uint64(len(bodies))
	})
	alice.close()
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// kept returns the bodies the store keeps for bob.
func kept(t testing.TB, st store.Store) []string {
	t.Helper()
	msgs, err := st.OfflineMessages(context.Background(), "bob")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		el, err := xmpptest.ReadElement("", string(m.Stanza))
		if err != nil {
			t.Fatal(err)
		}
		mm, err := message.Parse(el)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, mm.Body(""))
	}
	return out
}

// bodiesOf collects the bodies of the messages c receives until it has
// want of them, then for a short while more (duplicates would come then).
func bodiesOf(c *client, want int) []string {
	c.t.Helper()
	var got []string
	deadline := time.After(5 * time.Second)
	settle := time.After(time.Hour)
	if want == 0 {
		settle = time.After(300 * time.Millisecond)
	}
	for {
		select {
		case el := <-c.in:
			if el.Name().Local != "message" {
				continue
			}
			m, err := message.Parse(el)
			if err != nil {
				c.t.Fatal(err)
			}
			got = append(got, m.Body(""))
			if len(got) == want {
				settle = time.After(150 * time.Millisecond)
			}
		case <-settle:
			return got
		case <-deadline:
			if len(got) >= want {
				return got
			}
			c.t.Fatalf("%s: got %v, want %d messages", c.jid, got, want)
		}
	}
}

// noMessages checks that c receives no message for a short while.
func noMessages(c *client) {
	c.t.Helper()
	if got := bodiesOf(c, 0); len(got) != 0 {
		c.t.Fatalf("%s: got %v, want no messages", c.jid, got)
	}
}

func sendPresence(t testing.TB, c *smClient) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.sess.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)); err != nil {
		t.Fatal(err)
	}
}

// ack sends the client's <a/> for everything it has handled.
func ack(t *testing.T, c *smClient) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	in, _, _, _ := sm.Counts(c.sess)
	if err := c.sess.Send(ctx, sm.Ack{H: in}); err != nil {
		t.Fatal(err)
	}
}

// TestOfflineKeptUntilDelivered: an offline message leaves the store only
// once delivered: acknowledged by a client with stream management
// (XEP-0198), written for one without. A client whose connection drops
// before it acknowledged them gets them again at its next login, or when
// the stream's resumption window passes, exactly once; a resumed stream
// whose client had them does not get them twice.
func TestOfflineKeptUntilDelivered(t *testing.T) {
	sent := []string{"one", "two", "three"}
	for _, c := range []struct {
		name string
		// first receives the messages on bob's first connection, then
		// ends it (or not); it returns what is left to deliver.
		first func(t *testing.T, srv *server.Server) (again bool)
		// keptAfter: the store still has them after the first
		// connection.
		keptAfter bool
		// window is the resumption window if not 300 ms: long where the
		// case resumes, so that a slow reconnection (TLS and SCRAM on a
		// loaded machine) does not outlast it.
		window time.Duration
	}{
		{"without stream management", func(t *testing.T, srv *server.Server) bool {
			bob := login(t, srv, "bob", "phone")
			bob.send("<presence/>")
			if got := bodiesOf(bob, 3); !slices.Equal(got, sent) {
				t.Fatalf("got %v", got)
			}
			bob.close()
			return false
		}, false, 0},
		{"acknowledged", func(t *testing.T, srv *server.Server) bool {
			bob := newSMClient(t, srv, "bob", "phone")
			sendPresence(t, bob)
			bob.wait(3, 0)
			ack(t, bob)
			return false
		}, false, 0},
		{"dropped before the acknowledgement", func(t *testing.T, srv *server.Server) bool {
			bob := newSMClient(t, srv, "bob", "phone", sm.Config{NoResume: true, AckEvery: -1, AckAfter: -1})
			sendPresence(t, bob)
			bob.wait(3, 0)
			bob.kill()
			return true
		}, true, 0},
		{"dropped, resumption window passes", func(t *testing.T, srv *server.Server) bool {
			bob := newSMClient(t, srv, "bob", "phone")
			sendPresence(t, bob)
			bob.wait(3, 0)
			bob.kill()
			return true
		}, true, 0},
		{"dropped and resumed", func(t *testing.T, srv *server.Server) bool {
			bob := newSMClient(t, srv, "bob", "phone")
			sendPresence(t, bob)
			bob.wait(3, 0)
			st := bob.kill()
			bob.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource(), sm.Feature(smQuiet))
			if r := sm.ResumptionOf(bob.sess, st); !r.Resumed {
				t.Fatalf("not resumed: %+v", r)
			}
			// Resumption acknowledged what bob had (its h): nothing is
			// sent again.
			time.Sleep(100 * time.Millisecond)
			if got := bob.wait(3, 0); !slices.Equal(got, sent) {
				t.Fatalf("bob got %v over the resumed stream, want %v", got, sent)
			}
			return false
		}, false, time.Minute},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := store.NewMemory()
			window := c.window
			if window == 0 {
				window = 300 * time.Millisecond
			}
			srv := newServer(t, server.Config{Store: st, ResumeWindow: window})
			storeOfflineFor(t, srv, sent...)
			again := c.first(t, srv)
			if c.keptAfter {
				if got := kept(t, st); !slices.Equal(got, sent) {
					t.Fatalf("store keeps %v after the drop, want %v", got, sent)
				}
			} else {
				waitFor(t, "the delivered messages to leave the store", func() bool { return len(kept(t, st)) == 0 })
			}
			next := login(t, srv, "bob", "laptop")
			next.send("<presence/>")
			if !again {
				noMessages(next)
				return
			}
			// Exactly once, in order, whether the first stream's end
			// was known at the login or came with the window's end.
			if got := bodiesOf(next, 3); !slices.Equal(got, sent) {
				t.Fatalf("next login got %v, want %v", got, sent)
			}
			next.close()
			waitFor(t, "the delivered messages to leave the store", func() bool { return len(kept(t, st)) == 0 })
		})
	}
}

// TestOfflineSurvivesRestartBeforeAck: on the SQLite store, a message
// delivered to a client that had not acknowledged it when the server
// stopped is delivered again after the restart; one acknowledged is not.
func TestOfflineSurvivesRestartBeforeAck(t *testing.T) {
	for _, c := range []struct {
		name string
		ack  bool
		want []string
	}{
		{"unacknowledged", false, []string{"one", "two"}},
		{"acknowledged", true, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			srv, st, stop := startOnStore(t, dir)
			storeOfflineFor(t, srv, "one", "two")
			bob := newSMClient(t, srv, "bob", "phone")
			sendPresence(t, bob)
			bob.wait(2, 0)
			if c.ack {
				ack(t, bob)
				waitFor(t, "the acknowledged messages to leave the store", func() bool { return len(kept(t, st)) == 0 })
			} else if got := kept(t, st); len(got) != 2 {
				t.Fatalf("store keeps %v before the acknowledgement", got)
			}
			stop()
			srv2, _ := startOn(t, dir)
			next := login(t, srv2, "bob", "laptop")
			next.send("<presence/>")
			if c.want == nil {
				noMessages(next)
				return
			}
			got := bodiesOf(next, len(c.want))
			if !slices.Equal(got, c.want) {
				t.Fatalf("after the restart bob got %v, want %v", got, c.want)
			}
		})
	}
}

// TestOfflineDropDuringSend: when the stream ends while an offline
// message has been sent but its receipt is not registered yet, the
// stream's end waits for the registration, so that the message is known
// as one still in the store: it is delivered again once, not kept twice.
func TestOfflineDropDuringSend(t *testing.T) {
	st := store.NewMemory()
	srv := newServer(t, server.Config{Store: st})
	storeOfflineFor(t, srv, "one")
	bob := newSMClient(t, srv, "bob", "phone", sm.Config{NoResume: true, AckEvery: -1, AckAfter: -1})
	var once sync.Once
	server.SetAfterOfflineSend(func(sess *xmpp.Session) {
		once.Do(func() {
			_ = bob.conn.Close()
			<-sess.Done() // its stream management has ended meanwhile
		})
	})
	defer server.SetAfterOfflineSend(nil)
	sendPresenceTolerant(bob)
	waitFor(t, "bob's session to end", func() bool {
		select {
		case <-bob.sess.Done():
			return true
		default:
			return false
		}
	})
	if got := kept(t, st); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("store keeps %v, want [one]", got)
	}
	next := login(t, srv, "bob", "laptop")
	next.send("<presence/>")
	if got := bodiesOf(next, 1); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("next login got %v, want [one]", got)
	}
}

// sendPresenceTolerant sends initial presence on a connection that may be
// cut meanwhile.
func sendPresenceTolerant(c *smClient) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.sess.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty))
}
