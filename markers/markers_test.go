package markers_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/markers"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMarkerWire(t *testing.T) {
	xmpptest.RunWire(t, markers.Parse, []xmpptest.WireCase[markers.Marker]{
		// XEP-0333 §4.2, Example 4.
		{Name: "displayed", XML: `<displayed xmlns='urn:xmpp:chat-markers:0' id='the-msg-1'/>`, Value: markers.Marker{Kind: markers.Displayed, ID: "the-msg-1"}},
		{Name: "received (0.4)", XML: `<received xmlns='urn:xmpp:chat-markers:0' id='m'/>`, Value: markers.Marker{Kind: markers.Received, ID: "m"}},
		{Name: "acknowledged (0.4)", XML: `<acknowledged xmlns='urn:xmpp:chat-markers:0' id='m'/>`, Value: markers.Marker{Kind: markers.Acknowledged, ID: "m"}},
		{Name: "children ignored", XML: `<displayed xmlns='urn:xmpp:chat-markers:0' id='m'>x<y/></displayed>`, Value: markers.Marker{Kind: markers.Displayed, ID: "m"}, ParseOnly: true},
		{Name: "no id", XML: `<displayed xmlns='urn:xmpp:chat-markers:0'/>`, WantErr: markers.ErrNoID},
		{Name: "markable is no marker", XML: `<markable xmlns='urn:xmpp:chat-markers:0'/>`, WantErr: markers.ErrInvalid},
		{Name: "receipt namespace", XML: `<received xmlns='urn:xmpp:receipts' id='m'/>`, WantErr: markers.ErrInvalid},
		{Name: "write without kind", Value: markers.Marker{ID: "m"}, WantErr: markers.ErrInvalid},
		{Name: "write without id", Value: markers.Marker{Kind: markers.Displayed}, WantErr: markers.ErrNoID},
	})
}

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name     string
		msg      string
		want     markers.Marker
		ok       bool
		wantErr  error
		markable bool
	}{
		// §4.1 and §4.2, Examples 3 and 4.
		{name: "markable message", msg: `<message xmlns='jabber:client' id='message-1' type='chat'><body>sleeping</body><markable xmlns='urn:xmpp:chat-markers:0'/></message>`, markable: true},
		{name: "displayed", msg: `<message xmlns='jabber:client' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/></message>`, want: markers.Marker{Kind: markers.Displayed, ID: "message-1"}, ok: true},
		{name: "error", msg: `<message xmlns='jabber:client' type='error'><displayed xmlns='urn:xmpp:chat-markers:0' id='m'/><markable xmlns='urn:xmpp:chat-markers:0'/></message>`},
		{name: "two markers", msg: `<message xmlns='jabber:client'><displayed xmlns='urn:xmpp:chat-markers:0' id='a'/><received xmlns='urn:xmpp:chat-markers:0' id='b'/></message>`, wantErr: markers.ErrSeveral},
		{name: "bad marker", msg: `<message xmlns='jabber:client'><displayed xmlns='urn:xmpp:chat-markers:0'/></message>`, wantErr: markers.ErrNoID},
	} {
		el := xmpptest.Element(t, tc.msg)
		got, ok, err := markers.Of(el)
		if got != tc.want || ok != tc.ok || !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
			t.Errorf("%s: got %+v, %v, %v; want %+v, %v, %v", tc.name, got, ok, err, tc.want, tc.ok, tc.wantErr)
		}
		if m := markers.IsMarkable(el); m != tc.markable {
			t.Errorf("%s: IsMarkable %v", tc.name, m)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<displayed xmlns='urn:xmpp:chat-markers:0' id='the-msg-1'/>`,
		`<received xmlns='urn:xmpp:chat-markers:0'/>`,
		`<markable xmlns='urn:xmpp:chat-markers:0'/>`,
		`<message xmlns='jabber:client'><acknowledged xmlns='urn:xmpp:chat-markers:0' id='x'/></message>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		_, _, _ = markers.Of(el)
		_ = markers.IsMarkable(el)
		m, err := markers.Parse(el)
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString("", m)
		if err != nil {
			t.Fatalf("%q: %+v does not write: %v", s, m, err)
		}
		back, err := xmpptest.ReadElement("", out)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := markers.Parse(back); err != nil || again != m {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, m, again, err)
		}
	})
}
