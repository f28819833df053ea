package interop

import (
	"context"
	"crypto/tls"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
)

// bodyLog collects the bodies of the chat messages a client receives,
// across its sessions.
type bodyLog struct {
	mu  sync.Mutex
	got []string
}

func (b *bodyLog) HandleXMPP(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage || st.Header.IsError() {
		return nil
	}
	if m, err := message.Parse(st.Element); err == nil && m.Body("") != "" {
		b.mu.Lock()
		b.got = append(b.got, m.Body(""))
		b.mu.Unlock()
	}
	return nil
}

// wait waits until n bodies arrived, then a moment more for duplicates.
func (b *bodyLog) wait(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for {
		b.mu.Lock()
		got := slices.Clone(b.got)
		b.mu.Unlock()
		if len(got) >= n {
			time.Sleep(200 * time.Millisecond)
			b.mu.Lock()
			defer b.mu.Unlock()
			return slices.Clone(b.got)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages arrived: %v", len(got), n, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// smLogin connects user over STARTTLS with its own TCP connection (which
// the test cuts) and the given features after SASL.
func (s *server) smLogin(t *testing.T, user, resource string, h xmpp.Handler, features ...xmpp.StreamFeature) (*xmpp.Session, net.Conn) {
	t.Helper()
	raw := &rawLog{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("raw XML of %s's session on %s:\n%s", user, s.name, raw)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	origin, err := jid.New(user, domain, resource)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr(s.ports.c2s))
	if err != nil {
		t.Fatal(err)
	}
	all := append([]xmpp.StreamFeature{
		xmpp.StartTLS(&tls.Config{RootCAs: pki.roots}),
		xmpp.SASLWith(sasl.ClientConfig{Username: user, Password: s.accounts[user], Mechanisms: []string{sasl.ScramSHA1}}),
	}, features...)
	xs, err := xmpp.NewClientSession(ctx, origin, conn, xmpp.Config{RawLog: raw, Handler: h}, all...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeSession(t, xs) })
	return xs, conn
}

// TestStreamManagement enables XEP-0198 stream management with
// resumption, sends numbered messages both ways, cuts the client's TCP
// connection (the server's stays up until it notices), goes on sending to
// it, resumes the stream on a new connection, and checks that no message
// was lost or duplicated in either direction.
func TestStreamManagement(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		toBob, toAlice := &bodyLog{}, &bodyLog{}
		bob := srv.loginAs(t, "bob", "", toBob)
		cfg := sm.Config{AckAfter: 200 * time.Millisecond}
		alice, conn := srv.smLogin(t, "alice", "desk", toAlice, xmpp.BindResource(), sm.Feature(cfg))
		en, err := sm.WaitEnabled(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		if !en.Resume || en.ID == "" {
			t.Fatalf("the server did not make the stream resumable: %+v", en)
		}
		aliceJID := alice.LocalAddr()
		send := func(s *xmpp.Session, to jid.JID, i int) error {
			return s.Send(ctx, message.Chat(to, strconv.Itoa(i)))
		}
		var sent []string
		for i := 1; i <= 10; i++ {
			if err := send(alice, bob.LocalAddr(), i); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, strconv.Itoa(i))
			if err := send(bob.Session, aliceJID, 100+i); err != nil {
				t.Fatal(err)
			}
		}
		toAlice.wait(t, 10)
		_ = conn.Close() // the network under the client fails
		for i := 11; i <= 13; i++ {
			if send(alice, bob.LocalAddr(), i) == nil {
				sent = append(sent, strconv.Itoa(i))
			}
		}
		select {
		case <-alice.Done():
		case <-ctx.Done():
			t.Fatal("the client session did not end")
		}
		prev, err := sm.Ended(alice)
		if err != nil {
			t.Fatal(err)
		}
		for i := 111; i <= 115; i++ {
			if err := send(bob.Session, aliceJID, i); err != nil {
				t.Fatal(err)
			}
		}
		alice2, _ := srv.smLogin(t, "alice", "desk", toAlice,
			sm.ResumeFeature(prev, cfg), xmpp.BindResource(), sm.Feature(cfg))
		if r := sm.ResumptionOf(alice2, prev); !r.Resumed {
			t.Fatalf("not resumed: %+v", r)
		}
		if alice2.LocalAddr() != aliceJID {
			t.Fatalf("resumed as %s, was %s", alice2.LocalAddr(), aliceJID)
		}
		for i := 14; i <= 20; i++ {
			if err := send(alice2, bob.LocalAddr(), i); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, strconv.Itoa(i))
		}
		var wantAlice []string
		for i := 101; i <= 115; i++ {
			wantAlice = append(wantAlice, strconv.Itoa(i))
		}
		// Each message exactly once. The order is not compared: a server
		// may deliver what it held for the detached stream and what it
		// sends again interleaved (ejabberd does).
		if got := toBob.wait(t, len(sent)); !sameSet(got, sent) {
			t.Errorf("bob got %v, want %v", got, sent)
		}
		if got := toAlice.wait(t, len(wantAlice)); !sameSet(got, wantAlice) {
			t.Errorf("alice got %v, want %v", got, wantAlice)
		}
	})
}

// sameSet reports whether a and b hold the same strings, each as often.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
