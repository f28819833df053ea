package forward_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// juliet is the message of XEP-0297 §3, as received on a client stream.
const juliet = `<message xmlns='jabber:client' from='juliet@capulet.lit/orchard' id='0202197' to='romeo@montague.lit' type='chat'>` +
	`<body>Yet I should kill thee with much cherishing.</body>` +
	`<mood xmlns='http://jabber.org/protocol/mood'><amorous/></mood></message>`

var stamp = time.Date(2010, 7, 10, 23, 8, 25, 0, time.UTC)

func TestEncode(t *testing.T) {
	msg := xmpptest.Element(t, juliet)
	for _, tc := range []struct {
		name    string
		in      forward.Forwarded
		want    string
		wantErr error
	}{
		{"with delay", forward.Forwarded{Delay: &delay.Delay{Stamp: stamp}, Stanza: msg},
			`<forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2010-07-10T23:08:25Z"/>` +
				`<message xmlns="jabber:client" from="juliet@capulet.lit/orchard" id="0202197" to="romeo@montague.lit" type="chat">` +
				`<body>Yet I should kill thee with much cherishing.</body><mood xmlns="http://jabber.org/protocol/mood"><amorous/></mood></message></forwarded>`, nil},
		{"no stanza", forward.Forwarded{}, "", forward.ErrStanzaMissing},
		{"not a stanza", forward.Forwarded{Stanza: xmpptest.Element(t, `<body xmlns='jabber:client'/>`)}, "", forward.ErrStanzaMissing},
	} {
		got, err := xmpptest.MarshalString("jabber:client", tc.in)
		if !errors.Is(err, tc.wantErr) || got != tc.want {
			t.Errorf("%s: got %s, %v\nwant %s, %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		wantDelay *delay.Delay
		wantKind  stanza.Kind
		wantErr   error
	}{
		{"XEP-0297 example", `<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>` + juliet + `</forwarded>`,
			&delay.Delay{Stamp: stamp}, stanza.KindMessage, nil},
		{"no delay", `<forwarded xmlns='urn:xmpp:forward:0'><iq xmlns='jabber:client' type='get' id='1'/></forwarded>`,
			nil, stanza.KindIQ, nil},
		{"server namespace", `<forwarded xmlns='urn:xmpp:forward:0'><presence xmlns='jabber:server'/></forwarded>`,
			nil, stanza.KindPresence, nil},
		{"foreign children ignored", `<forwarded xmlns='urn:xmpp:forward:0'><x xmlns='urn:example'/><presence xmlns='jabber:client'/></forwarded>`,
			nil, stanza.KindPresence, nil},
		{"stanza in the forward namespace", `<forwarded xmlns='urn:xmpp:forward:0'><message/></forwarded>`, nil, 0, forward.ErrNoStanza},
		{"empty", `<forwarded xmlns='urn:xmpp:forward:0'/>`, nil, 0, forward.ErrNoStanza},
		{"two stanzas", `<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/><message xmlns='jabber:client'/></forwarded>`,
			nil, 0, forward.ErrManyStanzas},
		{"two delays", `<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>` +
			`<delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>` + juliet + `</forwarded>`, nil, 0, forward.ErrManyDelays},
		{"bad delay", `<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay'/>` + juliet + `</forwarded>`, nil, 0, delay.ErrNoStamp},
		{"wrong element", `<forward xmlns='urn:xmpp:forward:0'/>`, nil, 0, forward.ErrNotForwarded},
	} {
		got, err := forward.Parse(xmpptest.Element(t, tc.in))
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if !reflect.DeepEqual(got.Delay, tc.wantDelay) {
			t.Errorf("%s: delay %+v, want %+v", tc.name, got.Delay, tc.wantDelay)
		}
		if h, err := got.Header(); err != nil || h.Kind != tc.wantKind {
			t.Errorf("%s: header %+v, %v", tc.name, h, err)
		}
	}
}

func TestHeader(t *testing.T) {
	f, err := forward.Parse(xmpptest.Element(t, `<forwarded xmlns='urn:xmpp:forward:0'>`+juliet+`</forwarded>`))
	if err != nil {
		t.Fatal(err)
	}
	h, err := f.Header()
	if err != nil || h.From != jid.MustParse("juliet@capulet.lit/orchard") || h.ID != "0202197" || h.MessageType() != stanza.ChatMessage {
		t.Errorf("Header() = %+v, %v", h, err)
	}
	if _, err := (forward.Forwarded{}).Header(); !errors.Is(err, forward.ErrStanzaMissing) {
		t.Errorf("Header() of nothing = %v", err)
	}
}

// TestBadInput_A6_RoundTrip: a forwarded stanza that is parsed and written
// again (as carbons and archives do) keeps every element and attribute
// name and namespace, whatever prefixes and defaults the original used.
func TestBadInput_A6_RoundTrip(t *testing.T) {
	for _, in := range []string{
		`<forwarded xmlns='urn:xmpp:forward:0'>` + juliet + `</forwarded>`,
		`<f:forwarded xmlns:f='urn:xmpp:forward:0'><c:message xmlns:c='jabber:client' to='a@b'><c:body>hi</c:body>` +
			`<x xmlns='urn:x' xmlns:y='urn:y' y:attr='1' attr='2'><y:inner/><plain xmlns=''/></x></c:message></f:forwarded>`,
		`<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' xml:lang='en'><body xml:lang='fr'>salut</body>` +
			`<thread xmlns:a='urn:a' a:x='&lt;&amp;'>t</thread></message></forwarded>`,
		`<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'><c:x xmlns:c='jabber:client'/><html xmlns='http://jabber.org/protocol/xhtml-im'>` +
			`<body xmlns='http://www.w3.org/1999/xhtml'><p>a<b>b</b>c</p></body></html></message></forwarded>`,
	} {
		orig := xmpptest.Element(t, in)
		f, err := forward.Parse(orig)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := xmpptest.MarshalString("jabber:client", f)
		if err != nil {
			t.Fatal(err)
		}
		back := xmpptest.Element(t, out)
		if !xmpptest.SameElement(orig, back) {
			t.Errorf("%s\nwritten as %s, which means something else", in, out)
		}
	}
}
