package disco_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xmpptest"
	"github.com/canto-im/xmpp/xtime"
)

// entity is the disco Handler of a client with the first feature packages.
func entity(name string) disco.Handler {
	return disco.Handler{
		Identities: []disco.Identity{{Category: "client", Type: "pc", Name: name}},
		Features: []disco.Feature{
			ping.Handler{},
			version.Handler{Name: name, Version: "1.0"},
			xtime.Handler{Now: func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }},
			disco.Var(forward.NS),
		},
		Forms: []form.Form{{Type: form.TypeResult, Fields: []form.Field{
			form.HiddenFormType("urn:xmpp:dataforms:softwareinfo"),
			{Var: "software", Values: []string{name}},
			{Var: "software_version", Values: []string{"1.0"}},
		}}},
		CapsNode: "https://canto.im/test",
	}
}

var entityFeatures = []string{
	disco.NSCaps, disco.NSInfo, disco.NSItems, version.NS, ping.NS, xtime.NS, forward.NS,
}

// TestHandlerAnswers: once a client registers the disco Handler with the
// feature handlers listed in it, it answers disco#info, ping, version and
// time queries; and so does the server. Both directions are checked.
func TestHandlerAnswers(t *testing.T) {
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(entity("Canto client").Handle()), mux.New(entity("Canto server").Handle())))
	ctx := testContext(t)
	for _, tc := range []struct {
		name, peer string
		s          *xmpp.Session
	}{
		{"server asks client", "Canto client", server},
		{"client asks server", "Canto server", client},
	} {
		to := tc.s.RemoteAddr()
		info, err := disco.GetInfo(ctx, tc.s, to, "")
		if err != nil {
			t.Fatalf("%s: disco#info: %v", tc.name, err)
		}
		want := slices.Sorted(slices.Values(entityFeatures))
		sw, _ := info.Form("urn:xmpp:dataforms:softwareinfo")
		if f, _ := sw.Field("software"); f.Value() != tc.peer {
			t.Errorf("%s: extended information %+v", tc.name, info.Forms)
		}
		if !reflect.DeepEqual(info.Features, want) || !reflect.DeepEqual(info.Identities, []disco.Identity{{Category: "client", Type: "pc", Name: tc.peer}}) {
			t.Errorf("%s: disco#info %+v", tc.name, info)
		}
		if _, err := ping.Send(ctx, tc.s, to); err != nil {
			t.Errorf("%s: ping: %v", tc.name, err)
		}
		if v, err := version.Get(ctx, tc.s, to); err != nil || v.Name != tc.peer {
			t.Errorf("%s: version: %+v, %v", tc.name, v, err)
		}
		if tm, err := xtime.Get(ctx, tc.s, to); err != nil || tm.Year() != 2024 {
			t.Errorf("%s: time: %v, %v", tc.name, tm, err)
		}
	}
}

// TestHandlerNodes: the caps node is answered like the entity, other nodes
// by the NodeHandler, and unknown nodes with item-not-found.
func TestHandlerNodes(t *testing.T) {
	h := entity("Canto")
	h.Nodes = musicNodes{}
	caps, err := h.Caps()
	if err != nil {
		t.Fatal(err)
	}
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(h.Handle())))
	ctx := testContext(t)
	info, err := disco.GetInfo(ctx, client, jid.JID{}, caps.InfoNode())
	if err != nil || info.Node != caps.InfoNode() || caps.Verify(info) != nil {
		t.Errorf("caps node: %+v, %v (verify: %v)", info, err, caps.Verify(info))
	}
	info, err = disco.GetInfo(ctx, client, jid.JID{}, "music")
	if err != nil || !info.HasIdentity("hierarchy", "branch") || info.Node != "music" {
		t.Errorf("music node: %+v, %v", info, err)
	}
	items, err := collect(ctx, client, jid.JID{}, "music")
	if err != nil || len(items) != 1 || items[0].Node != "music/1" {
		t.Errorf("music items: %+v, %v", items, err)
	}
	for _, node := range []string{"other", caps.Node + "#wrong"} {
		if _, err := disco.GetInfo(ctx, client, jid.JID{}, node); !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
			t.Errorf("node %q: got %v, want item-not-found", node, err)
		}
	}
	if _, err := collect(ctx, client, jid.JID{}, "other"); !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
		t.Errorf("items of unknown node: got %v", err)
	}
}

// musicNodes answers for one node, "music", with one item.
type musicNodes struct{}

func (musicNodes) NodeInfo(ctx context.Context, from jid.JID, node string) (disco.Info, error) {
	if from.IsZero() {
		return disco.Info{}, stanza.NewError(stanza.Forbidden)
	}
	if node != "music" {
		return disco.Info{}, stanza.NewError(stanza.ItemNotFound)
	}
	return disco.Info{Identities: []disco.Identity{{Category: "hierarchy", Type: "branch"}}}, nil
}

func (musicNodes) NodeItems(ctx context.Context, from jid.JID, node string) ([]disco.Item, error) {
	if node != "music" {
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	return []disco.Item{{JID: jid.MustParse("juliet@example.net"), Node: "music/1"}}, nil
}

func TestHandlerInfo(t *testing.T) {
	sw := form.Form{Type: form.TypeResult, Fields: []form.Field{form.HiddenFormType("urn:xmpp:dataforms:softwareinfo")}}
	other := form.Form{Type: form.TypeResult, Fields: []form.Field{form.HiddenFormType("urn:example:a")}}
	for _, tc := range []struct {
		name string
		h    disco.Handler
		want disco.Info
	}{
		{"zero", disco.Handler{}, disco.Info{
			Identities: []disco.Identity{{Category: "client", Type: "bot"}},
			Features:   []string{disco.NSInfo, disco.NSItems}}},
		{"sorted, without duplicates", disco.Handler{
			Identities: []disco.Identity{{Category: "client", Type: "pc"}, {Category: "account", Type: "registered"}, {Category: "client", Type: "pc"}},
			Features:   []disco.Feature{disco.Var("urn:b"), ping.Handler{}, disco.Var("urn:a"), disco.Var(ping.NS), disco.Var(disco.NSInfo)},
			Forms:      []form.Form{sw, other},
		}, disco.Info{
			Identities: []disco.Identity{{Category: "account", Type: "registered"}, {Category: "client", Type: "pc"}},
			Features:   []string{disco.NSInfo, disco.NSItems, "urn:a", "urn:b", ping.NS},
			Forms:      []form.Form{other, sw}}},
	} {
		if got := tc.h.Info(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

func TestHandlerCaps(t *testing.T) {
	h := entity("Canto")
	c, err := h.Caps()
	if err != nil || c.Hash != "sha-1" || c.Node != h.CapsNode {
		t.Fatalf("Caps() = %+v, %v", c, err)
	}
	if err := c.Verify(h.Info()); err != nil {
		t.Errorf("own caps do not verify: %v", err)
	}
	h.CapsHash = "sha-256"
	if c2, err := h.Caps(); err != nil || c2.Hash != "sha-256" || c2.Ver == c.Ver || c2.Verify(h.Info()) != nil {
		t.Errorf("sha-256 caps: %+v, %v", c2, err)
	}
	for _, tc := range []struct {
		name string
		h    disco.Handler
		want error
	}{
		{"no caps node", disco.Handler{}, disco.ErrCapsElement},
		{"unknown hash", disco.Handler{CapsNode: "x", CapsHash: "md5"}, disco.ErrCapsHash},
	} {
		if _, err := tc.h.Caps(); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	// A handler copies its configuration: changing it later changes nothing.
	h = entity("Canto")
	route := h.Handle()
	h.Identities[0].Name = "changed"
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(route)))
	if info, err := disco.GetInfo(testContext(t), client, jid.JID{}, ""); err != nil || info.Identities[0].Name != "Canto" {
		t.Errorf("after changing the config: %+v, %v", info, err)
	}
}

// TestHandlerRoutesOnce: a feature listed in the disco Handler is routed
// by it, so registering its route again is a duplicate route, which the
// mux refuses when it is built.
func TestHandlerRoutesOnce(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a feature routed twice did not panic")
		}
	}()
	mux.New(entity("Canto").Handle(), ping.Handler{}.Handle())
}
