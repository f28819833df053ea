package client

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// inbox is a handler that passes on the bodies of chat messages.
func inbox() (xmpp.Handler, <-chan string) {
	ch := make(chan string, 16)
	return xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		if m, err := message.Parse(st.Element); err == nil && len(m.Bodies) > 0 {
			select {
			case ch <- m.Body(""):
			default:
			}
		}
		return nil
	}), ch
}

// expectDelivery checks that a message from bob to alice's bare JID (which
// the server routes only to available resources) reaches the client: its
// initial presence was sent on the current session.
func expectDelivery(t *testing.T, c *Client, bob *xmpp.Session, got <-chan string, body string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The server handles a session's stanzas in order: once it answers
	// this ping, it has taken the client's initial presence.
	if _, err := c.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, ping.Ping{}); err != nil {
		t.Fatal(err)
	}
	if err := bob.Send(ctx, message.Chat(jid.MustParse("alice@"+testDomain), body)); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if b != body {
			t.Fatalf("got %q, want %q", b, body)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%q not delivered", body)
	}
}

func TestReconnectAfterDroppedConnection(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	h, got := inbox()
	// Without stream management: the session is not resumed, and the
	// gap is reported.
	c, _ := newClient(t, "alice", ts.addr(), Config{Handler: h, NoStreamManagement: true})
	first, _ := waitFor(t, c, Online)
	if first.Gap {
		t.Error("the first session reports a gap")
	}
	bob := login(t, "bob", ts.addr(), nil)
	expectDelivery(t, c, bob, got, "before")

	ts.ln.dropAll() // also bob's
	off, _ := waitFor(t, c, Offline)
	if off.Cause == nil || off.Attempt != 0 || off.Retry <= 0 {
		t.Errorf("the loss of a short session: %+v", off)
	}
	ev, _ := waitFor(t, c, Online)
	if !ev.Gap || ev.Addr.String() != "alice@"+testDomain+"/test" {
		t.Errorf("after reconnecting: %+v", ev)
	}
	if c.State() != Online {
		t.Errorf("State = %v", c.State())
	}
	bob = login(t, "bob", ts.addr(), nil)
	expectDelivery(t, c, bob, got, "after")
}

func TestReconnectAfterServerRestart(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	addr := ts.addr()
	c, _ := newClient(t, "alice", addr, Config{})
	waitFor(t, c, Online)
	if err := ts.srv.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, Offline)
	// At least one attempt fails while nothing listens.
	ev, _ := waitFor(t, c, Offline)
	if ev.Retry <= 0 || ev.Attempt < 1 {
		t.Errorf("failed attempt: %+v", ev)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := c.Send(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "x")); !errors.Is(err, ErrOffline) {
		t.Errorf("Send while offline: %v", err)
	}
	startServer(t, addr)
	if ev, _ := waitFor(t, c, Online); !ev.Gap {
		t.Errorf("no gap reported: %+v", ev)
	}
	s, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "x")); err != nil {
		t.Errorf("Send once online: %v", err)
	}
	if s.LocalAddr().Domainpart() != testDomain {
		t.Errorf("session of %v", s.LocalAddr())
	}
}

func TestDeadPeer(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	p := startProxy(t, ts.addr())
	c, _ := newClient(t, "alice", p.addr(), Config{KeepAlive: 50 * time.Millisecond, KeepAliveTimeout: 200 * time.Millisecond})
	waitFor(t, c, Online)
	time.Sleep(150 * time.Millisecond) // a few pings are answered
	if c.State() != Online {
		t.Fatalf("State = %v while the server answers", c.State())
	}
	p.freeze()
	start := time.Now()
	ev, _ := waitFor(t, c, Offline)
	if !errors.Is(ev.Cause, ErrDeadPeer) {
		t.Errorf("cause %v, want ErrDeadPeer", ev.Cause)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("dead peer found after %v", d)
	}
	waitFor(t, c, Resumed) // the server still had the stream: resumed over its old connection
}

func TestWrongPasswordGivesUpAtOnce(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	var log xmpptest.LogBuffer
	c, err := New(jid.MustParse("alice@"+testDomain), Config{Password: "wrong", Dial: dialTo(ts.addr()), MinBackoff: time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Run(context.Background())
	var se *xmpp.SASLError
	if !errors.As(err, &se) {
		t.Fatalf("Run: %v", err)
	}
	var evs []Event
	for ev := range c.Events() {
		evs = append(evs, ev)
	}
	if got := strings.Join(states(evs), ","); !strings.HasPrefix(got, "connecting,gave up") || len(evs) != 2 {
		t.Errorf("events: %v", got)
	}
	if c.State() != GaveUp {
		t.Errorf("State = %v", c.State())
	}
	for _, want := range []string{`level=INFO msg="xmpp client connecting" account=alice@example.test attempt=1`, `level=ERROR msg="xmpp client gave up"`, "not-authorized"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("no %q in the log:\n%s", want, log.String())
		}
	}
}

// A server that accepts the client and drops it at once is not hammered:
// each short session counts as a failure, and the client gives up.
func TestShortSessionsCountAsFailures(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	c, err := New(jid.MustParse("alice@"+testDomain), Config{Password: testUsers["alice"], Dial: dialTo(ts.addr()),
		MaxAttempts: 3, MinBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		NoStreamManagement: true}) // each session new: Online every time
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background()) }()
	for range 2 {
		waitFor(t, c, Online)
		ts.ln.dropAll()
		if ev, _ := waitFor(t, c, Offline); ev.Retry <= 0 {
			t.Errorf("no backoff after a short session: %+v", ev)
		}
	}
	waitFor(t, c, Online)
	ts.ln.dropAll() // the third failure in a row
	waitFor(t, c, GaveUp)
	if err := <-done; !errors.Is(err, ErrGaveUp) {
		t.Errorf("Run: %v", err)
	}
}
