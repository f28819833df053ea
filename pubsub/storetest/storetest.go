// Package storetest checks that an implementation of pubsub.Store (the
// node store of XEP-0060: Publish-Subscribe, version 1.26, as XEP-0163
// PEP uses it) behaves as pubsub.MemoryStore does.
package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

var (
	juliet = jid.MustParse("juliet@example.com")
	romeo  = jid.MustParse("romeo@example.net")
)

// Run checks the store newStore returns (empty).
func Run(t *testing.T, newStore func(t *testing.T) pubsub.Store) {
	st := newStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	cfg := pubsub.NodeConfig{AccessModel: "presence", MaxItems: 2, PersistItems: true, NotifyRetract: true, SendLastPublished: "on_sub_and_presence"}
	must(st.Create(juliet, "urn:xmpp:avatar:data", cfg, 2))
	must(st.Create(juliet, "urn:xmpp:avatar:data", pubsub.NodeConfig{}, 2)) // exists: unchanged
	must(st.Create(juliet, "a", cfg, 2))
	if err := st.Create(juliet, "b", cfg, 2); !errors.Is(err, pubsub.ErrNodeQuota) {
		t.Errorf("third node of two: %v, want ErrNodeQuota", err)
	}
	must(st.Create(romeo, "b", cfg, 2))
	if nodes, err := st.Nodes(juliet); err != nil || strings.Join(nodes, ",") != "a,urn:xmpp:avatar:data" {
		t.Errorf("Nodes = %q, %v", nodes, err)
	}
	if got, ok, err := st.Config(juliet, "urn:xmpp:avatar:data"); err != nil || !ok || got != cfg {
		t.Errorf("Config = %+v, %v, %v; want %+v", got, ok, err, cfg)
	}
	if _, ok, err := st.Config(juliet, "none"); ok || err != nil {
		t.Errorf("Config of no node: %v, %v", ok, err)
	}
	item := func(id, body string) pubsub.StoredItem {
		var p *xmlstream.Element
		if body != "" {
			p = xmpptest.Element(t, "<data xmlns='urn:xmpp:avatar:data' v='"+body+"'>"+body+"<x xmlns='urn:other'/></data>")
		}
		return pubsub.StoredItem{ID: id, Publisher: juliet, Payload: p, Size: len(body)}
	}
	items := func(owner jid.JID, node string) string {
		t.Helper()
		its, err := st.Items(owner, node)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range its {
			s := it.ID + "=" + it.Publisher.String() + "/" + fmt.Sprint(it.Size)
			if it.Payload != nil {
				s += ":" + it.Payload.Attr("v")
				if _, ok := it.Payload.Child("urn:other", "x"); !ok || it.Payload.Name().Space != "urn:xmpp:avatar:data" {
					s += "(payload changed)"
				}
			}
			out = append(out, s)
		}
		return strings.Join(out, ",")
	}
	for _, step := range []struct {
		name string
		do   func() error
		want string // items of juliet's "a" after
	}{
		{"Put", func() error { return st.Put(juliet, "a", item("1", "one"), 2) }, "1=juliet@example.com/3:one"},
		{"PutSecond", func() error { return st.Put(juliet, "a", item("2", "two"), 2) }, "1=juliet@example.com/3:one,2=juliet@example.com/3:two"},
		{"ReplaceIsNewest", func() error { return st.Put(juliet, "a", item("1", "uno"), 2) }, "2=juliet@example.com/3:two,1=juliet@example.com/3:uno"},
		{"TrimOldest", func() error { return st.Put(juliet, "a", item("3", "three"), 2) }, "1=juliet@example.com/3:uno,3=juliet@example.com/5:three"},
		{"NoPayload", func() error { return st.Put(juliet, "a", item("4", ""), 3) }, "1=juliet@example.com/3:uno,3=juliet@example.com/5:three,4=juliet@example.com/0"},
		{"SetConfigTrims", func() error { c := cfg; c.MaxItems = 1; return st.SetConfig(juliet, "a", c) }, "4=juliet@example.com/0"},
		{"PutToNoNode", func() error { return st.Put(juliet, "none", item("9", "nine"), 2) }, "4=juliet@example.com/0"},
		{"Retract", func() error {
			gone, err := st.Retract(juliet, "a", "4")
			if !gone {
				return errors.Join(err, errors.New("retract: not found"))
			}
			gone, err = st.Retract(juliet, "a", "4")
			if gone {
				return errors.New("retracted twice")
			}
			return err
		}, ""},
		{"Purge", func() error {
			if err := st.Put(juliet, "a", item("5", "five"), 2); err != nil {
				return err
			}
			return st.Purge(juliet, "a")
		}, ""},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := items(juliet, "a"); got != step.want {
			t.Errorf("after %s: items %s, want %s", step.name, got, step.want)
		}
	}
	if c, _, _ := st.Config(juliet, "a"); c.MaxItems != 1 {
		t.Errorf("SetConfig not kept: %+v", c)
	}
	must(st.Put(juliet, "urn:xmpp:avatar:data", item("x", "x"), 2))
	must(st.Delete(juliet, "urn:xmpp:avatar:data"))
	must(st.Create(juliet, "urn:xmpp:avatar:data", cfg, 2))
	if got := items(juliet, "urn:xmpp:avatar:data"); got != "" {
		t.Errorf("a deleted node's items came back: %s", got)
	}
	if got := items(romeo, "a"); got != "" {
		t.Errorf("another owner's node: %s", got)
	}
}
