package stanza_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want stanza.Header
	}{
		{"chat message", `<message xmlns='jabber:client' id='m1' to='juliet@example.com/balcony' from='romeo@example.net/orchard' type='chat' xml:lang='en'><body>hi</body></message>`,
			stanza.Header{Kind: stanza.KindMessage, NS: stanza.NSClient, ID: "m1",
				To: jid.MustParse("juliet@example.com/balcony"), From: jid.MustParse("romeo@example.net/orchard"), Lang: "en", Type: "chat"}},
		{"message without type", `<message xmlns='jabber:server' to='a@b'/>`,
			stanza.Header{Kind: stanza.KindMessage, NS: stanza.NSServer, To: jid.MustParse("a@b")}},
		{"available presence", `<presence xmlns='jabber:client'/>`,
			stanza.Header{Kind: stanza.KindPresence, NS: stanza.NSClient}},
		{"probe", `<presence xmlns='jabber:server' type='probe' from='a@b' to='c@d'/>`,
			stanza.Header{Kind: stanza.KindPresence, NS: stanza.NSServer, Type: "probe", From: jid.MustParse("a@b"), To: jid.MustParse("c@d")}},
		{"iq get", `<iq xmlns='jabber:component:accept' type='get' id='q'><ping xmlns='urn:xmpp:ping'/></iq>`,
			stanza.Header{Kind: stanza.KindIQ, NS: stanza.NSComponent, Type: "get", ID: "q"}},
		{"prefixed stanza", `<c:iq xmlns:c='jabber:client' type='result' id='r'/>`,
			stanza.Header{Kind: stanza.KindIQ, NS: stanza.NSClient, Type: "result", ID: "r"}},
		{"escaped attribute", `<message xmlns='jabber:client' id='a&amp;b'/>`,
			stanza.Header{Kind: stanza.KindMessage, NS: stanza.NSClient, ID: "a&b"}},
		{"namespaced look-alikes ignored", `<iq xmlns='jabber:client' xmlns:x='urn:x' x:id='no' x:to='no@x' x:type='no' x:lang='no' x:from='bad@@' type='set' id='s' from='a@b'><q xmlns='urn:q'/></iq>`,
			stanza.Header{Kind: stanza.KindIQ, NS: stanza.NSClient, Type: "set", ID: "s", From: jid.MustParse("a@b")}},
		{"many attributes", `<message xmlns='jabber:client' a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8' i='9' type='chat' id='m'/>`,
			stanza.Header{Kind: stanza.KindMessage, NS: stanza.NSClient, Type: "chat", ID: "m"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := stanza.ParseHeader(xmpptest.Element(t, tc.in))
			if err != nil {
				t.Fatalf("ParseHeader: %v", err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseHeaderErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
		id   string // the header must still carry the id, to address a reply
	}{
		{"not a stanza", `<foo xmlns='jabber:client'/>`, stanza.ErrNotStanza, ""},
		{"wrong namespace", `<message xmlns='urn:example'/>`, stanza.ErrNotStanza, ""},
		{"no namespace", `<message/>`, stanza.ErrNotStanza, ""},
		{"bad to", `<message xmlns='jabber:client' id='x' to='@example.com'/>`,
			stanza.Error{Type: stanza.Modify, Condition: stanza.JIDMalformed}, "x"},
		{"empty to", `<message xmlns='jabber:client' id='x' to=''/>`,
			stanza.Error{Condition: stanza.JIDMalformed}, "x"},
		{"bad from", `<presence xmlns='jabber:client' id='p' from='a@b/'/>`,
			stanza.Error{Condition: stanza.JIDMalformed}, "p"},
		{"message type", `<message xmlns='jabber:client' id='m' type='get'/>`,
			stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest}, "m"},
		{"presence type", `<presence xmlns='jabber:client' type='chat'/>`,
			stanza.Error{Condition: stanza.BadRequest}, ""},
		{"iq type", `<iq xmlns='jabber:client' id='i' type='normal'/>`,
			stanza.Error{Condition: stanza.BadRequest}, "i"},
		{"iq without type", `<iq xmlns='jabber:client' id='i'/>`,
			stanza.Error{Condition: stanza.BadRequest}, "i"},
		{"iq without id", `<iq xmlns='jabber:client' type='get'/>`,
			stanza.Error{Condition: stanza.BadRequest}, ""},
		{"type case matters", `<iq xmlns='jabber:client' id='i' type='GET'/>`,
			stanza.Error{Condition: stanza.BadRequest}, "i"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := stanza.ParseHeader(xmpptest.Element(t, tc.in))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got error %v, want %v", err, tc.want)
			}
			if h.ID != tc.id {
				t.Errorf("header id %q, want %q", h.ID, tc.id)
			}
			var se *stanza.Error
			if _, isStanzaErr := tc.want.(stanza.Error); isStanzaErr && !errors.As(err, &se) {
				t.Errorf("error %T is not a *stanza.Error", err)
			}
		})
	}
}

// TestHeaderAgreesWithEncodingXML decodes the same stanzas through the token
// layer and through encoding/xml struct tags, and compares.
func TestHeaderAgreesWithEncodingXML(t *testing.T) {
	inputs := []string{
		`<message xmlns='jabber:client' id='m1' to='juliet@example.com/balcony' from='romeo@example.net' type='chat' xml:lang='en'><body>hi</body></message>`,
		`<message xmlns='jabber:server'/>`,
		`<presence xmlns='jabber:client' type='unavailable' from='a@b/c'/>`,
		`<presence xmlns='jabber:client' xml:lang='de'><show>away</show></presence>`,
		`<iq xmlns='jabber:client' type='set' id='s1' to='example.com'><query xmlns='jabber:iq:roster'/></iq>`,
		`<c:iq xmlns:c='jabber:client' type='result' id='r'/>`,
	}
	for _, in := range inputs {
		el := xmpptest.Element(t, in)
		h, err := stanza.ParseHeader(el)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		var got, want any
		switch h.Kind {
		case stanza.KindMessage:
			var m stanza.Message
			got, want = &m, h.Message()
		case stanza.KindPresence:
			var p stanza.Presence
			got, want = &p, h.Presence()
		case stanza.KindIQ:
			var iq stanza.IQ
			got, want = &iq, h.IQ()
		}
		if err := el.Decode(got); err != nil {
			t.Fatalf("%s: Decode: %v", in, err)
		}
		if !equalDeref(got, want) {
			t.Errorf("%s:\nencoding/xml %+v\ntoken layer  %+v", in, got, want)
		}
	}
}

func equalDeref(p, v any) bool {
	switch p := p.(type) {
	case *stanza.Message:
		return *p == v
	case *stanza.Presence:
		return *p == v
	case *stanza.IQ:
		return *p == v
	}
	return false
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		space, local string
		want         stanza.Kind
		ok           bool
	}{
		{stanza.NSClient, "message", stanza.KindMessage, true},
		{stanza.NSServer, "presence", stanza.KindPresence, true},
		{stanza.NSComponent, "iq", stanza.KindIQ, true},
		{"", "iq", 0, false},
		{stanza.NSClient, "stream", 0, false},
		{"urn:example", "message", 0, false},
		// Names of a stanza name's length, or close to one.
		{stanza.NSClient, "Message", 0, false},
		{stanza.NSClient, "messages", 0, false},
		{stanza.NSClient, "presenc", 0, false},
		{stanza.NSClient, "iqs", 0, false},
		{stanza.NSClient, "ix", 0, false},
		{stanza.NSClient, "r", 0, false},
		{stanza.NSClient, "", 0, false},
	}
	for _, tc := range tests {
		k, ok := stanza.KindOf(xmlName(tc.space, tc.local))
		if k != tc.want || ok != tc.ok {
			t.Errorf("KindOf(%s %s) = %v, %v; want %v, %v", tc.space, tc.local, k, ok, tc.want, tc.ok)
		}
	}
	for k, s := range map[stanza.Kind]string{stanza.KindMessage: "message", stanza.KindPresence: "presence", stanza.KindIQ: "iq", 0: "invalid"} {
		if k.String() != s {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), s)
		}
	}
}

func TestTypesValid(t *testing.T) {
	for _, typ := range []stanza.MessageType{"", stanza.NormalMessage, stanza.ChatMessage, stanza.GroupChatMessage, stanza.HeadlineMessage, stanza.ErrorMessage} {
		if !typ.Valid() {
			t.Errorf("MessageType %q not valid", typ)
		}
	}
	for _, typ := range []stanza.PresenceType{stanza.AvailablePresence, stanza.UnavailablePresence, stanza.SubscribePresence, stanza.SubscribedPresence, stanza.UnsubscribePresence, stanza.UnsubscribedPresence, stanza.ProbePresence, stanza.ErrorPresence} {
		if !typ.Valid() {
			t.Errorf("PresenceType %q not valid", typ)
		}
	}
	for _, typ := range []stanza.IQType{stanza.GetIQ, stanza.SetIQ, stanza.ResultIQ, stanza.ErrorIQ} {
		if !typ.Valid() {
			t.Errorf("IQType %q not valid", typ)
		}
	}
	if stanza.MessageType("get").Valid() || stanza.PresenceType("chat").Valid() || stanza.IQType("").Valid() {
		t.Error("an invalid type was accepted")
	}
	if !stanza.GetIQ.IsRequest() || !stanza.SetIQ.IsRequest() || stanza.ResultIQ.IsRequest() || stanza.ErrorIQ.IsRequest() {
		t.Error("IsRequest is wrong")
	}
}

func TestIsContentNS(t *testing.T) {
	for ns, want := range map[string]bool{
		stanza.NSClient: true, stanza.NSServer: true, stanza.NSComponent: true,
		"": false, "jabber:iq:roster": false, "http://etherx.jabber.org/streams": false,
	} {
		if got := stanza.IsContentNS(ns); got != want {
			t.Errorf("IsContentNS(%q) = %v", ns, got)
		}
	}
}

func TestHeaderIsError(t *testing.T) {
	for in, want := range map[string]bool{
		`<message xmlns='jabber:client' type='error'/>`:        true,
		`<iq xmlns='jabber:client' type='error' id='e'/>`:      true,
		`<presence xmlns='jabber:client' type='unavailable'/>`: false,
		`<iq xmlns='jabber:client' type='result' id='r'/>`:     false,
	} {
		h, err := stanza.ParseHeader(xmpptest.Element(t, in))
		if err != nil || h.IsError() != want {
			t.Errorf("%s: IsError %v, %v", in, h.IsError(), err)
		}
	}
}

func TestHeaderTypedTypes(t *testing.T) {
	tests := []struct {
		in       string
		iq       stanza.IQType
		message  stanza.MessageType
		presence stanza.PresenceType
	}{
		{`<iq xmlns='jabber:client' type='get' id='q'/>`, stanza.GetIQ, "get", "get"},
		{`<message xmlns='jabber:client' type='chat'/>`, "chat", stanza.ChatMessage, "chat"},
		{`<message xmlns='jabber:client'/>`, "", "", stanza.AvailablePresence},
		{`<presence xmlns='jabber:client' type='subscribe'/>`, "subscribe", "subscribe", stanza.SubscribePresence},
	}
	for _, tc := range tests {
		h, err := stanza.ParseHeader(xmpptest.Element(t, tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if h.IQType() != tc.iq || h.MessageType() != tc.message || h.PresenceType() != tc.presence {
			t.Errorf("%s: IQType %q, MessageType %q, PresenceType %q", tc.in, h.IQType(), h.MessageType(), h.PresenceType())
		}
		if h.IQ().Type != h.IQType() || h.Message().Type != h.MessageType() || h.Presence().Type != h.PresenceType() {
			t.Errorf("%s: header conversions disagree with the typed accessors", tc.in)
		}
	}
}
