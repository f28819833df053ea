package pubsub_test

import (
	"testing"

	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmpptest"
)

func FuzzParseEvent(f *testing.F) {
	for _, s := range []string{
		`<event xmlns='` + evNS + `'><items node='n'><item id='a' publisher='p'><x xmlns='urn:x'>t</x></item><retract id='b'/></items></event>`,
		`<event xmlns='` + evNS + `'><purge node='n'/></event>`,
		`<event xmlns='` + evNS + `'><delete node='n'><redirect uri='u'/></delete></event>`,
		`<event xmlns='` + evNS + `'><items/></event>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := pubsub.ParseEvent(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		again, err := pubsub.ParseEvent(back)
		// An event carrying both items and retractions writes them in one
		// <items/>, so the round trip keeps them.
		if err != nil || !again.Equal(got) {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
		}
	})
}

func FuzzParseItems(f *testing.F) {
	for _, s := range []string{
		`<pubsub xmlns='` + psNS + `'><items node='n'><item id='a'><x xmlns='urn:x'>t</x></item><item id='b'/></items><set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a</first><last>b</last><count>9</count></set></pubsub>`,
		`<pubsub xmlns='` + psNS + `'><items node='n'/></pubsub>`,
		`<pubsub xmlns='` + psNS + `'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		items, _, err := pubsub.ParseItems(el)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Payload != nil && it.Element() == nil {
				t.Fatalf("%q: a parsed payload is not an element", s)
			}
		}
	})
}

func FuzzParseOptions(f *testing.F) {
	for _, s := range []string{
		`<options xmlns='` + psNS + `' node='n' jid='a@b' subid='s'><x xmlns='jabber:x:data' type='form'><field var='pubsub#deliver' type='boolean'><value>1</value></field></x></options>`,
		`<options xmlns='` + psNS + `'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := pubsub.ParseOptions(el)
		if err != nil {
			return
		}
		out := xmpptest.Marshal(t, got)
		back, err := xmpptest.ReadElement("", out)
		if err != nil {
			t.Fatal(err)
		}
		again, err := pubsub.ParseOptions(back)
		if err != nil || xmpptest.Marshal(t, again) != out {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
		}
	})
}
