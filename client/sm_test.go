package client

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestSendTracked: by default the client enables stream management, and
// the receipt of a stanza says when the server acknowledged it.
func TestSendTracked(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	c, _ := newClient(t, "alice", ts.addr(), Config{Resumer: sm.NewResumer(sm.Config{AckEvery: 1})})
	waitFor(t, c, Online)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := c.SendTracked(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(ctx); err != nil {
		t.Fatalf("receipt: %v", err)
	}

	// Without stream management there is nothing to track.
	c2, _ := newClient(t, "bob", ts.addr(), Config{NoStreamManagement: true})
	waitFor(t, c2, Online)
	if _, err := c2.SendTracked(ctx, message.Chat(jid.MustParse("alice@"+testDomain), "x")); !errors.Is(err, sm.ErrNotEnabled) {
		t.Errorf("SendTracked without stream management: %v", err)
	}
	if err := c2.Send(ctx, message.Chat(jid.MustParse("alice@"+testDomain), "x")); err != nil {
		t.Errorf("Send without stream management: %v", err)
	}
}

// TestLostReported: a session that cannot be resumed (the server offers
// no resumption) reports, in the next Online event and to OnLost, the
// stanzas the server never acknowledged, and settles their receipts.
func TestLostReported(t *testing.T) {
	ts := startServerWith(t, "127.0.0.1:0", func(c *server.Config) { c.ResumeWindow = -1 })

	onLost := make(chan []*xmlstream.Element, 1)
	c, _ := newClient(t, "alice", ts.addr(), Config{
		Resumer: sm.NewResumer(sm.Config{AckEvery: -1, AckAfter: -1}), // never asks: nothing is acknowledged
		OnLost:  func(l []*xmlstream.Element) { onLost <- l },
	})
	waitFor(t, c, Online)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var receipts []*sm.Receipt
	for _, body := range []string{"one", "two", "three"} {
		r, err := c.SendTracked(ctx, message.Chat(jid.MustParse("bob@"+testDomain), body))
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	ts.ln.dropAll()
	ev, _ := waitFor(t, c, Online)
	var bodies []string
	for _, el := range ev.Lost {
		if m, err := message.Parse(el); err == nil && m.Body("") != "" {
			bodies = append(bodies, m.Body(""))
		}
	}
	if len(bodies) != 3 || bodies[0] != "one" || bodies[2] != "three" {
		t.Errorf("Event.Lost bodies %q (%d elements)", bodies, len(ev.Lost))
	}
	select {
	case l := <-onLost:
		if len(l) != len(ev.Lost) {
			t.Errorf("OnLost got %d, the event %d", len(l), len(ev.Lost))
		}
	default:
		t.Error("OnLost not called")
	}
	for i, r := range receipts {
		if err := r.Wait(ctx); !errors.Is(err, sm.ErrUnacknowledged) {
			t.Errorf("receipt %d: %v", i, err)
		}
	}
}
