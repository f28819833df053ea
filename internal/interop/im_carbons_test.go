package interop

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
)

// carbonSeen is a carbon as the first resource's handler saw it.
type carbonSeen struct {
	dir      carbons.Direction
	from, to string
	body     string
}

// TestCarbons enables carbons on one resource of alice's and sees the
// copies of a message another resource of hers sends to bob, and of bob's
// answer to that resource (XEP-0280 §6 and §7).
func TestCarbons(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		seen := make(chan carbonSeen, 4)
		h := carbons.Handler{Deliver: func(_ context.Context, _ *xmpp.Session, d carbons.Direction, msg *xmpp.Stanza) error {
			body, _ := msg.Element.Child(bodyName.Space, bodyName.Local)
			seen <- carbonSeen{d, msg.Header.From.String(), msg.Header.To.String(), body.Text()}
			return nil
		}}
		one := srv.loginAs(t, "alice", "one", mux.New(h.Handle()))
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		if err := carbons.Enable(ctx, one.Session); err != nil {
			t.Fatalf("enable: %v", err)
		}
		// ejabberd copies only to and from available resources.
		if err := one.Send(ctx, stanza.Presence{}.Wrap()); err != nil {
			t.Fatal(err)
		}
		two := srv.loginAs(t, "alice", "two", nil)
		if err := two.Send(ctx, stanza.Presence{}.Wrap()); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 2)
		bob := srv.loginAs(t, "bob", "", mux.New(mux.Message(stanza.ChatMessage, bodyName, xmpp.HandlerFunc(
			func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
				body, _ := st.Element.Child(bodyName.Space, bodyName.Local)
				got <- body.Text()
				return nil
			}))))
		expect := func(want carbonSeen) {
			t.Helper()
			select {
			case c := <-seen:
				if c != want {
					t.Errorf("carbon %+v, want %+v", c, want)
				}
			case <-ctx.Done():
				t.Fatalf("no carbon %+v", want)
			}
		}
		if err := two.Send(ctx, chat{to: bob.LocalAddr(), id: stanza.NewID(), body: "from two"}); err != nil {
			t.Fatal(err)
		}
		expect(carbonSeen{carbons.Sent, two.LocalAddr().String(), bob.LocalAddr().String(), "from two"})
		if b := <-got; b != "from two" {
			t.Errorf("bob got %q", b)
		}
		if err := bob.Send(ctx, chat{to: two.LocalAddr(), id: stanza.NewID(), body: "to two"}); err != nil {
			t.Fatal(err)
		}
		expect(carbonSeen{carbons.Received, bob.LocalAddr().String(), two.LocalAddr().String(), "to two"})
	})
}

// TestBlocking blocks bob for alice: bob's messages stop reaching her and
// hers to him come back as blocked (XEP-0191 §3.3); unblocked, they flow
// again.
func TestBlocking(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		type msg struct {
			body    string
			cond    stanza.Condition
			blocked bool
		}
		aliceGot, bobGot := make(chan msg, 4), make(chan msg, 4)
		record := func(ch chan msg) xmpp.Handler {
			// Every message, errors without a body included; block list
			// pushes are answered by the blocking handler.
			return mux.New(blocking.Handler{}.Handle(), mux.Fallback(xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
				if st.Header.Kind != stanza.KindMessage {
					return nil
				}
				var m msg
				if body, ok := st.Element.Child(bodyName.Space, bodyName.Local); ok {
					m.body = body.Text()
				}
				if st.Header.IsError() {
					se, err := stanza.ParseError(st.Element)
					m.cond, m.blocked = se.Condition, err == nil && blocking.IsBlocked(se)
				}
				ch <- m
				return nil
			})))
		}
		alice := srv.loginAs(t, "alice", "", record(aliceGot))
		bob := srv.loginAs(t, "bob", "", record(bobGot))
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		next := func(ch chan msg) msg {
			t.Helper()
			select {
			case m := <-ch:
				return m
			case <-ctx.Done():
				t.Fatal("no message")
			}
			return msg{}
		}
		bobBare := bob.LocalAddr().Bare()
		if err := blocking.Block(ctx, alice.Session, bobBare); err != nil {
			t.Fatalf("block: %v", err)
		}
		if l, err := blocking.List(ctx, alice.Session); err != nil || len(l) != 1 || l[0] != bobBare {
			t.Fatalf("list: %v, %v", l, err)
		}
		if err := bob.Send(ctx, chat{to: alice.LocalAddr(), id: stanza.NewID(), body: "while blocked"}); err != nil {
			t.Fatal(err)
		}
		if err := alice.Send(ctx, chat{to: bob.LocalAddr(), id: stanza.NewID(), body: "to a blocked JID"}); err != nil {
			t.Fatal(err)
		}
		// ejabberd 23.01 blocks through its privacy lists, whose error
		// lacks the <blocked/> of XEP-0191 §3.3.
		if m := next(aliceGot); m.cond != stanza.NotAcceptable || (!m.blocked && srv.name != "ejabberd") {
			t.Errorf("alice's message to bob came back as %+v, want a blocked error", m)
		}
		// An IQ from bob behind his message: once its error is back, his
		// message has been dealt with (§3.3: get and set are refused).
		if _, err := bob.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: alice.LocalAddr()}, ping.Ping{}); err == nil {
			t.Errorf("bob's ping to alice while blocked was answered")
		}
		if err := blocking.Unblock(ctx, alice.Session, bobBare); err != nil {
			t.Fatalf("unblock: %v", err)
		}
		if err := bob.Send(ctx, chat{to: alice.LocalAddr(), id: stanza.NewID(), body: "after"}); err != nil {
			t.Fatal(err)
		}
		if m := next(aliceGot); m != (msg{body: "after"}) {
			t.Errorf("alice got %+v first, want bob's message after the unblock", m)
		}
	})
}

// TestCLIBlock runs "xmpp block" against each server: add with a report,
// list, remove everyone.
func TestCLIBlock(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		flags := cliFlags(t, srv, "carol", "starttls")
		for _, step := range []struct {
			args []string
			want string
		}{
			{[]string{"add", "-report", "spam", "spammer@example.org"}, "blocked and reported 1 address(es) for spam\n"},
			{[]string{"list"}, "spammer@example.org\n"},
			{[]string{"remove", "-all"}, "unblocked everyone\n"},
			{[]string{"list"}, "no blocked addresses\n"},
		} {
			r := runCLI(t, cmdLine("block", flags, step.args...)...)
			if r.code != 0 || r.stdout != step.want {
				t.Errorf("block %v: exit %d, stdout %q, stderr %s; want %q", step.args, r.code, r.stdout, r.stderr, step.want)
			}
		}
	})
}
