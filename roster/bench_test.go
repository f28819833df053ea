package roster_test

import (
	"testing"

	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkParse reads a roster push's query.
func BenchmarkParse(b *testing.B) {
	el := xmpptest.Element(b, `<query xmlns='jabber:iq:roster' ver='ver14'><item jid='nurse@example.com' name='Nurse' subscription='both'><group>Servants</group></item></query>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := roster.Parse(el); err != nil {
			b.Fatal(err)
		}
	}
}
