package pubsub_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestParseItems(t *testing.T) {
	const rsm = "http://jabber.org/protocol/rsm"
	entry := xmpptest.Element(t, `<entry xmlns='http://www.w3.org/2005/Atom'><title>Alone</title></entry>`)
	for _, tc := range []struct {
		name    string
		xml     string
		want    []pubsub.Item
		res     paging.Result
		wantErr error
	}{
		{name: "§6.5.2 items", xml: `<pubsub xmlns='` + psNS + `'><items node='princely_musings'><item id='368866411b877c30064a5f62b917cffe'><entry xmlns='http://www.w3.org/2005/Atom'><title>Alone</title></entry></item><item id='4e30f35051b7b8b42abe083742187228'/></items></pubsub>`,
			want: []pubsub.Item{{ID: "368866411b877c30064a5f62b917cffe", Payload: entry}, {ID: "4e30f35051b7b8b42abe083742187228"}}},
		{name: "§6.5.4 a page", xml: `<pubsub xmlns='` + psNS + `'><items node='n'><item id='a'/></items><set xmlns='` + rsm + `'><first index='0'>a</first><last>a</last><count>19</count></set></pubsub>`,
			want: []pubsub.Item{{ID: "a"}}, res: paging.Result{First: "a", Last: "a", HasIndex: true, Count: 19, HasCount: true}},
		{name: "empty node", xml: `<pubsub xmlns='` + psNS + `'><items node='n'/></pubsub>`},
		{name: "foreign children ignored", xml: `<pubsub xmlns='` + psNS + `'><items node='n'><x xmlns='urn:x'/><item id='a'/></items></pubsub>`, want: []pubsub.Item{{ID: "a"}}},
		{name: "no items", xml: `<pubsub xmlns='` + psNS + `'/>`, wantErr: pubsub.ErrInvalid},
		{name: "owner namespace", xml: `<pubsub xmlns='` + psNS + `#owner'><items node='n'/></pubsub>`, wantErr: pubsub.ErrInvalid},
		{name: "two payloads", xml: `<pubsub xmlns='` + psNS + `'><items node='n'><item id='a'><x xmlns='urn:x'/><x xmlns='urn:x'/></item></items></pubsub>`, wantErr: pubsub.ErrInvalid},
		{name: "bad set", xml: `<pubsub xmlns='` + psNS + `'><items node='n'/><set xmlns='` + rsm + `'><count>-1</count></set></pubsub>`, wantErr: paging.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, res, err := pubsub.ParseItems(xmpptest.Element(t, tc.xml))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil || res != tc.res || len(items) != len(tc.want) {
				t.Fatalf("got %+v, %+v, %v; want %+v, %+v", items, res, err, tc.want, tc.res)
			}
			for i := range items {
				if !items[i].Equal(tc.want[i]) {
					t.Errorf("item %d: %+v, want %+v", i, items[i], tc.want[i])
				}
			}
		})
	}
}

func BenchmarkParseEvent(b *testing.B) {
	el := xmpptest.Element(b, `<event xmlns='`+evNS+`'><items node='urn:xmpp:avatar:metadata'><item id='111f4b3c50d7b0df729d299bc6f8e9ef9066971f'><metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='12345' width='64' height='64' id='111f4b3c50d7b0df729d299bc6f8e9ef9066971f' type='image/png'/></metadata></item></items></event>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pubsub.ParseEvent(el); err != nil {
			b.Fatal(err)
		}
	}
}
