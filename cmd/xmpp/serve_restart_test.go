package main

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
)

// restartedServe is one run of "serve -data" and what a client needs to
// reach it.
type restartedServe struct {
	*background
	addr, ca string
}

// serveData starts "serve -data dir" with extra flags, and waits until it
// listens.
func serveData(t *testing.T, dir string, extra ...string) restartedServe {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "cert.pem")
	srv := startCmd(t, append([]string{"serve", "-listen", "127.0.0.1:0", "-domain", "localhost", "-data", dir, "-cert-out", ca}, extra...)...)
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	m := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(srv.stdout.String())
	if m == nil {
		t.Fatalf("serve printed:\n%s", srv.stdout)
	}
	return restartedServe{srv, m[1], ca}
}

// as runs a client command as user (password "pw-" + user) against s.
func (s restartedServe) as(t *testing.T, user, sub string, args ...string) result {
	t.Helper()
	flags := []string{sub, "-jid", user + "@localhost", "-password", "pw-" + user, "-server", s.addr, "-ca", s.ca, "-timeout", "10s"}
	return runCmd(t, "", append(flags, args...)...)
}

// inRoom logs user in with the library and joins room as nick (history
// as the service gives it by default); the room's messages go to got.
func (s restartedServe) inRoom(t *testing.T, user string, room jid.JID, nick string, got chan<- muc.Message) (*xmpp.Session, *muc.Room) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := muc.NewClient(muc.Config{OnMessage: func(_ *muc.Room, m muc.Message) {
		m.Stanza = nil
		select {
		case got <- m:
		default:
		}
	}})
	f := clientFlags{jid: user + "@localhost/lib", password: "pw-" + user, server: s.addr, ca: s.ca, timeout: 10 * time.Second}
	sess, err := f.connect(ctx, &env{getenv: func(string) string { return "" }}, mux.New(c.Handle()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeSession(sess) })
	r, err := c.Join(ctx, sess, room, nick, muc.JoinOptions{})
	if err != nil {
		t.Fatalf("%s joins %s: %v", user, room, err)
	}
	return sess, r
}

// TestServeRestart: what "serve -data DIR" keeps survives a restart on
// the same DIR: accounts made with -user, a roster entry, a message sent
// to an account while it was offline, delivered when it logs in after the
// restart, and a persistent room with its subject and its history (from
// its archive).
func TestServeRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first := serveData(t, dir, "-user", "alice:pw-alice", "-user", "bob:pw-bob")
	if r := first.as(t, "alice", "roster", "add", "bob@localhost", "-name", "Bob", "-group", "Builders"); r.code != 0 {
		t.Fatalf("roster add: %s", r.stderr)
	}
	if r := first.as(t, "alice", "send", "bob@localhost", "kept", "while", "you", "were", "away"); r.code != 0 {
		t.Fatalf("send: %s", r.stderr)
	}
	room := jid.MustParse("coven@conference.localhost")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sess, ar := first.inRoom(t, "alice", room, "witch", make(chan muc.Message, 8))
	if !ar.Created() {
		t.Fatal("alice's join did not create the room")
	}
	persistent := form.Form{Fields: []form.Field{
		{Var: "FORM_TYPE", Type: form.Hidden, Values: []string{"http://jabber.org/protocol/muc#roomconfig"}},
		{Var: "muc#roomconfig_persistentroom", Values: []string{"1"}},
	}}
	if err := muc.Configure(ctx, sess, room, persistent); err != nil {
		t.Fatalf("making the room persistent: %v", err)
	}
	if err := ar.SetSubject(ctx, "Double, double"); err != nil {
		t.Fatal(err)
	}
	if err := ar.Send(ctx, "toil and trouble"); err != nil {
		t.Fatal(err)
	}
	// The service has handled both once alice's leave is answered: one
	// stream, in order.
	if err := ar.Leave(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if code := first.stop(t); code != 0 {
		t.Fatalf("serve exited %d: %s", code, first.stderr)
	}

	// No -user flags now: the accounts come from DIR alone.
	second := serveData(t, dir)
	if out := second.stdout.String(); !strings.Contains(out, "accounts    alice, bob") {
		t.Errorf("after the restart, serve printed:\n%s", out)
	}
	r := second.as(t, "alice", "roster", "list")
	if r.code != 0 || !strings.Contains(r.stdout, `bob@localhost "Bob"`) || !strings.Contains(r.stdout, "groups=Builders") {
		t.Errorf("roster list after the restart: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
	r = second.as(t, "bob", "listen", "-count", "1")
	if r.code != 0 || !strings.Contains(r.stdout, "kept while you were away") || !strings.HasPrefix(r.stdout, "alice@localhost") {
		t.Errorf("bob's offline message after the restart: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
	got := make(chan muc.Message, 8)
	_, br := second.inRoom(t, "bob", room, "cauldron", got)
	if br.Created() {
		t.Error("after the restart, bob's join created the room anew")
	}
	// The history, then the subject (XEP-0045 §7.2.15), after the join.
	var seen []muc.Message
	for len(seen) < 2 {
		select {
		case m := <-got:
			seen = append(seen, m)
		case <-time.After(10 * time.Second):
			t.Fatalf("after the restart, bob got only %+v in the room", seen)
		}
	}
	want := []muc.Message{{Nick: "witch", Body: "toil and trouble"}, {Nick: "witch", Subject: "Double, double", HasSubj: true}}
	if !slices.Equal(seen, want) {
		t.Errorf("after the restart, bob got %+v in the room, want %+v: alice's message as history and her subject", seen, want)
	}
	if code := second.stop(t); code != 0 {
		t.Errorf("serve exited %d: %s", code, second.stderr)
	}
}
