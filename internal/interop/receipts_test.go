package interop

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// receiptWait is how long a test waits for a receipt that must not come.
const receiptWait = 2 * time.Second

// TestReceiptsStatesCorrections: through the server, alice gets receipts
// from bob (XEP-0184) for messages to his full and bare JIDs, bob's handler
// refuses to acknowledge carol (not allowed: no receipt), and bob sees
// alice's chat state (XEP-0085) and accepts her correction (XEP-0308)
// while refusing one carol claims of alice's message.
func TestReceiptsStatesCorrections(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		seen := make(chan string, 16)
		senders := map[string]jid.JID{}
		record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			m, err := message.Parse(st.Element)
			if err != nil || len(m.Bodies) == 0 {
				return nil
			}
			r, ok, err := correction.Of(st.Element)
			switch {
			case err != nil:
				seen <- "bad correction: " + err.Error()
			case !ok:
				senders[st.Header.ID] = st.Header.From
			case correction.Check(st.Header.From, senders[r.ID]) != nil:
				seen <- fmt.Sprintf("refused %s from %s", r.ID, st.Header.From.Localpart())
			default:
				seen <- fmt.Sprintf("corrected %s from %s: %s", r.ID, st.Header.From.Localpart(), m.Body(""))
			}
			return nil
		})
		aliceBare := bareJID(t, "alice")
		bobH := mux.New(
			receipts.Handler{Allow: func(from jid.JID) bool { return from.Bare() == aliceBare }, Next: record}.Handle(),
			chatstates.Handler{Next: record, Notify: func(_ context.Context, _ *xmpp.Session, from jid.JID, st chatstates.State) {
				seen <- fmt.Sprintf("%s is %s", from.Localpart(), st)
			}}.Handle(),
			mux.AnyMessage(xml.Name{}, record),
		)
		bob := srv.loginAs(t, "bob", "", bobH)
		alice := srv.loginAs(t, "alice", "", mux.New(receipts.Handler{}.Handle()))
		carol := srv.loginAs(t, "carol", "", mux.New(receipts.Handler{}.Handle()))
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		// Available presence, so that messages to the bare JID reach bob.
		if err := bob.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)); err != nil {
			t.Fatal(err)
		}
		expect := func(want string) {
			t.Helper()
			select {
			case got := <-seen:
				if got != want {
					t.Errorf("bob saw %q, want %q", got, want)
				}
			case <-ctx.Done():
				t.Fatalf("bob did not see %q", want)
			}
		}

		first := message.Chat(bob.LocalAddr(), "helo")
		if err := receipts.SendWithReceipt(ctx, alice.Session, first); err != nil {
			t.Errorf("receipt for a message to bob's full JID: %v", err)
		}
		if err := receipts.SendWithReceipt(ctx, alice.Session, message.Chat(bareJID(t, "bob"), "to the bare JID")); err != nil {
			t.Errorf("receipt for a message to bob's bare JID: %v", err)
		}
		short, cancelShort := context.WithTimeout(ctx, receiptWait)
		err := receipts.SendWithReceipt(short, carol.Session, message.Chat(bob.LocalAddr(), "hi, it's carol"))
		cancelShort()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("carol's receipt request: %v, want no receipt", err)
		}

		if err := alice.Send(ctx, chatstates.Standalone(bob.LocalAddr(), chatstates.Composing)); err != nil {
			t.Fatal(err)
		}
		expect("alice is composing")
		if err := carol.Send(ctx, correction.Correct(bob.LocalAddr(), first.Header.ID, "pwned")); err != nil {
			t.Fatal(err)
		}
		expect("refused " + first.Header.ID + " from carol")
		if err := alice.Send(ctx, correction.Correct(bob.LocalAddr(), first.Header.ID, "hello")); err != nil {
			t.Fatal(err)
		}
		expect("corrected " + first.Header.ID + " from alice: hello")
	})
}
