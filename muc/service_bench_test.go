package muc_test

import (
	"fmt"
	"testing"

	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkServiceGroupchat50 measures groupchat through a room of 50
// occupants: each message is reflected 50 times over the component
// session.
func BenchmarkServiceGroupchat50(b *testing.B) {
	const occupants = 50
	h := newSvcHarness(b, muc.ServiceConfig{})
	h.create(alice, "bench", "al")
	for i := 1; i < occupants; i++ {
		h.join(fmt.Sprintf("u%d@localhost/r", i), "bench", fmt.Sprintf("u%d", i), "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>")
	}
	h.clear()
	msg := xmpptest.ElementIn(b, stanza.NSComponent, `<message type='groupchat' from='`+alice+`' to='bench@conference.localhost'><body>Hello, everyone in the room!</body></message>`)
	elapsed := h.benchGroupchat(b, []*xmlstream.Element{msg}, occupants)
	want := int64(b.N) * occupants
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(want)/elapsed.Seconds(), "deliveries/s")
}
