package server

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// BenchmarkFitsClients measures the size check every routed stanza pays.
func BenchmarkFitsClients(b *testing.B) {
	for _, size := range []int{100, 10 << 10} {
		raw := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" +
			"<message to='bob@example.test' type='chat' id='m1'><body>" + strings.Repeat("x", size) + "</body></message>"
		d := xmlstream.NewDecoder(strings.NewReader(raw), xmlstream.Limits{})
		if _, err := d.ReadStart(); err != nil {
			b.Fatal(err)
		}
		var el xmlstream.Element
		if err := d.ReadElement(&el); err != nil {
			b.Fatal(err)
		}
		m := stamped{el: &el, from: jid.MustParse("alice@example.test/phone")}
		b.Run(map[int]string{100: "100B", 10 << 10: "10KiB"}[size], func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for b.Loop() {
				if !fitsClients(m, clientMaxElementBytes) {
					b.Fatal("does not fit")
				}
			}
		})
	}
}
