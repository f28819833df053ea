package client

import (
	"context"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/xmlstream"
)

// heldDialer dials connections whose writes wait, once hold is called,
// until release: what the client writes meanwhile (its initial presence)
// reaches the server only then.
type heldDialer struct {
	mu   sync.Mutex
	gate chan struct{} // nil: writes pass; else closed by release
}

func (d *heldDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return heldConn{Conn: c, d: d}, nil
}

func (d *heldDialer) hold() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gate = make(chan struct{})
}

func (d *heldDialer) release() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gate != nil {
		close(d.gate)
		d.gate = nil
	}
}

type heldConn struct {
	net.Conn
	d *heldDialer
}

func (c heldConn) Write(p []byte) (int, error) {
	c.d.mu.Lock()
	gate := c.d.gate
	c.d.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return c.Conn.Write(p)
}

// TestMessagesBeforePresenceHandled shows a loss TestFaultInjection
// once reported (alice->bob 2971 of 3000, with nothing reported lost, in
// runs with one P on a loaded machine), and why that test now gives the
// server room for every message offline: a client is Online once it has
// sent its initial presence, but until the server has handled that
// presence, messages to the account's bare JID go to offline storage,
// and past its limit (100 messages by default) back to their sender as
// service-unavailable errors (RFC 6121 §8.5.2.2.1), which the fault
// test's inbox counted as neither received nor reported lost. Here bob's
// presence is held on its way to the server while alice sends 101
// messages: without waiting for the server to handle it, the 101st
// bounces; with the wait (presenceHandled), all 101 arrive.
func TestMessagesBeforePresenceHandled(t *testing.T) {
	const sent = 101 // the server's default offline limit, plus one
	for _, tc := range []struct {
		name    string
		wait    bool
		bounced int
	}{
		{"Online only", false, 1},
		{"presence handled", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, "127.0.0.1:0")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			held := &heldDialer{}
			toAlice, toBob := newInboxOf("bob", 0), newInboxOf("alice", sent)
			alice, _ := newClient(t, "alice", ts.addr(), Config{Handler: toAlice, KeepAlive: -1})
			bob, _ := newClient(t, "bob", "", Config{
				Handler:   toBob,
				KeepAlive: -1,
				Dial:      dial.Dialer{Address: ts.addr(), TLSConfig: trusting(), NetDialer: held},
				// The presence is written once this returns: it waits.
				InitialPresence: func() xmlstream.Marshaler { held.hold(); return available{} },
			})
			waitFor(t, alice, Online)
			presenceHandled(ctx, t, alice)
			waitFor(t, bob, Online)
			if tc.wait {
				time.AfterFunc(20*time.Millisecond, held.release) // the presence arrives late
				presenceHandled(ctx, t, bob)
			}
			s, err := alice.Session(ctx)
			if err != nil {
				t.Fatal(err)
			}
			bare := jid.MustParse("bob@" + testDomain)
			for i := 1; i <= sent; i++ {
				if err := alice.Send(ctx, message.Chat(bare, "n"+strconv.Itoa(i))); err != nil {
					t.Fatal(err)
				}
			}
			// The server handles alice's stanzas in order: once it has
			// answered this, it has routed all her messages.
			if _, err := ping.Send(ctx, s, jid.JID{}); err != nil {
				t.Fatal(err)
			}
			held.release()
			wantGot := sent - tc.bounced
			for {
				toAlice.mu.Lock()
				bounced := toAlice.bounced
				toAlice.mu.Unlock()
				toBob.mu.Lock()
				got := len(toBob.got)
				toBob.mu.Unlock()
				if bounced == tc.bounced && got == wantGot {
					break
				}
				if ctx.Err() != nil || bounced > tc.bounced || got > wantGot {
					t.Fatalf("bob got %d of %d messages, alice %d bounces; want %d and %d", got, sent, bounced, wantGot, tc.bounced)
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
}
