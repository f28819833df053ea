package presence_test

import (
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkParse reads a typical presence with show, status and priority.
func BenchmarkParse(b *testing.B) {
	el := xmpptest.ElementIn(b, "jabber:client", `<presence from='romeo@example.net/orchard' xml:lang='en'><show>away</show><status>at lunch</status><priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := presence.Parse(el); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrackerUpdate updates one of a contact's resources again and
// again, as a chatty client's presence does.
func BenchmarkTrackerUpdate(b *testing.B) {
	var tr presence.Tracker
	p := presence.Presence{Show: presence.Away, Priority: 1}
	p.Header.From = jid.MustParse("romeo@example.net/orchard")
	other := p
	other.Header.From = jid.MustParse("romeo@example.net/phone")
	tr.Update(other)
	b.ReportAllocs()
	for b.Loop() {
		tr.Update(p)
	}
}
