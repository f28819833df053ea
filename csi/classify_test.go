package csi

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
)

// parse reads one element as a client stream carries it.
func parse(t *testing.T, raw string) *xmlstream.Element {
	t.Helper()
	d := xmlstream.NewDecoder(strings.NewReader(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`+raw), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	return &el
}

func TestHoldable(t *testing.T) {
	const cs = ` xmlns='http://jabber.org/protocol/chatstates'`
	for _, tc := range []struct {
		raw      string
		key      string
		collapse bool
		ok       bool
	}{
		{`<presence from='a@x/1'/>`, "a@x/1", true, true},
		{`<presence from='a@x/1'><show>away</show><status>zzz</status></presence>`, "a@x/1", true, true},
		{`<presence from='a@x/1' type='unavailable'/>`, "a@x/1", true, true},
		{`<presence/>`, "", true, true},
		{`<presence from='a@x' type='subscribe'/>`, "", false, false},
		{`<presence from='a@x' type='subscribed'/>`, "", false, false},
		{`<presence from='a@x' type='unsubscribed'/>`, "", false, false},
		{`<presence from='a@x' type='error'/>`, "", false, false},
		{`<message from='a@x/1' type='chat'><composing` + cs + `/></message>`, "", false, true},
		{`<message from='a@x/1'><paused` + cs + `/><thread>t1</thread><no-store xmlns='urn:xmpp:hints'/></message>`, "", false, true},
		{`<message from='a@x/1' type='chat'><body>hi</body><active` + cs + `/></message>`, "", false, false},
		{`<message from='a@x/1' type='chat'><body>hi</body></message>`, "", false, false},
		{`<message from='a@x/1' type='error'><composing` + cs + `/></message>`, "", false, false},
		{`<message from='a@x/1'><composing` + cs + `/><received xmlns='urn:xmpp:receipts' id='1'/></message>`, "", false, false},
		{`<message from='a@x/1'/>`, "", false, false},
		{`<message from='a@x/1'><thread>t</thread></message>`, "", false, false},
		{`<iq from='a@x/1' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>`, "", false, false},
		{`<r xmlns='urn:xmpp:sm:3'/>`, "", false, false},
		{`<presence xmlns='jabber:server' from='a@x/1'/>`, "a@x/1", true, true},
		{`<presence xmlns='urn:example' from='a@x/1'/>`, "", false, false},
	} {
		key, collapse, ok := holdable(parse(t, tc.raw))
		if key != tc.key || collapse != tc.collapse || ok != tc.ok {
			t.Errorf("%s: holdable = %q, %v, %v; want %q, %v, %v", tc.raw, key, collapse, ok, tc.key, tc.collapse, tc.ok)
		}
	}
}
