package pubsub_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

func serviceClient(t *testing.T) (*xmpp.Session, *fakeService, context.Context) {
	t.Helper()
	svc := newFakeService()
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(svc.handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return client, svc, ctx
}

func ids(t *testing.T, seq func(func(pubsub.Item, error) bool)) []string {
	t.Helper()
	var out []string
	for it, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, it.ID)
	}
	return out
}

func TestPublishFetchRetract(t *testing.T) {
	s, svc, ctx := serviceClient(t)
	var none jid.JID
	payload := xmpptest.Element(t, `<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>45.44</lat></geoloc>`)
	if _, err := pubsub.Create(ctx, s, none, "n", nil); err != nil {
		t.Fatal(err)
	}
	opts := form.Form{Fields: []form.Field{{Var: "pubsub#access_model", Values: []string{"presence"}}}}
	for _, tc := range []struct {
		id, want string
		opts     *form.Form
	}{{"a", "a", &opts}, {"", "gen1", nil}, {"c", "c", nil}, {"d", "d", nil}, {"e", "e", nil}} {
		got, err := pubsub.Publish(ctx, s, none, "n", pubsub.Item{ID: tc.id, Payload: payload}, tc.opts)
		if err != nil || got != tc.want {
			t.Fatalf("publish %q: %q, %v; want %q", tc.id, got, err, tc.want)
		}
	}
	if len(svc.options) != 1 || svc.options[0].FormType() != pubsub.NSPublishOptions || svc.options[0].Type != form.TypeSubmit {
		t.Errorf("publish-options received: %+v", svc.options)
	}
	all := []string{"a", "gen1", "c", "d", "e"}
	if got := ids(t, pubsub.Items(ctx, s, none, "n", paging.Request{})); !slices.Equal(got, all) {
		t.Errorf("all items: %v, want %v", got, all)
	}
	if got := ids(t, pubsub.Items(ctx, s, none, "n", paging.Request{Max: 2})); !slices.Equal(got, all) {
		t.Errorf("paged by 2: %v, want %v", got, all)
	}
	last, err := pubsub.LastItems(ctx, s, none, "n", 2)
	if err != nil || len(last) != 2 || last[0].ID != "d" || last[1].ID != "e" {
		t.Errorf("LastItems 2: %+v, %v", last, err)
	}
	if !last[0].Equal(pubsub.Item{ID: "d", Payload: payload}) {
		t.Errorf("payload came back as %+v", last[0])
	}
	byID, err := pubsub.ItemsByID(ctx, s, none, "n", "c")
	if err != nil || len(byID) != 1 || byID[0].ID != "c" || byID[0].Element().Name().Local != "geoloc" {
		t.Errorf("ItemsByID c: %+v, %v", byID, err)
	}
	if err := pubsub.Retract(ctx, s, none, "n", "c", true); err != nil {
		t.Fatal(err)
	}
	if err := pubsub.Retract(ctx, s, none, "n", "c", false); !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
		t.Errorf("retract twice: %v", err)
	}
	if !slices.Equal(svc.notify, []bool{true, false}) {
		t.Errorf("notify flags: %v", svc.notify)
	}
	if got := ids(t, pubsub.Items(ctx, s, none, "n", paging.Request{})); !slices.Equal(got, []string{"a", "gen1", "d", "e"}) {
		t.Errorf("after retract: %v", got)
	}
	for it, err := range pubsub.Items(ctx, s, none, "missing", paging.Request{}) {
		if !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
			t.Errorf("missing node: %+v, %v", it, err)
		}
	}
}

func TestOwner(t *testing.T) {
	s, svc, ctx := serviceClient(t)
	var none jid.JID
	cfg := form.Form{Fields: []form.Field{{Var: "pubsub#max_items", Values: []string{"10"}}}}
	node, err := pubsub.Create(ctx, s, none, "", &cfg)
	if err != nil || node != "instant1" {
		t.Fatalf("instant node: %q, %v", node, err)
	}
	if _, err := pubsub.Create(ctx, s, none, "instant1", nil); !errors.Is(err, stanza.Error{Condition: stanza.Conflict}) {
		t.Errorf("create twice: %v", err)
	}
	got, err := pubsub.Config(ctx, s, none, node)
	if fl, ok := got.Field("pubsub#max_items"); err != nil || !ok || fl.Value() != "10" || got.FormType() != pubsub.NSNodeConfig {
		t.Fatalf("config: %+v, %v", got, err)
	}
	cfg.Fields[0].Values = []string{"1"}
	if err := pubsub.Configure(ctx, s, none, node, cfg); err != nil {
		t.Fatal(err)
	}
	if fl, _ := svc.config[node].Field("pubsub#max_items"); fl.Value() != "1" {
		t.Errorf("configured: %+v", svc.config[node])
	}
	if _, err := pubsub.Publish(ctx, s, none, node, pubsub.Item{ID: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := pubsub.Purge(ctx, s, none, node); err != nil {
		t.Fatal(err)
	}
	if left, err := pubsub.LastItems(ctx, s, none, node, 0); err != nil || len(left) != 0 {
		t.Errorf("after purge: %+v, %v", left, err)
	}
	subs, err := pubsub.NodeSubscriptions(ctx, s, none, node)
	if want := []pubsub.Subscription{{JID: jid.MustParse("horatio@denmark.lit"), State: "pending"}}; err != nil || !slices.Equal(subs, want) {
		t.Errorf("node subscriptions: %+v, %v", subs, err)
	}
	affs, err := pubsub.NodeAffiliations(ctx, s, none, node)
	if want := []pubsub.Affiliation{{JID: jid.MustParse("hamlet@denmark.lit"), Affiliation: "owner"}}; err != nil || !slices.Equal(affs, want) {
		t.Errorf("node affiliations: %+v, %v", affs, err)
	}
	if err := pubsub.Delete(ctx, s, none, node); err != nil {
		t.Fatal(err)
	}
	if err := pubsub.Delete(ctx, s, none, node); !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
		t.Errorf("delete twice: %v", err)
	}
	for name, err := range map[string]error{
		"publish": func() error { _, err := pubsub.Publish(ctx, s, none, "", pubsub.Item{}, nil); return err }(),
		"config":  func() error { _, err := pubsub.Config(ctx, s, none, ""); return err }(),
		"purge":   pubsub.Purge(ctx, s, none, ""),
		"retract": pubsub.Retract(ctx, s, none, "", "a", false),
	} {
		if !errors.Is(err, pubsub.ErrNoNode) {
			t.Errorf("%s without a node: %v", name, err)
		}
	}
}

func TestSubscriptions(t *testing.T) {
	s, _, ctx := serviceClient(t)
	var none jid.JID
	sub, err := pubsub.Subscribe(ctx, s, none, "n", none)
	if want := (pubsub.Subscription{Node: "n", JID: s.LocalAddr().Bare(), SubID: "s1", State: "subscribed"}); err != nil || sub != want {
		t.Errorf("subscribe: %+v, %v; want %+v", sub, err, want)
	}
	if err := pubsub.Unsubscribe(ctx, s, none, "n", none, "s1"); err != nil {
		t.Error(err)
	}
	if err := pubsub.Unsubscribe(ctx, s, none, "n", none, ""); !errors.Is(err, stanza.Error{Condition: stanza.NotAcceptable}) {
		t.Errorf("unsubscribe without subid: %v", err)
	}
	subs, err := pubsub.Subscriptions(ctx, s, none, "")
	if want := []pubsub.Subscription{{Node: "n", JID: jid.MustParse("hamlet@denmark.lit"), SubID: "s1", State: "subscribed"}}; err != nil || !slices.Equal(subs, want) {
		t.Errorf("subscriptions: %+v, %v", subs, err)
	}
	affs, err := pubsub.Affiliations(ctx, s, none, "")
	if want := []pubsub.Affiliation{{Node: "n", Affiliation: "owner"}}; err != nil || !slices.Equal(affs, want) {
		t.Errorf("affiliations: %+v, %v", affs, err)
	}
}
