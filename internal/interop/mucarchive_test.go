package interop

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
)

// archived is one archived message as the tests compare it: who sent it
// to whom (nicks in the room, or "alice" for alice's own account) and its
// body.
type archived struct{ from, to, body string }

func (a archived) String() string { return a.from + "→" + a.to + ": " + a.body }

// TestMUCArchive: alice creates a room, bob (Canto) and a slixmpp client
// (as carol, nick slix) join; they exchange groupchat and private messages;
// alice kicks bob, who sees status 307. Then alice reads back, in pages of
// two (XEP-0059), the room's archive (XEP-0313 §5 on a XEP-0045 room:
// Prosody's mod_muc_mam, ejabberd's mod_mam with mam on in the room's
// default options), which must hold the groupchat messages in order with
// their senders' nicks, and her own account's archive of her conversation
// with the room's occupants, which must hold the private messages both
// ways.
func TestMUCArchive(t *testing.T) {
	if !python("slixmpp")() {
		skipOrFail(t, "slixmpp is missing (apt-get install python3-slixmpp)")
	}
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capMUC, capMAM) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		// A room of its own, so that the room's archive holds this run's
		// messages only, and the account's archive filtered by the room
		// does too.
		room, err := jid.New("archive"+strconv.FormatInt(time.Now().UnixNano(), 36), "conference."+domain, "")
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now().Add(-2 * time.Second)
		archive := &mam.Handler{}
		alice, bob := newMUCPeer(t, srv, "alice", archive.Handle()), newMUCPeer(t, srv, "bob")
		noHistory := muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}}
		ar, err := alice.c.Join(ctx, alice.s.Session, room, "alice", noHistory)
		if err != nil {
			t.Fatalf("alice joins: %v", err)
		}
		br, err := bob.c.Join(ctx, bob.s.Session, room, "bob", noHistory)
		if err != nil {
			t.Fatalf("bob joins: %v", err)
		}
		// await waits for the messages in want to reach a peer, in any
		// order; subjects and system messages are passed over.
		await := func(p *mucPeer, want ...muc.Message) {
			t.Helper()
			left := slices.Clone(want)
			for len(left) > 0 {
				select {
				case m := <-p.messages:
					m.HasSubj, m.Subject = false, ""
					if i := slices.Index(left, m); i >= 0 {
						left = slices.Delete(left, i, i+1)
					}
				case <-ctx.Done():
					t.Fatalf("still waiting for %+v", left)
				}
			}
		}

		// The slixmpp client joins as slix, sends a groupchat and a
		// private message to alice, and waits for her answers.
		slix := runSlixmppMUC(t, srv, room, "alice")
		for joined := false; !joined; {
			select {
			case p := <-alice.presence:
				joined = p.Nick == "slix" && !p.Unavailable
			case <-ctx.Done():
				slix.fail("slixmpp did not join")
			case <-slix.done:
				slix.fail("slixmpp ended before it joined")
			}
		}
		await(alice, muc.Message{Nick: "slix", Body: "hello from slixmpp"}, muc.Message{Nick: "slix", Body: "psst from slixmpp", Private: true})
		if err := ar.Send(ctx, "hello slixmpp"); err != nil {
			t.Fatal(err)
		}
		if err := ar.SendPrivate(ctx, "slix", "psst slixmpp"); err != nil {
			t.Fatal(err)
		}
		slix.wait()
		await(bob, muc.Message{Nick: "slix", Body: "hello from slixmpp"}, muc.Message{Nick: "alice", Body: "hello slixmpp"})

		// Canto to Canto: groupchat in turns, each seen by the other
		// before the next is sent so that the archive's order is known,
		// then private messages both ways.
		roomWant := []archived{{"slix", "", "hello from slixmpp"}, {"alice", "", "hello slixmpp"}}
		for i := range 4 {
			from, to, nick := br, alice, "bob"
			if i%2 == 1 {
				from, to, nick = ar, bob, "alice"
			}
			body := fmt.Sprintf("groupchat %d", i)
			if err := from.Send(ctx, body); err != nil {
				t.Fatal(err)
			}
			await(to, muc.Message{Nick: nick, Body: body})
			roomWant = append(roomWant, archived{nick, "", body})
		}
		if err := ar.SendPrivate(ctx, "bob", "private 1"); err != nil {
			t.Fatal(err)
		}
		await(bob, muc.Message{Nick: "alice", Body: "private 1", Private: true})
		if err := br.SendPrivate(ctx, "alice", "private 2"); err != nil {
			t.Fatal(err)
		}
		await(alice, muc.Message{Nick: "bob", Body: "private 2", Private: true})

		if err := muc.Kick(ctx, alice.s.Session, room, "bob", "archived enough"); err != nil {
			t.Fatalf("kick: %v", err)
		}
		for kicked := false; !kicked; {
			select {
			case p := <-bob.presence:
				if p.Self && p.Unavailable {
					if !slices.Contains(p.Status, muc.StatusKicked) {
						t.Errorf("bob's removal has status %v, want 307", p.Status)
					}
					kicked = true
				}
			case <-ctx.Done():
				t.Fatal("bob saw no removal")
			}
		}
		<-br.Done()

		// The room's archive, in pages of two.
		// The room says it is archived (XEP-0313 §6.1). ejabberd answers
		// a room's MAM query from its in-memory history even with
		// archiving off, so the query alone would not tell.
		info, err := disco.GetInfo(ctx, alice.s.Session, room, "")
		if err != nil || !info.HasFeature(mam.NS) {
			t.Errorf("the room's disco#info (%v) lacks %s: %+v", err, mam.NS, info.Features)
		}

		// A page holding more than Max results is refused (mam.ErrTooMany),
		// so six results mean at least three pages were asked for.
		var gotRoom []archived
		for r, err := range archive.Query(ctx, alice.s.Session, room, mam.Filter{}, paging.Request{Max: 2}) {
			if err != nil {
				t.Fatalf("room archive after %d results: %v", len(gotRoom), err)
			}
			a, ok := archivedMessage(t, r, room)
			if !ok {
				continue // the subject, or a message without a body
			}
			if a.to != "" {
				t.Errorf("room archive holds a message to %s: %v", a.to, a)
			}
			gotRoom = append(gotRoom, a)
		}
		if !slices.Equal(gotRoom, roomWant) {
			t.Errorf("%s: the room's archive holds\n%v\nwant\n%v", srv.name, gotRoom, roomWant)
		}

		// Alice's own archive of the room's private messages, in pages of
		// two: what slix and bob sent her, and what she sent them.
		accountWant := []archived{
			{"slix", "alice", "psst from slixmpp"},
			{"alice", "slix", "psst slixmpp"},
			{"alice", "bob", "private 1"},
			{"bob", "alice", "private 2"},
		}
		var gotAccount []archived
		for r, err := range archive.Query(ctx, alice.s.Session, jid.JID{}, mam.Filter{With: room, Start: start}, paging.Request{Max: 2}) {
			if err != nil {
				t.Fatalf("account archive after %d results: %v", len(gotAccount), err)
			}
			if a, ok := archivedMessage(t, r, room); ok {
				gotAccount = append(gotAccount, a)
			}
		}
		if !slices.Equal(gotAccount, accountWant) {
			t.Errorf("%s: alice's archive of the room's private messages holds\n%v\nwant\n%v", srv.name, gotAccount, accountWant)
		}
		if err := muc.DestroyRoom(ctx, alice.s.Session, room, muc.Destroy{Reason: "done"}); err != nil {
			t.Errorf("destroy: %v", err)
		}
	})
}

// archivedMessage reads an archived message of the room's: its sender and
// recipient as nicks ("alice" for alice's own account, an empty recipient
// for the room) and its body. ok is false for a message without a body.
func archivedMessage(t *testing.T, r mam.Result, room jid.JID) (a archived, ok bool) {
	t.Helper()
	if r.ID == "" || r.Time.IsZero() {
		t.Errorf("result without an archive id or time: id %q, time %v", r.ID, r.Time)
	}
	body, ok := r.Forwarded.Stanza.Child(stanza.NSClient, "body")
	if !ok {
		return a, false
	}
	h, err := r.Forwarded.Header()
	if err != nil {
		t.Fatal(err)
	}
	nick := func(j jid.JID) string {
		switch {
		case j.Bare() == room:
			return j.Resourcepart()
		case j.Bare() == bareJID(t, "alice"):
			return "alice"
		}
		return j.String()
	}
	return archived{from: nick(h.From), to: nick(h.To), body: body.Text()}, true
}

// slixmppRun is a slixmpp script running alongside a test.
type slixmppRun struct {
	t      *testing.T
	cancel context.CancelFunc
	done   chan struct{}
	out    []byte
	err    error
}

// runSlixmppMUC starts internal/thirdparty/testdata/slixmpp_muc.py as carol
// in room, talking to the occupant canto.
func runSlixmppMUC(t *testing.T, srv *server, room jid.JID, canto string) *slixmppRun {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pki.certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	r := &slixmppRun{t: t, cancel: cancel, done: make(chan struct{})}
	cmd := exec.CommandContext(ctx, systemPython, scripts+"slixmpp_muc.py", loopback, strconv.Itoa(srv.ports.c2s), domain,
		"carol", srv.accounts["carol"], ca, room.String(), canto)
	cmd.WaitDelay = 5 * time.Second
	go func() {
		r.out, r.err = cmd.CombinedOutput()
		close(r.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-r.done
	})
	return r
}

// fail stops the script and fails the test with its output.
func (r *slixmppRun) fail(format string, args ...any) {
	r.t.Helper()
	r.cancel()
	<-r.done
	r.t.Fatalf(format+"\nslixmpp:\n%s", append(args, r.out)...)
}

// wait waits for the script to end and fails the test unless it printed OK.
func (r *slixmppRun) wait() {
	r.t.Helper()
	<-r.done
	if r.err != nil || !slices.Contains(strings.Fields(string(r.out)), "OK") {
		r.t.Fatalf("slixmpp_muc.py: %v\n%s", r.err, r.out)
	}
}
