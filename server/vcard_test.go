package server_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestVCard checks XEP-0054 as the server answers it: the owner sets and
// reads (§2.1, §2.2), anyone reads (§2.3), nobody else sets (§2.2), the
// budget holds, unknown children come back as they were set.
func TestVCard(t *testing.T) {
	srv := newServer(t, server.Config{MaxVCardBytes: 2048})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	aliceJID := jid.MustParse("alice@example.test")
	unavailable := stanza.NewError(stanza.ServiceUnavailable)

	// Before any set: empty for the owner, service-unavailable for others,
	// as for an account that does not exist.
	if got, err := vcard.Get(ctx, alice.sess, jid.JID{}); err != nil || !got.Equal(vcard.Card{}) {
		t.Errorf("own vCard before a set: %+v, %v", got, err)
	}
	if _, err := vcard.Get(ctx, bob.sess, aliceJID); !errors.Is(err, unavailable) {
		t.Errorf("alice's vCard before a set, as bob: %v", err)
	}
	if _, err := vcard.Get(ctx, bob.sess, jid.MustParse("nobody@example.test")); !errors.Is(err, unavailable) {
		t.Errorf("no such account: %v", err)
	}

	extra := xmpptest.ElementIn(t, vcard.NS, `<X-PET kind='cat'>Tom<geo xmlns='urn:x'>1</geo></X-PET>`)
	card := vcard.Card{FN: "Alice", Nickname: "al", Photo: &vcard.Photo{Type: "image/png", Data: []byte{1, 2, 3}},
		Extra: []*xmlstream.Element{extra}}
	if err := vcard.Set(ctx, alice.sess, card); err != nil {
		t.Fatalf("set: %v", err)
	}
	for name, c := range map[string]*client{"alice": alice, "bob": bob} {
		got, err := vcard.Get(ctx, c.sess, aliceJID)
		if err != nil || !got.Equal(card) {
			t.Errorf("alice's vCard as %s: %+v, %v; want %+v", name, got, err, card)
		}
	}
	if got, err := vcard.Get(ctx, alice.sess, jid.JID{}); err != nil || !got.Equal(card) {
		t.Errorf("own vCard without 'to': %+v, %v", got, err)
	}

	// bob may not set alice's vCard, whatever he addresses.
	_, err := bob.iq(stanza.SetIQ, "alice@example.test", `<vCard xmlns='vcard-temp'><FN>Mallory</FN></vCard>`)
	if !errors.Is(err, stanza.NewError(stanza.Forbidden)) {
		t.Errorf("bob's set on alice's vCard: %v, want forbidden", err)
	}
	// Too large: refused, the stored one kept.
	big := vcard.Card{FN: "Alice", Desc: strings.Repeat("x", 2048)}
	if err := vcard.Set(ctx, alice.sess, big); !errors.Is(err, stanza.NewError(stanza.NotAcceptable)) {
		t.Errorf("set over the budget: %v, want not-acceptable", err)
	}
	if got, err := vcard.Get(ctx, bob.sess, aliceJID); err != nil || !got.Equal(card) {
		t.Errorf("alice's vCard after refused sets: %+v, %v", got, err)
	}
	// A set addressed to one's own bare JID is one's own (§2.2 allows it).
	if _, err := alice.iq(stanza.SetIQ, "alice@example.test", `<vCard xmlns='vcard-temp'><FN>Alice B.</FN></vCard>`); err != nil {
		t.Errorf("set to own bare JID: %v", err)
	}
	if got, err := vcard.Get(ctx, bob.sess, aliceJID); err != nil || got.FN != "Alice B." || len(got.Extra) != 0 {
		t.Errorf("alice's vCard after a set to her bare JID: %+v, %v", got, err)
	}
	// An empty vCard removes it.
	if err := vcard.Set(ctx, alice.sess, vcard.Card{}); err != nil {
		t.Fatal(err)
	}
	if _, err := vcard.Get(ctx, bob.sess, aliceJID); !errors.Is(err, unavailable) {
		t.Errorf("alice's vCard after clearing it, as bob: %v", err)
	}
}

// TestVCardAdvertised: the server advertises vcard-temp at its domain and
// at accounts (XEP-0054 §3).
func TestVCardAdvertised(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, to := range []string{"example.test", "alice@example.test", "bob@example.test"} {
		info, err := disco.GetInfo(ctx, alice.sess, jid.MustParse(to), "")
		if err != nil || !slices.Contains(info.Features, vcard.NS) {
			t.Errorf("%s: features %v, %v; want %s", to, info.Features, err, vcard.NS)
		}
	}
}
