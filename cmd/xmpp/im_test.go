package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
)

// libClient logs user in with the library, as resource lib, with handler h.
func libClient(t *testing.T, ts testServer, user string, h xmpp.Handler) *xmpp.Session {
	t.Helper()
	f := clientFlags{jid: user + "@localhost/lib", password: passwords[user], server: ts.srv.Addr().String(), ca: ts.caFile, timeout: 10 * time.Second}
	s, err := f.connect(context.Background(), &env{getenv: func(string) string { return "" }}, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeSession(s) })
	if err := s.Send(context.Background(), available); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSendReceipt: send -receipt says when the receipt came, and fails
// with a clear message when none comes within -timeout; listen answers
// receipts from anyone with -receipts, else only from its own account.
func TestSendReceipt(t *testing.T) {
	ts := newTestServer(t)
	libClient(t, ts, "bob", mux.New(receipts.Handler{Allow: func(from jid.JID) bool { return from.Bare().String() == "alice@localhost" }}.Handle()))
	r := runCmd(t, "", append(append([]string{"send", "-receipt"}, ts.flags("alice")...), "bob@localhost/lib", "hi")...)
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "delivered: bob@localhost/lib acknowledged message ") {
		t.Errorf("answered: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	quiet := startCmd(t, append([]string{"listen", "-resource", "quiet"}, ts.flags("alice")...)...)
	quiet.stderr.waitFor(t, "listening as alice@localhost/quiet")
	r = runCmd(t, "", append(append([]string{"send", "-receipt"}, ts.flags("bob")...), "-timeout", "2s", "alice@localhost/quiet", "hi")...)
	if r.code != exitError || !strings.Contains(r.stderr, "no delivery receipt from alice@localhost/quiet within 2s (-timeout)") {
		t.Errorf("unanswered: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// The account's own resources get receipts without -receipts.
	r = runCmd(t, "", append(append([]string{"send", "-receipt"}, ts.flags("alice")...), "alice@localhost/quiet", "note to self")...)
	if r.code != exitOK {
		t.Errorf("own account: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	open := startCmd(t, append([]string{"listen", "-receipts", "-count", "1", "-resource", "open"}, ts.flags("alice")...)...)
	open.stderr.waitFor(t, "listening as alice@localhost/open")
	r = runCmd(t, "", append(append([]string{"send", "-receipt"}, ts.flags("bob")...), "alice@localhost", "hello")...)
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "delivered: alice@localhost acknowledged message ") {
		t.Errorf("listen -receipts: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if code := open.wait(t); code != 0 {
		t.Fatalf("listen exited %d: %s", code, open.stderr)
	}
	if got := open.stdout.String(); !strings.HasSuffix(got, ": hello\n") {
		t.Errorf("listen printed %q", got)
	}
}

// TestListenStatesCorrections: listen prints chat states and corrections
// readably, and counts only messages with a body.
func TestListenStatesCorrections(t *testing.T) {
	ts := newTestServer(t)
	l := startCmd(t, append([]string{"listen", "-count", "2", "-resource", "cli"}, ts.flags("bob")...)...)
	l.stderr.waitFor(t, "listening as bob@localhost/cli")
	alice := libClient(t, ts, "alice", nil)
	bob := jid.MustParse("bob@localhost/cli")
	orig := message.Chat(bob, "helo")
	orig.Header.ID = "m1"
	ctx := context.Background()
	for _, m := range []*message.Message{
		chatstates.Standalone(bob, chatstates.Composing),
		orig,
		chatstates.Standalone(bob, chatstates.Paused),
		correction.Correct(bob, "m1", "hello"),
	} {
		if err := alice.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if code := l.wait(t); code != 0 {
		t.Fatalf("listen exited %d: %s", code, l.stderr)
	}
	want := strings.Join([]string{
		"alice@localhost/lib is composing",
		"alice@localhost/lib: helo",
		"alice@localhost/lib paused composing",
		"alice@localhost/lib corrected m1: hello",
	}, "\n") + "\n"
	if got := l.stdout.String(); got != want {
		t.Errorf("listen printed:\n%s\nwant:\n%s", got, want)
	}
}
