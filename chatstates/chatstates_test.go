package chatstates_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestStateWire(t *testing.T) {
	xmpptest.RunWire(t, chatstates.Parse, []xmpptest.WireCase[chatstates.State]{
		{Name: "active", XML: `<active xmlns='http://jabber.org/protocol/chatstates'/>`, Value: chatstates.Active},
		{Name: "composing", XML: `<composing xmlns='http://jabber.org/protocol/chatstates'/>`, Value: chatstates.Composing},
		{Name: "paused", XML: `<paused xmlns='http://jabber.org/protocol/chatstates'/>`, Value: chatstates.Paused},
		{Name: "inactive", XML: `<inactive xmlns='http://jabber.org/protocol/chatstates'/>`, Value: chatstates.Inactive},
		{Name: "gone", XML: `<gone xmlns='http://jabber.org/protocol/chatstates'/>`, Value: chatstates.Gone},
		{Name: "children ignored", XML: `<gone xmlns='http://jabber.org/protocol/chatstates' x='y'><z/></gone>`, Value: chatstates.Gone, ParseOnly: true},
		{Name: "unknown state", XML: `<typing xmlns='http://jabber.org/protocol/chatstates'/>`, WantErr: chatstates.ErrInvalid},
		{Name: "wrong namespace", XML: `<active xmlns='urn:xmpp:chat-markers:0'/>`, WantErr: chatstates.ErrInvalid},
		{Name: "no namespace", XML: `<active/>`, WantErr: chatstates.ErrInvalid},
		{Name: "zero state", Value: 0, WantErr: chatstates.ErrNoState},
		{Name: "out of range", Value: 9, WantErr: chatstates.ErrNoState},
	})
}

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name    string
		msg     string
		want    chatstates.State
		wantErr error
	}{
		// XEP-0085 §6, Example 3: a content message with <active/>.
		{"content message", `<message xmlns='jabber:client' from='bernardo@shakespeare.lit/pda' to='francisco@shakespeare.lit' type='chat'><body>Who's there?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`, chatstates.Active, nil},
		// §6, Example 5: a standalone notification.
		{"standalone", `<message xmlns='jabber:client' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`, chatstates.Composing, nil},
		{"with thread", `<message xmlns='jabber:client' type='chat'><paused xmlns='http://jabber.org/protocol/chatstates'/><thread>t</thread></message>`, chatstates.Paused, nil},
		{"none", `<message xmlns='jabber:client' type='chat'><body>hi</body></message>`, 0, nil},
		{"error type ignored", `<message xmlns='jabber:client' type='error'><gone xmlns='http://jabber.org/protocol/chatstates'/></message>`, 0, nil},
		{"two states", `<message xmlns='jabber:client'><active xmlns='http://jabber.org/protocol/chatstates'/><gone xmlns='http://jabber.org/protocol/chatstates'/></message>`, 0, chatstates.ErrSeveral},
		{"unknown state", `<message xmlns='jabber:client'><typing xmlns='http://jabber.org/protocol/chatstates'/></message>`, 0, chatstates.ErrInvalid},
	} {
		got, err := chatstates.Of(xmpptest.Element(t, tc.msg))
		if got != tc.want || !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
			t.Errorf("%s: got %v, %v; want %v, %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestString(t *testing.T) {
	for st, want := range map[chatstates.State]string{0: "", chatstates.Active: "active", chatstates.Gone: "gone", 200: ""} {
		if got := st.String(); got != want {
			t.Errorf("%d: %q, want %q", st, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<active xmlns='http://jabber.org/protocol/chatstates'/>`,
		`<gone xmlns='http://jabber.org/protocol/chatstates'><x/></gone>`,
		`<typing xmlns='http://jabber.org/protocol/chatstates'/>`,
		`<message xmlns='jabber:client'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		_, _ = chatstates.Of(el)
		st, err := chatstates.Parse(el)
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString("", st)
		if err != nil {
			t.Fatalf("%q: %v does not write: %v", s, st, err)
		}
		back, err := xmpptest.ReadElement("", out)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := chatstates.Parse(back); err != nil || again != st {
			t.Fatalf("%q: %v round-trips to %v, %v", s, st, again, err)
		}
	})
}
