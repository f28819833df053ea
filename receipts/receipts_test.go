package receipts_test

import (
	"testing"

	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestReceivedWire(t *testing.T) {
	xmpptest.RunWire(t, receipts.ParseReceived, []xmpptest.WireCase[receipts.Received]{
		// XEP-0184 §7, Example 4.
		{Name: "spec example", XML: `<received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/>`, Value: receipts.Received{ID: "richard2-4.1.247"}},
		{Name: "escaped id", XML: `<received xmlns='urn:xmpp:receipts' id='a&amp;b&lt;'/>`, Value: receipts.Received{ID: "a&b<"}},
		{Name: "foreign child ignored", XML: `<received xmlns='urn:xmpp:receipts' id='x'><y xmlns='urn:y'/></received>`, Value: receipts.Received{ID: "x"}, ParseOnly: true},
		{Name: "no id", XML: `<received xmlns='urn:xmpp:receipts'/>`, WantErr: receipts.ErrNoID},
		{Name: "empty id", XML: `<received xmlns='urn:xmpp:receipts' id=''/>`, WantErr: receipts.ErrNoID},
		{Name: "write without id", WantErr: receipts.ErrNoID},
		{Name: "wrong namespace", XML: `<received xmlns='urn:xmpp:chat-markers:0' id='x'/>`, WantErr: receipts.ErrInvalid},
		{Name: "request is not received", XML: `<request xmlns='urn:xmpp:receipts'/>`, WantErr: receipts.ErrInvalid},
	})
}

func TestRequestWrite(t *testing.T) {
	if got, want := xmpptest.Marshal(t, receipts.Request{}), `<request xmlns="urn:xmpp:receipts"/>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func FuzzParseReceived(f *testing.F) {
	for _, s := range []string{
		`<received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/>`,
		`<received xmlns='urn:xmpp:receipts'/>`,
		`<received xmlns='urn:xmpp:receipts' id='&#x1F600;'><x/></received>`,
		`<request xmlns='urn:xmpp:receipts'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		r, err := receipts.ParseReceived(el)
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString("", r)
		if err != nil {
			t.Fatalf("%q: %+v does not write: %v", s, r, err)
		}
		back, err := xmpptest.ReadElement("", out)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := receipts.ParseReceived(back); err != nil || again != r {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, r, again, err)
		}
	})
}
