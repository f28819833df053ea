package interop

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
)

// mucPeer is a Canto client in a room, with what its callbacks saw.
type mucPeer struct {
	c        *muc.Client
	s        *session
	messages chan muc.Message
	presence chan muc.Presence
}

func newMUCPeer(t *testing.T, srv *server, user string, routes ...mux.Option) *mucPeer {
	p := &mucPeer{messages: make(chan muc.Message, 16), presence: make(chan muc.Presence, 16)}
	p.c = muc.NewClient(muc.Config{
		OnMessage: func(_ *muc.Room, m muc.Message) {
			m.Stanza = nil
			p.messages <- m
		},
		OnPresence: func(_ *muc.Room, pr muc.Presence) { p.presence <- pr },
	})
	p.s = srv.loginAs(t, user, "muc", mux.New(append(routes, p.c.Handle())...))
	return p
}

// TestMUC: alice creates a room, bob joins; they exchange groupchat and
// private messages; alice kicks bob, who sees status 307 (XEP-0045 §7.2,
// §7.4, §7.5, §8.2).
func TestMUC(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capMUC) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		room, err := jid.New("cantotest", "conference."+domain, "")
		if err != nil {
			t.Fatal(err)
		}
		alice, bob := newMUCPeer(t, srv, "alice"), newMUCPeer(t, srv, "bob")
		ar, err := alice.c.Join(ctx, alice.s.Session, room, "alice", muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}})
		if err != nil {
			t.Fatalf("alice joins: %v", err)
		}
		if !ar.Created() {
			t.Error("the room was not created by alice's join")
		}
		br, err := bob.c.Join(ctx, bob.s.Session, room, "bob", muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}})
		if err != nil {
			t.Fatalf("bob joins: %v", err)
		}
		nicks := func(r *muc.Room) []string {
			var n []string
			for _, o := range r.Occupants() {
				n = append(n, o.Nick)
			}
			return n
		}
		if got := nicks(br); !slices.Equal(got, []string{"alice", "bob"}) {
			t.Errorf("bob sees %v", got)
		}
		if o, _ := br.Occupant("alice"); o.Affiliation != muc.AffiliationOwner {
			t.Errorf("alice's affiliation %q", o.Affiliation)
		}
		roomConversation(ctx, t, alice, bob, ar, br)

		kickAndDestroy(ctx, t, alice, bob, br, room, false)
	})
}

// TestMUCSlixmpp: a slixmpp client joins a room a Canto client created;
// they exchange groupchat and private messages both ways.
func TestMUCSlixmpp(t *testing.T) {
	if !python("slixmpp")() {
		skipOrFail(t, "slixmpp is missing (apt-get install python3-slixmpp)")
	}
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capMUC) {
			return
		}
		slixmppInRoom(t, srv, jid.MustParse("slixtest@conference."+domain))
	})
}

// slixmppInRoom: a slixmpp client joins room, which a Canto client
// created; they exchange groupchat and private messages both ways.
func slixmppInRoom(t *testing.T, srv *server, room jid.JID) {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	alice := newMUCPeer(t, srv, "alice")
	ar, err := alice.c.Join(ctx, alice.s.Session, room, "alice", muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}})
	if err != nil {
		t.Fatalf("alice joins: %v", err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pki.certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	run, cancelRun := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancelRun()
	client := exec.CommandContext(run, systemPython, scripts+"slixmpp_muc.py", loopback, strconv.Itoa(srv.ports.c2s), domain,
		"bob", srv.accounts["bob"], ca, room.String(), "alice")
	client.WaitDelay = 5 * time.Second
	type result struct {
		out []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := client.CombinedOutput()
		done <- result{out, err}
	}()
	fail := func(format string, args ...any) {
		t.Helper()
		cancelRun()
		r := <-done
		t.Fatalf(format+"\n%s", append(args, r.out)...)
	}
	for joined := false; !joined; {
		select {
		case p := <-alice.presence:
			joined = p.Nick == "slix" && !p.Unavailable
		case <-ctx.Done():
			fail("slixmpp did not join")
		}
	}
	want := map[muc.Message]bool{{Nick: "slix", Body: "hello from slixmpp"}: true, {Nick: "slix", Body: "psst from slixmpp", Private: true}: true}
	for len(want) > 0 {
		select {
		case m := <-alice.messages:
			m.HasSubj, m.Subject = false, ""
			delete(want, m)
		case <-ctx.Done():
			fail("alice is still waiting for %v", want)
		}
	}
	if err := ar.Send(ctx, "hello slixmpp"); err != nil {
		t.Fatal(err)
	}
	if err := ar.SendPrivate(ctx, "slix", "psst slixmpp"); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || !slices.Contains(strings.Fields(string(r.out)), "OK") {
		t.Fatalf("slixmpp_muc.py: %v\n%s", r.err, r.out)
	}
	if err := ar.Leave(ctx, ""); err != nil {
		t.Error(err)
	}
}

// roomConversation has bob say something to the room, which both see, and
// alice answer him privately (XEP-0045 §7.4, §7.5).
func roomConversation(ctx context.Context, t *testing.T, alice, bob *mucPeer, ar, br *muc.Room) {
	t.Helper()
	if err := br.Send(ctx, "hello, room"); err != nil {
		t.Fatal(err)
	}
	nextRoomMessage(ctx, t, alice.messages, muc.Message{Nick: "bob", Body: "hello, room"})
	nextRoomMessage(ctx, t, bob.messages, muc.Message{Nick: "bob", Body: "hello, room"})
	if err := ar.SendPrivate(ctx, "bob", "psst"); err != nil {
		t.Fatal(err)
	}
	nextRoomMessage(ctx, t, bob.messages, muc.Message{Nick: "alice", Body: "psst", Private: true})
}

// nextRoomMessage waits for the next message with a body on ch and checks
// it is want (the subject and system messages are passed over).
func nextRoomMessage(ctx context.Context, t *testing.T, ch chan muc.Message, want muc.Message) {
	t.Helper()
	for {
		select {
		case m := <-ch:
			if m.HasSubj || m.Body == "" {
				continue
			}
			if m.Nick != want.Nick || m.Body != want.Body || m.Private != want.Private {
				t.Errorf("message %+v, want %+v", m, want)
			}
			return
		case <-ctx.Done():
			t.Fatalf("no message %+v", want)
		}
	}
}

// kickAndDestroy has alice kick bob, who must see his removal with status
// 307 (and, with checkReason, alice's reason), then destroy the room
// (XEP-0045 §8.2, §10.9).
func kickAndDestroy(ctx context.Context, t *testing.T, alice, bob *mucPeer, br *muc.Room, room jid.JID, checkReason bool) {
	t.Helper()
	if err := muc.Kick(ctx, alice.s.Session, room, "bob", "enough"); err != nil {
		t.Fatalf("kick: %v", err)
	}
	for {
		select {
		case p := <-bob.presence:
			if !p.Self || !p.Unavailable {
				continue
			}
			if !slices.Contains(p.Status, muc.StatusKicked) || checkReason && p.Reason != "enough" {
				t.Errorf("bob's removal %+v, want status 307", p)
			}
		case <-ctx.Done():
			t.Fatal("bob saw no removal")
		}
		break
	}
	<-br.Done()
	if err := muc.DestroyRoom(ctx, alice.s.Session, room, muc.Destroy{Reason: "done"}); err != nil {
		t.Errorf("destroy: %v", err)
	}
}
