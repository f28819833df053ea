package client

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
)

// TestSASL2InlineStreamManagement: with Config.SASL2 the client logs in
// with SASL2 and Bind 2, enabling carbons and stream management inline;
// after the connection drops it logs in again with its FAST token and
// resumes the stream inside authentication, its tracked stanza
// acknowledged on the resumed stream.
func TestSASL2InlineStreamManagement(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	store := xmpp.NewMemoryFASTClientStore()
	c, _ := newClient(t, "alice", ts.addr(), Config{
		SASL2: &SASL2{
			UserAgent: xmpp.UserAgent{ID: "7f0e2a4c-3b1d-4c8e-9a6f-1d2e3f4a5b6c", Software: "client test"},
			FAST:      store,
			Tag:       "test",
			Bind:      []xmpp.BindFeature{carbons.Bind2(nil)},
		},
		Resumer: sm.NewResumer(sm.Config{AckEvery: -1, AckAfter: -1}),
	})
	ev, _ := waitFor(t, c, Online)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s1, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	info, ok := xmpp.SASL2Of(s1)
	if !ok || !strings.HasPrefix(info.Mechanism, "SCRAM-") || !slices.Contains(info.Enabled, sm.NS) || !slices.Contains(info.Enabled, carbons.NS) {
		t.Fatalf("login %+v, want SCRAM with stream management and carbons inline", info)
	}
	if !strings.HasPrefix(ev.Addr.Resourcepart(), "test/") {
		t.Errorf("bound %s, want the Bind 2 tag", ev.Addr)
	}
	r, err := c.SendTracked(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "x"))
	if err != nil {
		t.Fatal(err)
	}
	ts.ln.dropAll()
	resumed, _ := waitFor(t, c, Resumed)
	if resumed.Addr != ev.Addr {
		t.Errorf("resumed as %s, want %s", resumed.Addr, ev.Addr)
	}
	s2, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The reconnection pipelines its FAST authentication with the stream
	// header after STARTTLS: one round trip for the login and resumption.
	if info, _ := xmpp.SASL2Of(s2); !info.FAST || !info.Pipelined || slices.Contains(info.Inline, xmpp.NSBind2) || !sm.IsResumed(s2) {
		t.Errorf("reconnect %+v (resumed %v), want FAST pipelined with inline resumption", info, sm.IsResumed(s2))
	}
	// The stanza sent before the drop is acknowledged on the resumed
	// stream once asked.
	if err := s2.Send(ctx, sm.Request{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(ctx); err != nil {
		t.Errorf("receipt after resuming: %v", err)
	}
}

// TestSASL2InlineResumeFailed: when the stream expired on the server, the
// inline resumption fails and Bind 2 binds a new session, with stream
// management enabled, in the same exchange; the stanza the server never
// acknowledged is reported lost and its receipt settled, and the first
// session's initial presence is not (the new session sent its own).
func TestSASL2InlineResumeFailed(t *testing.T) {
	ts := startServerWith(t, "127.0.0.1:0", func(c *server.Config) { c.ResumeWindow = time.Millisecond })
	c, _ := newClient(t, "alice", ts.addr(), Config{
		SASL2:      &SASL2{Tag: "test"},
		Resumer:    sm.NewResumer(sm.Config{AckEvery: -1, AckAfter: -1}),
		MinBackoff: 200 * time.Millisecond, // the 1 ms window passes first
		MaxBackoff: 400 * time.Millisecond,
	})
	first, _ := waitFor(t, c, Online)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := c.SendTracked(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "lost"))
	if err != nil {
		t.Fatal(err)
	}
	ts.ln.dropAll()
	ev, seen := waitFor(t, c, Online)
	for _, e := range seen {
		if e.State == Resumed {
			t.Fatal("resumed an expired stream")
		}
	}
	if got := bodiesOf(ev.Lost); !slices.Equal(got, []string{"lost"}) {
		t.Errorf("lost %q, want only the message", got)
	}
	if err := r.Wait(ctx); !errors.Is(err, sm.ErrUnacknowledged) {
		t.Errorf("receipt: %v", err)
	}
	if ev.Addr == first.Addr {
		t.Errorf("bound %s again", ev.Addr)
	}
	s, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := xmpp.SASL2Of(s); !slices.Contains(info.Enabled, sm.NS) {
		t.Errorf("new session %+v, want stream management enabled in Bind 2", info)
	}
}
