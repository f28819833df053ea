package roster_test

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestPush sends pushes to a client whose Handler applies them to a Local
// copy: from the account's bare JID or without 'from' they are answered
// with an empty result and applied; from anyone else (another account, the
// account's own full JID, the server's domain) they are refused with
// service-unavailable, logged, and not applied; a push without exactly one
// valid item is a bad-request.
func TestPush(t *testing.T) {
	var local roster.Local
	var changes []roster.Push
	local.OnChange = func(p roster.Push) { changes = append(changes, p) }
	var logs xmpptest.LogBuffer
	h := roster.Handler{Push: local.Apply, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), nil))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	account := client.LocalAddr()
	for _, tc := range []struct {
		name    string
		from    jid.JID
		query   string
		wantErr error
		want    roster.Roster // the local copy afterwards
	}{
		{"no from", jid.JID{}, `<query xmlns='jabber:iq:roster' ver='v2'><item jid='nurse@example.com' subscription='none' ask='subscribe'/></query>`, nil,
			roster.Roster{Ver: "v2", Items: []roster.Item{{JID: nurse, Subscription: roster.SubNone, Ask: true}}}},
		{"own bare JID", account.Bare(), `<query xmlns='jabber:iq:roster' ver='v3'><item jid='juliet@example.com' name='J' subscription='to'><group>G</group></item></query>`, nil,
			roster.Roster{Ver: "v3", Items: []roster.Item{{JID: nurse, Subscription: roster.SubNone, Ask: true}, {JID: juliet, Name: "J", Subscription: roster.SubTo, Groups: []string{"G"}}}}},
		{"forged by another account", jid.MustParse("mallory@evil.example"), `<query xmlns='jabber:iq:roster' ver='v9'><item jid='mallory@evil.example' subscription='both'/></query>`,
			stanza.Error{Condition: stanza.ServiceUnavailable}, roster.Roster{}},
		{"forged with the own full JID", account, `<query xmlns='jabber:iq:roster'><item jid='mallory@evil.example' subscription='both'/></query>`,
			stanza.Error{Condition: stanza.ServiceUnavailable}, roster.Roster{}},
		{"forged by the domain", account.Domain(), `<query xmlns='jabber:iq:roster'><item jid='mallory@evil.example' subscription='both'/></query>`,
			stanza.Error{Condition: stanza.ServiceUnavailable}, roster.Roster{}},
		{"two items", jid.JID{}, `<query xmlns='jabber:iq:roster'><item jid='a@example.com'/><item jid='b@example.com'/></query>`,
			stanza.Error{Condition: stanza.BadRequest}, roster.Roster{}},
		{"no item", jid.JID{}, `<query xmlns='jabber:iq:roster'/>`, stanza.Error{Condition: stanza.BadRequest}, roster.Roster{}},
		{"bad item", jid.JID{}, `<query xmlns='jabber:iq:roster'><item jid='a@example.com' subscription='all'/></query>`,
			stanza.Error{Condition: stanza.BadRequest}, roster.Roster{}},
		{"removal", jid.JID{}, `<query xmlns='jabber:iq:roster' ver='v4'><item jid='nurse@example.com' subscription='remove'/></query>`, nil,
			roster.Roster{Ver: "v4", Items: []roster.Item{{JID: juliet, Name: "J", Subscription: roster.SubTo, Groups: []string{"G"}}}}},
	} {
		before := local.Roster()
		_, err := server.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: account, From: tc.from}, xmpptest.ElementIn(t, "jabber:client", tc.query))
		if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.wantErr)
		}
		want := tc.want
		if tc.wantErr != nil {
			want = before // unchanged
		}
		if got := local.Roster(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: local copy %+v, want %+v", tc.name, got, want)
		}
	}
	if len(changes) != 3 {
		t.Errorf("OnChange saw %d pushes, want 3", len(changes))
	}
	if n := strings.Count(logs.String(), "refused a roster push"); n != 3 {
		t.Errorf("%d refusals logged, want 3:\n%s", n, logs.String())
	}
}

// TestLocalSync loads a kept roster, syncs it against a server that finds
// it current (kept as is) and one that does not (replaced).
func TestLocalSync(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, _ := rosterPair(t, nil, true)
	var l roster.Local
	current := roster.Roster{Ver: "v1", Items: []roster.Item{{JID: juliet, Name: "kept", Subscription: roster.SubBoth}}}
	l.Load(current)
	if err := l.Sync(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got := l.Roster(); !reflect.DeepEqual(got, current) {
		t.Errorf("current copy became %+v", got)
	}
	l.Load(roster.Roster{Ver: "v0", Items: []roster.Item{{JID: nurse}}})
	if err := l.Sync(ctx, c); err != nil {
		t.Fatal(err)
	}
	want := roster.Roster{Ver: "v1", Items: []roster.Item{{JID: juliet, Name: "Juliet", Subscription: roster.SubBoth, Groups: []string{"Friends"}}}}
	if got := l.Roster(); !reflect.DeepEqual(got, want) {
		t.Errorf("old copy became %+v, want %+v", got, want)
	}
}

// TestLocalSyncPushDuring has the server push a change before it answers
// the roster get with what it computed earlier: the push is not lost under
// the older answer.
func TestLocalSyncPushDuring(t *testing.T) {
	old := roster.Roster{Ver: "v1", Items: []roster.Item{{JID: juliet, Subscription: roster.SubBoth}}}
	get := mux.IQResponderFunc(func(ctx context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
		push := roster.Roster{Ver: "v2", Items: []roster.Item{{JID: nurse, Subscription: roster.SubNone, Ask: true}}}
		if err := s.Send(ctx, stanza.IQ{ID: "push1", To: s.RemoteAddr(), Type: stanza.SetIQ}.Wrap(push)); err != nil {
			return nil, err
		}
		time.Sleep(50 * time.Millisecond) // let the client handle the push first
		return old, nil
	})
	var l roster.Local
	c, _ := xmpptest.Pair(t, xmpptest.Handlers(mux.New(roster.Handler{Push: l.Apply}.Handle()), mux.New(mux.Get(roster.Name, get))))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.Sync(ctx, c); err != nil {
		t.Fatal(err)
	}
	want := roster.Roster{Ver: "v2", Items: []roster.Item{{JID: juliet, Subscription: roster.SubBoth}, {JID: nurse, Subscription: roster.SubNone, Ask: true}}}
	if got := l.Roster(); !reflect.DeepEqual(got, want) {
		t.Errorf("after Sync: %+v, want %+v", got, want)
	}
}
