package carbons_test

import (
	"testing"

	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkParse reads a carbon and the copied message's header, what the
// Handler does for each carbon before checking it.
func BenchmarkParse(b *testing.B) {
	el := xmpptest.Element(b, `<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>`+inner+`</forwarded></received>`)
	b.ReportAllocs()
	for b.Loop() {
		c, err := carbons.Parse(el)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Forwarded.Header(); err != nil {
			b.Fatal(err)
		}
	}
}
