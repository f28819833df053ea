package stanza_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWriteErrorReply(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		payload bool
		want    string
	}{
		{"iq", `<iq xmlns='jabber:client' type='get' id='q1' from='romeo@example.net/orchard' to='example.com'><query xmlns='jabber:iq:version'/></iq>`, false,
			`<iq id="q1" to="romeo@example.net/orchard" from="example.com" type="error"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`},
		{"iq with payload", `<iq xmlns='jabber:client' type='set' id='q2'><query xmlns='jabber:iq:version'/></iq>`, true,
			`<iq id="q2" type="error"><query xmlns="jabber:iq:version"/><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`},
		{"message in another namespace", `<message xmlns='jabber:server' from='a@example.net' to='b@example.com'><body>x</body></message>`, false,
			`<message xmlns="jabber:server" to="a@example.net" from="b@example.com" type="error"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`},
		{"presence, attributes escaped", `<presence xmlns='jabber:client' id='a&amp;&lt;' type='subscribe'/>`, false,
			`<presence id="a&amp;&lt;" type="error"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			orig := xmpptest.Element(t, tc.in)
			write := stanza.WriteErrorReply
			if tc.payload {
				write = stanza.WriteErrorReplyWithPayload
			}
			got := xmpptest.MarshalIn(t, "jabber:client", xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
				return write(w, orig, stanza.NewError(stanza.ServiceUnavailable))
			}))
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			// The reply parses as an error stanza carrying the error.
			reply := xmpptest.ElementIn(t, "jabber:client", got)
			h, err := stanza.ParseHeader(reply)
			if err != nil || !h.IsError() {
				t.Errorf("reply header %+v, %v", h, err)
			}
			if e, err := stanza.ParseError(reply); err != nil || e.Condition != stanza.ServiceUnavailable {
				t.Errorf("reply error %+v, %v", e, err)
			}
		})
	}
}

func TestWriteErrorReplyRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`<iq xmlns='jabber:client' type='error' id='x'/>`, stanza.ErrNoReply},
		{`<iq xmlns='jabber:client' type='result' id='x'/>`, stanza.ErrNoReply},
		{`<message xmlns='jabber:client' type='error'/>`, stanza.ErrNoReply},
		{`<presence xmlns='jabber:client' type='error'/>`, stanza.ErrNoReply},
		{`<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>`, stanza.ErrNotStanza},
	}
	for _, tc := range tests {
		w := xmlstream.NewWriter(discard{})
		err := stanza.WriteErrorReply(w.Encoder(), xmpptest.Element(t, tc.in), stanza.NewError(stanza.BadRequest))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.in, err, tc.want)
		}
		if w.Buffered() != 0 {
			t.Errorf("%s: wrote %d bytes", tc.in, w.Buffered())
		}
	}
}

// TestBadInput_A7_ReplyCannotSmuggle: attribute values copied from a
// received stanza into the reply stay inside their attribute.
func TestBadInput_A7_ReplyCannotSmuggle(t *testing.T) {
	in := `<iq xmlns='jabber:client' type='get' id='x&quot;/&gt;&lt;message to=&quot;victim@example.com&quot;&gt;&lt;body&gt;hi&lt;/body&gt;&lt;/message&gt;&lt;iq id=&quot;y'/>`
	orig := xmpptest.Element(t, in)
	out := xmpptest.MarshalIn(t, "jabber:client", xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		return stanza.WriteErrorReply(w, orig, stanza.NewError(stanza.BadRequest))
	}))
	d := xmlstream.NewDecoder(strings.NewReader(streamHeaderForTest+out), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if got, want := el.Attr("id"), orig.Attr("id"); got != want {
		t.Errorf("id %q, want %q", got, want)
	}
	if err := d.ReadElement(&el); err == nil {
		t.Errorf("a second element was smuggled: %v", el.Name())
	}
}
