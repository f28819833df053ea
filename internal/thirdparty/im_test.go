package thirdparty

import (
	"context"
	"encoding/xml"
	"fmt"
	"os/exec"
	"path/filepath"
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

// The conversation of the IM scripts (testdata/*_im.py, testdata/js/
// xmppjs_im.mjs), fixed on both sides:
//
//  1. the client sends imFirst with id imFirstID, asking for a receipt and
//     carrying <active/>; the Canto client answers the receipt;
//  2. the client sends a standalone <composing/>, then corrects imFirstID
//     with imFixed;
//  3. the Canto client, once it accepted the correction, sends the
//     client's full JID a standalone <composing/>, then imPing asking for
//     a receipt, which it waits for, then corrects imPing with imPong;
//  4. the client prints OK once it has seen all three.
const (
	imFirstID = "m1"
	imFirst   = "helo"
	imFixed   = "hello"
	imPing    = "ping from canto"
	imPong    = "pong from canto"
)

// imCanto is the Canto client of the IM conversation: it records what it
// sees, for the test to check after the script.
type imCanto struct {
	mu      sync.Mutex
	senders map[string]jid.JID // id of each message received → its sender
	events  chan string        // one line per step seen, or a failure
}

func newIMCanto() *imCanto {
	return &imCanto{senders: map[string]jid.JID{}, events: make(chan string, 16)}
}

// handler returns the Canto client's handler.
func (c *imCanto) handler(*lab) xmpp.Handler {
	record := xmpp.HandlerFunc(c.message)
	// Receipts go to the lab's accounts only: XEP-0184 §8 asks for the
	// sender to be allowed to see the account's presence.
	allow := func(from jid.JID) bool { return from.Domainpart() == domain }
	return mux.New(
		receipts.Handler{Allow: allow, Next: record}.Handle(),
		chatstates.Handler{Notify: c.state, Next: record}.Handle(),
		mux.AnyMessage(xml.Name{}, record),
	)
}

func (c *imCanto) event(format string, a ...any) {
	select {
	case c.events <- fmt.Sprintf(format, a...):
	default:
	}
}

func (c *imCanto) state(_ context.Context, _ *xmpp.Session, from jid.JID, st chatstates.State) {
	c.event("state %s from %s", st, from.Localpart())
}

func (c *imCanto) message(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
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
func (c *imCanto) answer(s *xmpp.Session, to jid.JID) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.Send(ctx, chatstates.Standalone(to, chatstates.Composing)); err != nil {
		c.event("sending composing: %v", err)
		return
	}
	ping := message.Chat(to, imPing)
	ping.Payload = []xmlstream.Marshaler{chatstates.Active}
	if err := receipts.SendWithReceipt(ctx, s, ping); err != nil {
		c.event("no receipt: %v", err)
		return
	}
	c.event("receipt from %s", to.Localpart())
	if err := s.Send(ctx, correction.Correct(to, ping.Header.ID, imPong)); err != nil {
		c.event("sending the correction: %v", err)
	}
}

// expectIM checks what the Canto client saw of the conversation with user.
func (c *imCanto) expectIM(t *testing.T, user string) {
	t.Helper()
	for _, want := range []string{
		fmt.Sprintf("message %s %q from %s", imFirstID, imFirst, user),
		"state composing from " + user,
		fmt.Sprintf("correction of %s %q from %s", imFirstID, imFixed, user),
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

// TestIMClients has slixmpp, aioxmpp and @xmpp/client exchange receipts
// (XEP-0184), chat states (XEP-0085) and corrections (XEP-0308) with a
// Canto client, both ways, over STARTTLS.
func TestIMClients(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	for _, tc := range []struct {
		client, what, install string
		have                  bool
		cmd                   []string
	}{
		{"slixmpp", "slixmpp", "apt-get install python3-slixmpp", havePython("slixmpp"), []string{systemPython, "testdata/slixmpp_im.py"}},
		{"aioxmpp", "aioxmpp", "apt-get install python3-aioxmpp", havePython("aioxmpp"), []string{systemPython, "testdata/aioxmpp_im.py"}},
		{"xmppjs", "Node.js and the npm package @xmpp/client", "npm ci --prefix internal/thirdparty/testdata/js",
			nodeErr == nil && havePath(filepath.Join("testdata/js/node_modules/@xmpp/client/package.json")), []string{"node", "testdata/js/xmppjs_im.mjs"}},
	} {
		t.Run(tc.client, func(t *testing.T) {
			need(t, tc.what, tc.install, tc.have)
			c := newIMCanto()
			l := newLabWith(t, c.handler, tc.client)
			env := append(scriptEnv(), "NODE_EXTRA_CA_CERTS="+l.ca)
			args := append(tc.cmd[1:], l.scriptArgs(tc.client, "127.0.0.1", port(l.srv.Addr()), "starttls")...)
			run(t, env, tc.cmd[0], args...)
			c.expectIM(t, tc.client)
		})
	}
}
