package stream_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestOpen(t *testing.T) {
	h := stream.Header{To: jid.MustParse("example.com"), From: jid.MustParse("juliet@example.com"), ID: "++TR84Sm6A3hnt3Q065SnAbbk3Y=", Version: stream.Version, Lang: "en"}
	out := xmpptest.Marshal(t, xmlstream.MarshalerFunc(h.WriteOpen))
	want := `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="example.com" from="juliet@example.com" id="++TR84Sm6A3hnt3Q065SnAbbk3Y=" version="1.0" xml:lang="en"/>`
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	back, err := stream.ParseOpen(xmpptest.Element(t, out))
	if err != nil || back != h {
		t.Errorf("read back %+v, %v", back, err)
	}
}

func TestParseOpenErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com'/>`, stream.UnsupportedVersion},
		{`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' version='2.0'/>`, stream.UnsupportedVersion},
		{`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='a@@b' version='1.0'/>`, stream.ImproperAddressing},
		{`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='@b' version='1.0'/>`, stream.InvalidFrom},
		{`<open xmlns='jabber:client' version='1.0'/>`, stream.InvalidNamespace},
		{`<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>`, stream.InvalidNamespace},
	}
	for _, tc := range tests {
		if _, err := stream.ParseOpen(xmpptest.Element(t, tc.in)); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.in, err, tc.want)
		}
	}
}

func TestClose(t *testing.T) {
	tests := []struct {
		c    stream.Close
		want string
	}{
		{stream.Close{}, `<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>`},
		{stream.Close{SeeOtherURI: "wss://otherendpoint.example/xmpp-bind"},
			`<close xmlns="urn:ietf:params:xml:ns:xmpp-framing" see-other-uri="wss://otherendpoint.example/xmpp-bind"/>`},
	}
	for _, tc := range tests {
		out := xmpptest.Marshal(t, tc.c)
		if out != tc.want {
			t.Errorf("got  %s\nwant %s", out, tc.want)
		}
		back, err := stream.ParseClose(xmpptest.Element(t, out))
		if err != nil || back != tc.c {
			t.Errorf("read back %+v, %v", back, err)
		}
	}
	if _, err := stream.ParseClose(xmpptest.Element(t, `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>`)); !errors.Is(err, stream.ErrUnexpectedElement) {
		t.Errorf("ParseClose(open) = %v", err)
	}
}
