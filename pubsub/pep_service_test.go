package pubsub_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

var alice = jid.MustParse("alice@example.test")

const (
	psOpen    = "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
	ownerOpen = "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>"
)

func pubReq(node, id, payload, options string) string {
	return psOpen + "<publish node='" + node + "'><item id='" + id + "'>" + payload + "</item></publish>" + options + "</pubsub>"
}

func pubOptions(fields ...string) string {
	s := "<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
	for i := 0; i+1 < len(fields); i += 2 {
		s += "<field var='" + fields[i] + "'><value>" + fields[i+1] + "</value></field>"
	}
	return s + "</x></publish-options>"
}

// serve sends one request to p as rel and returns the result written out
// and the event, or the error.
func serve(t *testing.T, p *pubsub.PEP, rel pubsub.Relation, set bool, req string) (string, *pubsub.Event, error) {
	t.Helper()
	resp, err := p.Serve(pubsub.Request{Owner: alice, Relation: rel, Set: set, Payload: xmpptest.Element(t, req)})
	if err != nil {
		return "", nil, err
	}
	out := ""
	if resp.Result != nil {
		out = xmpptest.Marshal(t, resp.Result)
	}
	return out, resp.Notify, nil
}

// TestPEPServe walks one PEP service through XEP-0163 and XEP-0060: a
// publish that creates the node, publish-options that hold and that do
// not, reads by each relation under each access model, items by id, last
// and by page, retraction with and without notification, configuration,
// purge and delete.
func TestPEPServe(t *testing.T) {
	p := pubsub.NewPEP(new(pubsub.MemoryStore), pubsub.Limits{MaxItems: 5})
	const x = "<x xmlns='urn:test'>1</x>"
	steps := []struct {
		name  string
		rel   pubsub.Relation
		set   bool
		req   string
		want  string           // fragments of the result, "|"-separated
		event string           // "items", "retract", "purge", "delete" or ""
		cond  stanza.Condition // the error expected, if any
	}{
		{"AutoCreate", pubsub.Owner, true, pubReq("n", "a", x, pubOptions("pubsub#max_items", "max")), "<publish node=\"n\"><item id=\"a\"/>", "items", ""},
		{"DefaultIsPresence", pubsub.Stranger, false, psOpen + "<items node='n'/></pubsub>", "", "", stanza.NotAuthorized},
		{"ContactReads", pubsub.Contact, false, psOpen + "<items node='n'/></pubsub>", "<item id=\"a\" publisher=\"alice@example.test\"><x xmlns=\"urn:test\">1</x></item>", "", ""},
		{"OptionsHold", pubsub.Owner, true, pubReq("n", "b", x, pubOptions("pubsub#access_model", "presence")), "item id=\"b\"", "items", ""},
		{"OptionsDoNot", pubsub.Owner, true, pubReq("n", "c", x, pubOptions("pubsub#access_model", "open")), "", "", stanza.Conflict},
		{"GeneratedID", pubsub.Owner, true, pubReq("n", "", x, ""), "<item id=\"", "items", ""},
		{"ConfigureOpen", pubsub.Owner, true, ownerOpen + "<configure node='n'><x xmlns='jabber:x:data' type='submit'><field var='pubsub#access_model'><value>open</value></field><field var='pubsub#max_items'><value>max</value></field></x></configure></pubsub>", "", "", ""},
		{"ConfigGet", pubsub.Owner, false, ownerOpen + "<configure node='n'/></pubsub>", "<value>open</value>|<field var=\"pubsub#max_items\" type=\"text-single\"><value>5</value>", "", ""},
		{"StrangerReadsOpen", pubsub.Stranger, false, psOpen + "<items node='n' max_items='1'/></pubsub>", "<items node=\"n\"><item id=\"", "", ""},
		{"ByID", pubsub.Owner, false, psOpen + "<items node='n'><item id='b'/></items></pubsub>", "<item id=\"b\"", "", ""},
		{"Page", pubsub.Owner, false, psOpen + "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><max>1</max></set></pubsub>", "<item id=\"a\"|<count>3</count>|<first index=\"0\">a</first>", "", ""},
		{"RetractQuiet", pubsub.Owner, true, psOpen + "<retract node='n' notify='false'><item id='a'/></retract></pubsub>", "", "", ""},
		{"RetractNotified", pubsub.Owner, true, psOpen + "<retract node='n' notify='true'><item id='b'/></retract></pubsub>", "", "retract", ""},
		{"Whitelist", pubsub.Owner, true, pubReq("w", "1", x, pubOptions("pubsub#access_model", "whitelist", "pubsub#send_last_published_item", "never")), "", "items", ""},
		{"ContactReadsWhitelist", pubsub.Contact, false, psOpen + "<items node='w'/></pubsub>", "", "", stanza.NotAllowed},
		{"OwnerReadsWhitelist", pubsub.Owner, false, psOpen + "<items node='w'/></pubsub>", "<item id=\"1\"", "", ""},
		{"Create", pubsub.Owner, true, psOpen + "<create node='made'/></pubsub>", "", "", ""},
		{"CreateAgain", pubsub.Owner, true, psOpen + "<create node='made'/></pubsub>", "", "", stanza.Conflict},
		{"Purge", pubsub.Owner, true, ownerOpen + "<purge node='n'/></pubsub>", "", "purge", ""},
		{"Delete", pubsub.Owner, true, ownerOpen + "<delete node='n'/></pubsub>", "", "delete", ""},
		{"Deleted", pubsub.Owner, false, psOpen + "<items node='n'/></pubsub>", "", "", stanza.ItemNotFound},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			out, ev, err := serve(t, p, st.rel, st.set, st.req)
			if st.cond != "" {
				var se stanza.Error
				if !errors.As(err, &se) || se.Condition != st.cond {
					t.Fatalf("got %v, want %s", err, st.cond)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, frag := range strings.Split(st.want, "|") {
				if !strings.Contains(out, frag) {
					t.Errorf("result %s lacks %s", out, frag)
				}
			}
			kind := ""
			switch {
			case ev == nil:
			case ev.Deleted:
				kind = "delete"
			case ev.Purged:
				kind = "purge"
			case len(ev.Retracted) > 0:
				kind = "retract"
			default:
				kind = "items"
			}
			if kind != st.event {
				t.Errorf("event %q (%+v), want %q", kind, ev, st.event)
			}
		})
	}
	// The last items go to a contact for the readable nodes that want
	// them sent: not the whitelisted one, not the empty one.
	if _, _, err := serve(t, p, pubsub.Owner, true, pubReq("tune", "t1", x, "")); err != nil {
		t.Fatal(err)
	}
	all := func(string) bool { return true }
	got := p.LastItems(alice, pubsub.Contact, all)
	if len(got) != 1 || got[0].Node != "tune" || got[0].Items[0].ID != "t1" {
		t.Errorf("LastItems(contact) = %+v", got)
	}
	if got := p.LastItems(alice, pubsub.Stranger, all); len(got) != 0 {
		t.Errorf("LastItems(stranger) = %+v", got)
	}
	if got := p.LastItems(alice, pubsub.Owner, func(n string) bool { return n == "w" }); len(got) != 0 {
		t.Errorf("LastItems(owner, w) = %+v: send_last_published_item is never", got)
	}
}

// TestPEPPrivate: XEP-0049 data kept as XEP-0223 says is read back, and a
// node others may read is not made to hold it.
func TestPEPPrivate(t *testing.T) {
	p := pubsub.NewPEP(new(pubsub.MemoryStore), pubsub.Limits{})
	data := xmpptest.Element(t, "<storage xmlns='storage:bookmarks'><conference jid='a@b'/></storage>")
	if _, err := p.StorePrivate(alice, "storage:bookmarks", data); err != nil {
		t.Fatal(err)
	}
	got, err := p.LoadPrivate(alice, "storage:bookmarks")
	if err != nil || got == nil || !strings.Contains(xmpptest.Marshal(t, got), "a@b") {
		t.Fatalf("LoadPrivate = %v, %v", got, err)
	}
	if _, _, err := serve(t, p, pubsub.Contact, false, psOpen+"<items node='storage:bookmarks'/></pubsub>"); err == nil {
		t.Error("a contact read private data")
	}
	if _, _, err := serve(t, p, pubsub.Owner, true, pubReq("public", "1", "<x xmlns='urn:test'/>", "")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.StorePrivate(alice, "public", data); err == nil {
		t.Error("private data stored in a presence-access node")
	}
	if got, _ := p.LoadPrivate(alice, "public"); got != nil {
		t.Error("a presence-access node read as private data")
	}
}

// TestMemoryStoreBounds: a store keeps at most the nodes and items asked.
func TestMemoryStoreBounds(t *testing.T) {
	var m pubsub.MemoryStore
	cfg := pubsub.NodeConfig{MaxItems: 2}
	for i, node := range []string{"a", "b", "c"} {
		err := m.Create(alice, node, cfg, 2)
		if (i < 2) != (err == nil) {
			t.Fatalf("create %s: %v", node, err)
		}
	}
	for _, id := range []string{"1", "2", "3", "2"} {
		if err := m.Put(alice, "a", pubsub.StoredItem{ID: id, Payload: &xmlstream.Element{}}, 2); err != nil {
			t.Fatal(err)
		}
	}
	items, _ := m.Items(alice, "a")
	if len(items) != 2 || items[0].ID != "3" || items[1].ID != "2" {
		t.Errorf("items %+v", items)
	}
}

// TestPEPByteQuota: an account's items together stay within MaxBytes;
// replacing an item counts once, and what a retraction, purge or lower
// max_items frees is counted back.
func TestPEPByteQuota(t *testing.T) {
	p := pubsub.NewPEP(new(pubsub.MemoryStore), pubsub.Limits{MaxItems: 10, MaxBytes: 100})
	x := "<x xmlns='urn:test'>aaaaaaaaaa</x>" // 34 bytes written
	max := pubOptions("pubsub#max_items", "max")
	for _, st := range []struct {
		req  string
		fits bool
	}{
		{pubReq("n", "a", x, max), true},
		{pubReq("n", "b", x, max), true},
		{pubReq("n", "c", x, max), false},
		{pubReq("n", "a", x, max), true}, // a replacement
		{psOpen + "<retract node='n'><item id='a'/></retract></pubsub>", true},
		{pubReq("n", "c", x, max), true},
		{pubReq("m", "d", x, ""), false},
		{ownerOpen + "<purge node='n'/></pubsub>", true},
		{pubReq("m", "d", x, ""), true},
		{pubReq("m", "e", x, ""), true}, // m keeps one item: d goes
		{pubReq("n", "f", x, max), true},
		{pubReq("n", "g", x, max), false},
	} {
		_, _, err := serve(t, p, pubsub.Owner, true, st.req)
		if st.fits && err != nil || !st.fits && !isResourceConstraint(err) {
			t.Fatalf("%s: %v (fits: %v)", st.req, err, st.fits)
		}
	}
}

func isResourceConstraint(err error) bool {
	var se stanza.Error
	return errors.As(err, &se) && se.Condition == stanza.ResourceConstraint
}
