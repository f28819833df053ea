package presence_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestSend sends each kind of presence from a client and checks what the
// server receives.
func TestSend(t *testing.T) {
	got := make(chan string, 16)
	record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- xmpptest.Marshal(t, st.Element)
		return nil
	})
	opts := xmpptest.Handlers(nil, record)
	opts.ClientFeatures = []xmpp.StreamFeature{presence.PreApprovalFeature()}
	opts.ServerFeatures = []xmpp.StreamFeature{presence.PreApprovalFeature()}
	client, server := xmpptest.Pair(t, opts)
	if !presence.PreApprovalOffered(client) || !presence.PreApprovalOffered(server) {
		t.Fatal("pre-approval not recorded on both sides")
	}
	_, plain := xmpptest.Pair(t, xmpptest.Handlers(nil, record))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	contact := jid.MustParse("romeo@example.net/orchard")
	for _, tc := range []struct {
		name    string
		send    func() error
		want    string
		wantErr error
	}{
		{"available", func() error {
			return presence.Available(ctx, client, presence.Presence{Header: stanza.Presence{Type: stanza.UnavailablePresence}, Show: presence.Away, Status: []presence.Status{{Text: "out"}, {Lang: "de", Text: "weg"}}, Priority: -1})
		}, `<presence xmlns="jabber:client"><show>away</show><status>out</status><status xml:lang="de">weg</status><priority>-1</priority></presence>`, nil},
		{"unavailable", func() error { return presence.Unavailable(ctx, client, jid.JID{}, presence.Status{Text: "bye"}) },
			`<presence xmlns="jabber:client" type="unavailable"><status>bye</status></presence>`, nil},
		{"directed", func() error { return presence.Directed(ctx, client, contact, presence.Presence{Show: presence.Chat}) },
			`<presence xmlns="jabber:client" to="romeo@example.net/orchard"><show>chat</show></presence>`, nil},
		{"directed unavailable", func() error { return presence.Unavailable(ctx, client, contact) },
			`<presence xmlns="jabber:client" to="romeo@example.net/orchard" type="unavailable"/>`, nil},
		{"subscribe goes to the bare JID", func() error { return presence.Subscribe(ctx, client, contact) },
			`<presence xmlns="jabber:client" to="romeo@example.net" type="subscribe"/>`, nil},
		{"approve", func() error { return presence.Approve(ctx, client, contact) },
			`<presence xmlns="jabber:client" to="romeo@example.net" type="subscribed"/>`, nil},
		{"deny", func() error { return presence.Deny(ctx, client, contact) },
			`<presence xmlns="jabber:client" to="romeo@example.net" type="unsubscribed"/>`, nil},
		{"cancel", func() error { return presence.Cancel(ctx, client, contact) },
			`<presence xmlns="jabber:client" to="romeo@example.net" type="unsubscribed"/>`, nil},
		{"unsubscribe", func() error { return presence.Unsubscribe(ctx, client, contact) },
			`<presence xmlns="jabber:client" to="romeo@example.net" type="unsubscribe"/>`, nil},
		{"pre-approve", func() error { return presence.PreApprove(ctx, client, contact) },
			`<presence xmlns="jabber:client" to="romeo@example.net" type="subscribed"/>`, nil},
		{"pre-approve without the feature", func() error { return presence.PreApprove(ctx, plain, contact) }, "", presence.ErrPreApprovalNotOffered},
		{"subscribe nobody", func() error { return presence.Subscribe(ctx, client, jid.JID{}) }, "", presence.ErrNoJID},
		{"directed to nobody", func() error { return presence.Directed(ctx, client, jid.JID{}, presence.Presence{}) }, "", presence.ErrNoJID},
		{"bad show", func() error { return presence.Available(ctx, client, presence.Presence{Show: "busy"}) }, "", presence.ErrInvalidShow},
	} {
		err := tc.send()
		if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.wantErr)
			continue
		}
		if tc.want == "" {
			continue
		}
		select {
		case s := <-got:
			if ok, err := xmpptest.SameXML(s, tc.want); !ok || err != nil {
				t.Errorf("%s: server got %s, want %s", tc.name, s, tc.want)
			}
		case <-ctx.Done():
			t.Fatalf("%s: nothing arrived", tc.name)
		}
	}
}
