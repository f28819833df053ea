package stanza_test

import (
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
