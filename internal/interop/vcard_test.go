package interop

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestVCard publishes a vCard with a photo and a property the vcard
// package does not model, reads it back as its owner and as another user
// (XEP-0054 §2.1–2.3), and sees that a set on another user's vCard
// changes nothing (§2.2).
func TestVCard(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		alice := srv.loginAs(t, "alice", "", nil)
		bob := srv.loginAs(t, "bob", "", nil)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		extra, err := xmpptest.ReadElement(vcard.NS, `<X-CANTO>`+strconv.FormatInt(time.Now().UnixNano(), 10)+`</X-CANTO>`)
		if err != nil {
			t.Fatal(err)
		}
		card := vcard.Card{
			FN:       "Alice Example",
			N:        vcard.NameParts{Family: "Example", Given: "Alice"},
			Nickname: "alice",
			Photo:    &vcard.Photo{Type: "image/png", Data: []byte("\x89PNG\r\n\x1a\nnot really")},
			Emails:   []vcard.Email{{Types: []string{"INTERNET"}, UserID: "alice@example.net"}},
			Tels:     []vcard.Tel{{Types: []string{"CELL"}, Number: "+1 555 0100"}},
			Desc:     "Interop & <tests>",
			Extra:    []*xmlstream.Element{extra},
		}
		if err := vcard.Set(ctx, alice.Session, card); err != nil {
			t.Fatalf("set: %v", err)
		}
		own, err := vcard.Get(ctx, alice.Session, alice.LocalAddr().Bare())
		if err != nil || !own.Equal(card) {
			t.Errorf("own vCard: %+v, %v; want %+v", own, err, card)
		}
		if own, err = vcard.Get(ctx, alice.Session, jid.JID{}); err != nil || !own.Equal(card) {
			t.Errorf("own vCard without 'to': %+v, %v; want %+v", own, err, card)
		}
		other, err := vcard.Get(ctx, bob.Session, bareJID(t, "alice"))
		if err != nil || !other.Equal(card) {
			t.Errorf("alice's vCard as bob: %+v, %v; want %+v", other, err, card)
		}
		_, err = bob.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: bareJID(t, "alice")}, vcard.Card{FN: "Mallory"})
		// §2.2 wants forbidden or not-allowed; ejabberd 23.01 answers a
		// result without changing anything. What matters is the last check.
		var se stanza.Error
		if errors.As(err, &se) {
			t.Logf("bob's set on alice's vCard: %v", se.Condition)
		} else if err != nil {
			t.Errorf("bob's set on alice's vCard: %v", err)
		} else {
			t.Logf("bob's set on alice's vCard: a result")
		}
		if again, err := vcard.Get(ctx, bob.Session, bareJID(t, "alice")); err != nil || again.FN != card.FN {
			t.Errorf("alice's vCard after bob's set: %+v, %v", again, err)
		}
	})
}
