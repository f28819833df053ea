package mam_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkHandleForged measures what a result for no pending query costs
// the session's handler goroutine: parse, look up, refuse.
func BenchmarkHandleForged(b *testing.B) {
	el := xmpptest.Element(b, `<message xmlns='jabber:client' from='mallory@evil.example'><result xmlns='urn:xmpp:mam:2' queryid='q' id='i'>`+
		`<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>`+
		`<message xmlns='jabber:client' from='romeo@montague.lit/orchard' type='chat'><body>Hail to thee</body></message></forwarded></result></message>`)
	hdr, err := stanza.ParseHeader(el)
	if err != nil {
		b.Fatal(err)
	}
	st := &xmpp.Stanza{Header: hdr, Element: el}
	h := &mam.Handler{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := h.HandleXMPP(ctx, nil, st); err == nil {
			b.Fatal("accepted")
		}
	}
}
