package stanza_test

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestIQWrap(t *testing.T) {
	query := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: "jabber:iq:version", Local: "query"}); err != nil {
			return err
		}
		return w.End()
	})
	for _, tc := range []struct {
		payload xmlstream.Marshaler
		want    string
	}{
		{query, `<iq id="1" to="a@b.c" type="result"><query xmlns="jabber:iq:version"/></iq>`},
		{nil, `<iq id="1" to="a@b.c" type="result"/>`},
	} {
		iq := stanza.IQ{ID: "1", To: jid.MustParse("a@b.c"), Type: stanza.ResultIQ}
		if got := xmpptest.MarshalIn(t, stanza.NSClient, iq.Wrap(tc.payload)); got != tc.want {
			t.Errorf("wrote %s, want %s", got, tc.want)
		}
	}
}

// TestBadInput_A6_AppConditionNamespace is a crasher of FuzzParseError:
// a child of <error/> without a namespace of its own (here it inherits
// jabber:client) is not an application-specific condition, and both parse
// paths must agree on that.
func TestBadInput_A6_AppConditionNamespace(t *testing.T) {
	var e stanza.Error
	if err := xml.Unmarshal([]byte(`<error xmlns='jabber:client'><A/></error>`), &e); err != nil {
		t.Fatal(err)
	}
	if !e.App.IsZero() {
		t.Errorf("encoding/xml kept %v as an application condition", e.App.XMLName)
	}
}

func TestMessagePresenceWrap(t *testing.T) {
	el := func(local, text string) xmlstream.Marshaler {
		return xmlstream.TextElement{Name: xml.Name{Space: stanza.NSClient, Local: local}, Text: text}
	}
	to := jid.MustParse("a@b.c")
	for _, tc := range []struct {
		name string
		m    xmlstream.Marshaler
		want string
	}{
		{"message", stanza.Message{ID: "1", To: to, Type: stanza.ChatMessage}.Wrap(el("body", "hi"), nil, el("thread", "t")),
			`<message id="1" to="a@b.c" type="chat"><body>hi</body><thread>t</thread></message>`},
		{"message without payload", stanza.Message{To: to}.Wrap(), `<message to="a@b.c"/>`},
		{"presence", stanza.Presence{}.Wrap(el("show", "away"), el("status", "out")),
			`<presence><show>away</show><status>out</status></presence>`},
		{"presence with nil payload", stanza.Presence{Type: stanza.UnavailablePresence}.Wrap(nil), `<presence type="unavailable"/>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := xmlstream.NewWriter(&buf)
			w.SetDefaultNS(stanza.NSClient)
			if err := tc.m.WriteXML(w.Encoder()); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("wrote %s, want %s", buf.String(), tc.want)
			}
		})
	}
	// An invalid type is refused before anything is written.
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := (stanza.Message{Type: "bogus"}).Wrap().WriteXML(w.Encoder()); err != stanza.ErrInvalidType {
		t.Errorf("bogus type: %v", err)
	}
	if err := (stanza.Presence{Type: "bogus"}).Wrap().WriteXML(w.Encoder()); err != stanza.ErrInvalidType {
		t.Errorf("bogus presence type: %v", err)
	}
}
