package client

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
)

// heldInbox records message bodies, holding the one with body "1" until
// open is closed. Before it holds it, it pings the server: a handler that
// waits on the stream lets reading go on, so that the session can end
// while it still runs.
type heldInbox struct {
	mu     sync.Mutex
	got    []string
	in     chan string
	pinged chan error
	open   chan struct{}
}

func (h *heldInbox) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage {
		return nil
	}
	m, err := message.Parse(st.Element)
	if err != nil || m.Body("") == "" {
		return nil
	}
	h.in <- m.Body("")
	if m.Body("") == "1" {
		_, err := ping.Send(ctx, s, jid.JID{})
		h.pinged <- err
		<-h.open
	}
	h.mu.Lock()
	h.got = append(h.got, m.Body(""))
	h.mu.Unlock()
	return nil
}

// TestResumedStanzasInOrder: the stanzas of a resumed stream reach the
// handler after those of the lost connection, even when the handler is
// still busy with the last of those when the connection drops.
func TestResumedStanzasInOrder(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	f := newFaults(1)
	h := &heldInbox{in: make(chan string, 4), pinged: make(chan error, 1), open: make(chan struct{})}
	c, _ := newClient(t, "alice", ts.addr(), Config{
		Handler:   h,
		KeepAlive: -1,
		Dial:      dial.Dialer{Address: ts.addr(), TLSConfig: trusting(), NetDialer: f.dialer("alice")},
	})
	waitFor(t, c, Online)
	bob := login(t, "bob", ts.addr(), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	to := jid.MustParse("alice@" + testDomain + "/test")
	if err := bob.Send(ctx, message.Chat(to, "1")); err != nil {
		t.Fatal(err)
	}
	if got := <-h.in; got != "1" {
		t.Fatalf("handler got %q first", got)
	}
	if err := <-h.pinged; err != nil {
		t.Fatal(err)
	}
	// The handler holds "1"; the connection dies on the next byte, "2",
	// which the server sends again on the resumed stream.
	if !f.cut("alice", 1) {
		t.Fatal("no connection to cut")
	}
	if err := bob.Send(ctx, message.Chat(to, "2")); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-h.in:
		t.Errorf("handler got %q while still handling \"1\"", got)
	case <-time.After(300 * time.Millisecond):
	}
	close(h.open)
	waitFor(t, c, Resumed)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		h.mu.Lock()
		got := slices.Clone(h.got)
		h.mu.Unlock()
		if len(got) >= 2 || time.Now().After(deadline) {
			if !slices.Equal(got, []string{"1", "2"}) {
				t.Errorf("handled %q, want [1 2]", got)
			}
			break
		}
	}
}
