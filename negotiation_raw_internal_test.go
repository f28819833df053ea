package xmpp

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestNegotiationRawIsWriteXML holds the negotiation elements appended in
// one go to what their WriteXML writes after a client stream header, byte
// for byte, and checks that values that need escaping (or are rarer) go
// the general way.
func TestNegotiationRawIsWriteXML(t *testing.T) {
	general := func(m xmlstream.Marshaler) string {
		var buf bytes.Buffer
		w := xmlstream.NewWriter(&buf)
		if err := (stream.Header{NS: stanza.NSClient, Version: stream.Version}).WriteStart(w); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := m.WriteXML(w.Encoder()); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	full := jid.MustParse("a@example.net/bench")
	odd := jid.MustParse("a@example.net/b&<'\">é")
	set := stanza.IQ{ID: "ab802379007eb0f9", Type: stanza.SetIQ}
	result := stanza.IQ{ID: "ab802379007eb0f9", Type: stanza.ResultIQ}
	tests := []struct {
		m   xmlstream.Marshaler
		raw bool
	}{
		{saslMessage{name: "auth", mechanism: "PLAIN", data: []byte("\x00a\x00password"), present: true}, true},
		{saslMessage{name: "auth", mechanism: "SCRAM-SHA-256", data: bytes.Repeat([]byte{0xfb}, 200), present: true}, true},
		{saslMessage{name: "auth", mechanism: "EXTERNAL", present: true}, true},
		{saslMessage{name: "success"}, true},
		{saslMessage{name: "success", data: []byte("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="), present: true}, true},
		{saslMessage{name: "response", data: []byte{}, present: true}, true},
		{saslMessage{name: "auth", mechanism: "X\"Y"}, false},
		{bindRequest{iq: set, resource: "bench"}, true},
		{bindRequest{iq: set}, false},
		{bindRequest{iq: set, resource: "a<b"}, false},
		{bindRequest{iq: stanza.IQ{ID: `a"b`, Type: stanza.SetIQ}, resource: "bench"}, false},
		{bindRequest{iq: stanza.IQ{ID: "x", Type: stanza.SetIQ, To: jid.MustParse("example.net")}, resource: "r"}, false},
		{bindResult{iq: result, jid: full}, true},
		{bindResult{iq: result, jid: odd}, false},
		{bindResult{iq: stanza.IQ{ID: "a>b", Type: stanza.ResultIQ}, jid: full}, false},
	}
	offer := func(mechanisms ...string) xmlstream.Marshaler {
		return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			if err := w.Start(mechanismsName); err != nil {
				return err
			}
			for _, m := range mechanisms {
				if err := w.TextElement(xml.Name{Space: NSSASL, Local: "mechanism"}, m); err != nil {
					return err
				}
			}
			return w.End()
		})
	}
	for _, mechanisms := range [][]string{{"PLAIN"}, {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "PLAIN"}, {"A<B"}, {""}} {
		b, ok := appendMechanisms(nil, mechanisms)
		want := general(offer(mechanisms...))
		if ok != (len(mechanisms) != 1 || plainValue(mechanisms[0]) && mechanisms[0] != "") || ok && string(b) != want {
			t.Errorf("%q: appended %v %s, want %s", mechanisms, ok, b, want)
		}
	}
	if want := general(xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error { return w.EmptyElement(bindName) })); bindOffer != want {
		t.Errorf("bind offer %s, want %s", bindOffer, want)
	}
	for _, tc := range tests {
		var b []byte
		var ok bool
		switch m := tc.m.(type) {
		case saslMessage:
			b, ok = m.appendRaw(nil)
		case bindRequest:
			b, ok = appendBindIQ(nil, m.iq, "resource", m.resource)
		case bindResult:
			b, ok = appendBindIQ(nil, m.iq, "jid", m.jid.String())
		}
		want := general(tc.m)
		if ok != tc.raw {
			t.Errorf("%+v: appended in one go %v, want %v", tc.m, ok, tc.raw)
		}
		if ok && string(b) != want {
			t.Errorf("%+v:\n got %s\nwant %s", tc.m, b, want)
		}
	}
}
