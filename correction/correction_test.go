package correction_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestReplaceWire(t *testing.T) {
	xmpptest.RunWire(t, correction.Parse, []xmpptest.WireCase[correction.Replace]{
		// XEP-0308 §3, Example 4.
		{Name: "spec example", XML: `<replace id='bad1' xmlns='urn:xmpp:message-correct:0'/>`, Value: correction.Replace{ID: "bad1"}},
		{Name: "children ignored", XML: `<replace id='x' xmlns='urn:xmpp:message-correct:0'><y/></replace>`, Value: correction.Replace{ID: "x"}, ParseOnly: true},
		{Name: "no id", XML: `<replace xmlns='urn:xmpp:message-correct:0'/>`, WantErr: correction.ErrNoID},
		{Name: "wrong namespace", XML: `<replace id='x' xmlns='urn:xmpp:message-correct:1'/>`, WantErr: correction.ErrInvalid},
		{Name: "write without id", WantErr: correction.ErrNoID},
	})
}

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name    string
		msg     string
		want    correction.Replace
		ok      bool
		wantErr error
	}{
		{"correction", `<message xmlns='jabber:client' to='juliet@capulet.net/balcony' id='good1'><body>But soft, what light through yonder window breaks?</body><replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>`, correction.Replace{ID: "bad1"}, true, nil},
		{"plain", `<message xmlns='jabber:client'><body>x</body></message>`, correction.Replace{}, false, nil},
		{"error", `<message xmlns='jabber:client' type='error'><replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>`, correction.Replace{}, false, nil},
		{"two", `<message xmlns='jabber:client'><replace id='a' xmlns='urn:xmpp:message-correct:0'/><replace id='b' xmlns='urn:xmpp:message-correct:0'/></message>`, correction.Replace{}, false, correction.ErrSeveral},
		{"no id", `<message xmlns='jabber:client'><replace xmlns='urn:xmpp:message-correct:0'/></message>`, correction.Replace{}, false, correction.ErrNoID},
	} {
		got, ok, err := correction.Of(xmpptest.Element(t, tc.msg))
		if got != tc.want || ok != tc.ok || !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
			t.Errorf("%s: got %+v, %v, %v; want %+v, %v, %v", tc.name, got, ok, err, tc.want, tc.ok, tc.wantErr)
		}
	}
}

// TestCheck: only the same full JID may correct.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		from, original string
		ok             bool
	}{
		{"romeo@montague.net/orchard", "romeo@montague.net/orchard", true},
		{"romeo@montague.net/garden", "romeo@montague.net/orchard", false},
		{"romeo@montague.net", "romeo@montague.net", false},
		{"mallory@montague.net/orchard", "romeo@montague.net/orchard", false},
		{"coven@chat.shakespeare.lit/thirdwitch", "coven@chat.shakespeare.lit/thirdwitch", true},
		{"coven@chat.shakespeare.lit/firstwitch", "coven@chat.shakespeare.lit/thirdwitch", false},
		{"", "", false},
	} {
		var from, orig jid.JID
		if tc.from != "" {
			from, orig = jid.MustParse(tc.from), jid.MustParse(tc.original)
		}
		err := correction.Check(from, orig)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, correction.ErrNotSender)) {
			t.Errorf("Check(%s, %s) = %v, want ok %v", tc.from, tc.original, err, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<replace id='bad1' xmlns='urn:xmpp:message-correct:0'/>`,
		`<replace xmlns='urn:xmpp:message-correct:0'/>`,
		`<message xmlns='jabber:client'><replace id='a' xmlns='urn:xmpp:message-correct:0'/></message>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		_, _, _ = correction.Of(el)
		r, err := correction.Parse(el)
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
		if again, err := correction.Parse(back); err != nil || again != r {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, r, again, err)
		}
	})
}
