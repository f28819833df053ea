// Package imconv is the Canto side of the instant-messaging conversation
// that third-party clients hold with a Canto client in the interop suites
// (internal/thirdparty through the embedded server, internal/interop
// through Prosody and ejabberd): delivery receipts (XEP-0184), chat states (XEP-0085)
// and corrections (XEP-0308), both ways. The clients' side is in
// internal/thirdparty/testdata (*_im.py, js/xmppjs_im.mjs).
package imconv

import (
	"context"
	"encoding/xml"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/xmlstream"
)

// The conversation, fixed on both sides:
//
//  1. the client sends First with id FirstID, asking for a receipt and
//     carrying <active/>; the Canto client answers the receipt;
//  2. the client sends a standalone <composing/>, then corrects FirstID
//     with Fixed;
//  3. the Canto client, once it accepted the correction, sends the
//     client's full JID a standalone <composing/>, then Ping asking for
//     a receipt, which it waits for, then corrects Ping with Pong;
//  4. the client prints OK once it has seen all three.
const (
	FirstID = "m1"
	First   = "helo"
	Fixed   = "hello"
	Ping    = "ping from canto"
	Pong    = "pong from canto"
)

// Canto is the Canto client of the conversation: it records what it
// sees, for the test to check after the third-party client ran.
type Canto struct {
	domain  string
	mu      sync.Mutex
	senders map[string]jid.JID // id of each message received → its sender
	events  chan string        // one line per step seen, or a failure
}

// New returns the Canto side for a server of domain; only accounts of
// domain get receipts.
func New(domain string) *Canto {
	return &Canto{domain: domain, senders: map[string]jid.JID{}, events: make(chan string, 16)}
}

// Handler returns the Canto client's handler.
func (c *Canto) Handler() xmpp.Handler {
	record := xmpp.HandlerFunc(c.message)
	// Receipts go to the server's accounts only: XEP-0184 §8 asks for the
	// sender to be allowed to see the account's presence.
	allow := func(from jid.JID) bool { return from.Domainpart() == c.domain }
	return mux.New(
		receipts.Handler{Allow: allow, Next: record}.Handle(),
		chatstates.Handler{Notify: c.state, Next: record}.Handle(),
		mux.AnyMessage(xml.Name{}, record),
	)
}

func (c *Canto) event(format string, a ...any) {
	select {
	case c.events <- fmt.Sprintf(format, a...):
	default:
	}
}

func (c *Canto) state(_ context.Context, _ *xmpp.Session, from jid.JID, st chatstates.State) {
	c.event("state %s from %s", st, from.Localpart())
}

func (c *Canto) message(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	m, err := message.Parse(st.Element)
	if err != nil || len(m.Bodies) == 0 {
		return nil
	}
	r, isCorrection, err := correction.Of(st.Element)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err != nil:
		c.event("bad correction: %v", err)
	case !isCorrection:
		c.senders[st.Header.ID] = st.Header.From
		c.event("message %s %q from %s", st.Header.ID, m.Body(""), st.Header.From.Localpart())
	default:
		if err := correction.Check(st.Header.From, c.senders[r.ID]); err != nil {
			c.event("correction of %s refused: %v", r.ID, err)
			return nil
		}
		c.event("correction of %s %q from %s", r.ID, m.Body(""), st.Header.From.Localpart())
		go c.answer(s, st.Header.From)
	}
	return nil
}

// answer is step 3, outside the handler: the receipt it waits for arrives
// through the handler.
func (c *Canto) answer(s *xmpp.Session, to jid.JID) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.Send(ctx, chatstates.Standalone(to, chatstates.Composing)); err != nil {
		c.event("sending composing: %v", err)
		return
	}
	ping := message.Chat(to, Ping)
	ping.Payload = []xmlstream.Marshaler{chatstates.Active}
	if err := receipts.SendWithReceipt(ctx, s, ping); err != nil {
		c.event("no receipt: %v", err)
		return
	}
	c.event("receipt from %s", to.Localpart())
	if err := s.Send(ctx, correction.Correct(to, ping.Header.ID, Pong)); err != nil {
		c.event("sending the correction: %v", err)
	}
}

// Expect checks what the Canto client saw of the conversation with user.
func (c *Canto) Expect(t testing.TB, user string) {
	t.Helper()
	for _, want := range []string{
		fmt.Sprintf("message %s %q from %s", FirstID, First, user),
		"state composing from " + user,
		fmt.Sprintf("correction of %s %q from %s", FirstID, Fixed, user),
		"receipt from " + user,
	} {
		select {
		case got := <-c.events:
			if got != want {
				t.Fatalf("the Canto client saw %q, want %q", got, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("the Canto client did not see %q", want)
		}
	}
}
