package client

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestLostReportedAfterFailedResume: the stream was resumable, but its
// window passed before the client came back: <resume/> is answered
// <failed/> (item-not-found), the client binds afresh, and the stanzas the
// server never acknowledged are reported, in order, in the Online event
// and to OnLost, once, with their receipts settled; the session after that
// reports nothing more. The first session's initial presence, never
// acknowledged either, is not among them: the new session sent its own,
// and a program that sends the lost stanzas again must not send a stale
// one after it.
func TestLostReportedAfterFailedResume(t *testing.T) {
	ts := startServerWith(t, "127.0.0.1:0", func(c *server.Config) { c.ResumeWindow = time.Millisecond })
	onLost := make(chan []*xmlstream.Element, 4)
	c, _ := newClient(t, "alice", ts.addr(), Config{
		Resumer:    sm.NewResumer(sm.Config{AckEvery: -1, AckAfter: -1}), // never asks: nothing is acknowledged
		OnLost:     func(l []*xmlstream.Element) { onLost <- l },
		MinBackoff: 200 * time.Millisecond, // the 1 ms window passes first
		MaxBackoff: 400 * time.Millisecond,
	})
	waitFor(t, c, Online)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var receipts []*sm.Receipt
	for _, body := range []string{"one", "two"} {
		r, err := c.SendTracked(ctx, message.Chat(jid.MustParse("bob@"+testDomain), body))
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	s1, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if en, err := sm.WaitEnabled(ctx, s1); err != nil || !en.Resume {
		t.Fatalf("first stream enabled %+v, %v: not resumable", en, err)
	}
	ts.ln.dropAll()
	ev, seen := waitFor(t, c, Online)
	if slices.ContainsFunc(seen, func(e Event) bool { return e.State == Resumed }) {
		t.Fatal("resumed an expired stream")
	}
	s2, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := sm.IsResumed(s2); r {
		t.Fatal("the new session resumed")
	}
	if got := bodiesOf(ev.Lost); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("Event.Lost bodies %q (%d stanzas), want [one two]", got, len(ev.Lost))
	}
	select {
	case l := <-onLost:
		if got := bodiesOf(l); !slices.Equal(got, []string{"one", "two"}) {
			t.Errorf("OnLost got %q", got)
		}
	default:
		t.Error("OnLost not called")
	}
	for i, r := range receipts {
		if err := r.Wait(ctx); !errors.Is(err, sm.ErrUnacknowledged) {
			t.Errorf("receipt %d: %v", i, err)
		}
	}
	// The next loss, after a stanza the server acknowledged, reports
	// nothing of the earlier stream again.
	r3, err := c.SendTracked(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "three"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Send(ctx, sm.Request{}); err != nil {
		t.Fatal(err)
	}
	if err := r3.Wait(ctx); err != nil {
		t.Fatalf("receipt of three: %v", err)
	}
	ts.ln.dropAll()
	ev, _ = waitFor(t, c, Online)
	if len(ev.Lost) != 0 {
		t.Errorf("reported again: %q", bodiesOf(ev.Lost))
	}
	select {
	case l := <-onLost:
		t.Errorf("OnLost called again with %q", bodiesOf(l))
	default:
	}
}

// bodiesOf returns the bodies of the messages among els, and the name of
// every other stanza.
func bodiesOf(els []*xmlstream.Element) []string {
	var out []string
	for _, el := range els {
		if m, err := message.Parse(el); err == nil && m.Body("") != "" {
			out = append(out, m.Body(""))
		} else {
			out = append(out, "<"+el.Name().Local+">")
		}
	}
	return out
}
