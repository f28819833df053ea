package blocking_test

import (
	"testing"

	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/jid"
)

// BenchmarkMatches is one comparison of §5 matching, done for each list
// entry a stanza is checked against.
func BenchmarkMatches(b *testing.B) {
	item, addr := jid.MustParse("montague.net"), jid.MustParse("romeo@montague.net/orchard")
	b.ReportAllocs()
	for b.Loop() {
		if !blocking.Matches(item, addr) {
			b.Fatal("no match")
		}
	}
}
