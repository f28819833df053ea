package stanza_test

import (
	"encoding/xml"
	"errors"
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

var (
	juliet = jid.MustParse("juliet@example.com/balcony")
	romeo  = jid.MustParse("romeo@example.net/orchard")
)

// emptyWriter is what the three header types have in common.
type emptyWriter interface {
	WriteEmpty(w xmlstream.Encoder) error
	WriteStart(w xmlstream.Encoder) error
	StartElement() xml.StartElement
}

func clientName(local string) xml.Name { return xml.Name{Space: stanza.NSClient, Local: local} }

// encodeCases are headers with their expected encoding, by both paths:
// encoding/xml writes the element name from the struct tag, without a
// namespace, and the token layer writes none when the namespace of the
// header is the default one in scope.
var encodeCases = []struct {
	name string
	v    emptyWriter
	want string
}{
	{"message", stanza.Message{XMLName: clientName("message"), ID: "m1", To: juliet, From: romeo, Lang: "en", Type: stanza.ChatMessage},
		`<message id="m1" to="juliet@example.com/balcony" from="romeo@example.net/orchard" xml:lang="en" type="chat"></message>`},
	{"bare message", stanza.Message{XMLName: clientName("message")}, `<message></message>`},
	{"presence", stanza.Presence{XMLName: xml.Name{Space: stanza.NSServer, Local: "presence"}, From: romeo, To: juliet, Type: stanza.ProbePresence},
		`<presence to="juliet@example.com/balcony" from="romeo@example.net/orchard" type="probe"></presence>`},
	{"iq", stanza.IQ{XMLName: clientName("iq"), ID: "q1", To: jid.MustParse("example.com"), Type: stanza.GetIQ},
		`<iq id="q1" to="example.com" type="get"></iq>`},
}

// TestEncodePathsAgree writes each header through the token layer and
// through encoding/xml and compares the bytes (encoding/xml never writes
// empty elements as <x/>, so the token layer's output is expanded first).
func TestEncodePathsAgree(t *testing.T) {
	for _, tc := range encodeCases {
		t.Run(tc.name, func(t *testing.T) {
			viaXML, err := xml.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(viaXML) != tc.want {
				t.Errorf("encoding/xml:\n got %s\nwant %s", viaXML, tc.want)
			}
			viaTokens := xmpptest.MarshalIn(t, namespaceOf(tc.v), xmlstream.MarshalerFunc(tc.v.WriteEmpty))
			if expanded := expandEmpty(viaTokens); expanded != tc.want {
				t.Errorf("token layer:\n got %s\nwant %s", viaTokens, tc.want)
			}
		})
	}
}

func namespaceOf(v any) string {
	switch v := v.(type) {
	case stanza.Message:
		return v.XMLName.Space
	case stanza.Presence:
		return v.XMLName.Space
	case stanza.IQ:
		return v.XMLName.Space
	}
	return ""
}

// expandEmpty turns a trailing "/>" into "></name>" for one element.
func expandEmpty(s string) string {
	if len(s) < 2 || s[len(s)-2:] != "/>" {
		return s
	}
	name := s[1:]
	for i, c := range name {
		if c == ' ' || c == '/' {
			name = name[:i]
			break
		}
	}
	return s[:len(s)-2] + "></" + name + ">"
}

func TestWriteStartInStream(t *testing.T) {
	got := xmpptest.MarshalIn(t, "jabber:client", xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		m := stanza.Message{XMLName: clientName("message"), ID: "x", To: juliet, Type: stanza.ChatMessage}
		if err := m.WriteStart(w); err != nil {
			return err
		}
		if err := w.Start(clientName("body")); err != nil {
			return err
		}
		if err := w.Text("hello"); err != nil {
			return err
		}
		if err := w.End(); err != nil {
			return err
		}
		return w.End()
	}))
	want := `<message id="x" to="juliet@example.com/balcony" type="chat"><body>hello</body></message>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestWriteInheritsNamespace: a header or error with no namespace takes the
// one in scope.
func TestWriteInheritsNamespace(t *testing.T) {
	got := xmpptest.MarshalIn(t, "jabber:client", xmlstream.MarshalerFunc(stanza.Presence{Type: stanza.UnavailablePresence}.WriteEmpty))
	if want := `<presence type="unavailable"/>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	got = xmpptest.MarshalIn(t, "jabber:client", xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		m := stanza.Message{XMLName: clientName("message"), Type: stanza.ErrorMessage}
		if err := m.WriteStart(w); err != nil {
			return err
		}
		if err := stanza.NewError(stanza.Gone).WriteXML(w); err != nil {
			return err
		}
		return w.End()
	}))
	if want := `<message type="error"><error type="cancel"><gone xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestEmbeddingIsNotMarshaler: a struct embedding a header must not become
// an xmlstream.Marshaler through a promoted method, or Writer.Encode would
// write the header and drop the payload.
func TestEmbeddingIsNotMarshaler(t *testing.T) {
	for _, v := range []any{Chat{}, struct{ stanza.IQ }{}, struct{ stanza.Presence }{}} {
		if _, ok := v.(xmlstream.Marshaler); ok {
			t.Errorf("%T is an xmlstream.Marshaler", v)
		}
	}
}

func TestWriteRefusesInvalid(t *testing.T) {
	tests := []struct {
		name string
		v    emptyWriter
		want error
	}{
		{"message type", stanza.Message{Type: "get"}, stanza.ErrInvalidType},
		{"presence type", stanza.Presence{Type: "chat"}, stanza.ErrInvalidType},
		{"iq without type", stanza.IQ{ID: "x"}, stanza.ErrInvalidType},
		{"iq without id", stanza.IQ{Type: stanza.SetIQ}, stanza.ErrMissingID},
		{"bad character", stanza.Message{ID: "a\x00b"}, xmlstream.ErrInvalidChar},
	}
	for _, tc := range tests {
		w := xmlstream.NewWriter(new(discard))
		if err := tc.v.WriteEmpty(w.Encoder()); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		if w.Depth() != 0 || w.Buffered() != 0 {
			t.Errorf("%s: writer left with depth %d, %d bytes", tc.name, w.Depth(), w.Buffered())
		}
	}
}

// TestWriteStartAsStart holds the headers' writing (which takes
// xmlstream's StartStanza) to Start with the attributes StartElement
// gives, for values to escape as well as plain ones.
func TestWriteStartAsStart(t *testing.T) {
	odd := "a\"b'c&d<e>f\tg"
	headers := []emptyWriter{
		stanza.Message{ID: odd, To: juliet, Lang: odd, Type: stanza.ChatMessage},
		stanza.Presence{XMLName: xml.Name{Space: stanza.NSServer}, ID: `""'`, From: romeo, Lang: "en"},
		stanza.IQ{ID: "0123456789abcdef", To: juliet, From: romeo, Lang: "\r\n", Type: stanza.ResultIQ},
	}
	for _, tc := range encodeCases {
		headers = append(headers, tc.v)
	}
	for _, h := range headers {
		got := xmpptest.MarshalIn(t, stanza.NSClient, xmlstream.MarshalerFunc(h.WriteStart))
		se := h.StartElement()
		want := xmpptest.MarshalIn(t, stanza.NSClient, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			return w.Start(se.Name, se.Attr...)
		}))
		if got != want {
			t.Errorf("%+v:\n got %s\nwant %s", h, got, want)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func TestRoundTripThroughTokens(t *testing.T) {
	for _, tc := range encodeCases {
		out := xmpptest.MarshalIn(t, "", xmlstream.MarshalerFunc(tc.v.WriteEmpty))
		h, err := stanza.ParseHeader(xmpptest.Element(t, out))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var back any
		switch h.Kind {
		case stanza.KindMessage:
			back = h.Message()
		case stanza.KindPresence:
			back = h.Presence()
		case stanza.KindIQ:
			back = h.IQ()
		}
		if back != tc.v {
			t.Errorf("%s: got back %+v, want %+v", tc.name, back, tc.v)
		}
	}
}

func TestStartElement(t *testing.T) {
	iq := stanza.IQ{ID: "i", From: romeo, Type: stanza.ResultIQ}
	want := xml.StartElement{Name: xml.Name{Local: "iq"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "id"}, Value: "i"},
		{Name: xml.Name{Local: "from"}, Value: romeo.String()},
		{Name: xml.Name{Local: "type"}, Value: "result"},
	}}
	if got := iq.StartElement(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	m := stanza.Message{XMLName: clientName("message"), Lang: "fr"}
	wantM := xml.StartElement{Name: clientName("message"), Attr: []xml.Attr{
		{Name: xml.Name{Space: "http://www.w3.org/XML/1998/namespace", Local: "lang"}, Value: "fr"}}}
	if got := m.StartElement(); !reflect.DeepEqual(got, wantM) {
		t.Errorf("got %+v, want %+v", got, wantM)
	}
	if got := (stanza.Presence{}).StartElement(); got.Name.Local != "presence" || len(got.Attr) != 0 {
		t.Errorf("empty presence start: %+v", got)
	}
}

// Chat is how users embed a header to add a payload.
type Chat struct {
	stanza.Message
	Body string `xml:"body"`
}

func TestEmbedding(t *testing.T) {
	in := `<message xmlns='jabber:client' type='chat' to='juliet@example.com/balcony' id='c1'><body>hello</body></message>`
	var c Chat
	if err := xmpptest.Element(t, in).Decode(&c); err != nil {
		t.Fatal(err)
	}
	// encoding/xml does not fill the XMLName of an embedded struct.
	want := Chat{Message: stanza.Message{ID: "c1", To: juliet, Type: stanza.ChatMessage}, Body: "hello"}
	if c != want {
		t.Errorf("decoded %+v, want %+v", c, want)
	}
	// encoding/xml takes the name from the tag, so it writes no namespace
	// whatever XMLName says: the element inherits the stream's.
	c.XMLName = clientName("message")
	out, err := xml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if w := `<message id="c1" to="juliet@example.com/balcony" type="chat"><body>hello</body></message>`; string(out) != w {
		t.Errorf("marshalled %s\nwant %s", out, w)
	}
}

func TestReplies(t *testing.T) {
	iq := stanza.IQ{XMLName: clientName("iq"), ID: "q", To: juliet, From: romeo, Lang: "en", Type: stanza.GetIQ}
	if got, want := iq.Result(), (stanza.IQ{XMLName: clientName("iq"), ID: "q", To: romeo, From: juliet, Type: stanza.ResultIQ}); got != want {
		t.Errorf("Result: %+v, want %+v", got, want)
	}
	if got, want := iq.ErrorReply(), (stanza.IQ{XMLName: clientName("iq"), ID: "q", To: romeo, From: juliet, Type: stanza.ErrorIQ}); got != want {
		t.Errorf("IQ.ErrorReply: %+v, want %+v", got, want)
	}
	m := stanza.Message{ID: "m", To: juliet, From: romeo, Type: stanza.ChatMessage}
	if got, want := m.ErrorReply(), (stanza.Message{ID: "m", To: romeo, From: juliet, Type: stanza.ErrorMessage}); got != want {
		t.Errorf("Message.ErrorReply: %+v, want %+v", got, want)
	}
	p := stanza.Presence{To: juliet, From: romeo, Type: stanza.SubscribePresence}
	if got, want := p.ErrorReply(), (stanza.Presence{To: romeo, From: juliet, Type: stanza.ErrorPresence}); got != want {
		t.Errorf("Presence.ErrorReply: %+v, want %+v", got, want)
	}
}
