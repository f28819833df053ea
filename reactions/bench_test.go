package reactions_test

import (
	"testing"

	"github.com/canto-im/xmpp/reactions"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkParse is the cost of reading a received <reactions/> with a few
// emoji, each checked against the UTS #51 grammar.
func BenchmarkParse(b *testing.B) {
	el, err := xmpptest.ReadElement("", `<reactions xmlns='urn:xmpp:reactions:0' id='744f6e18-a57a-11e9-a656-4889e7820c76'>`+
		`<reaction>👋</reaction><reaction>👍🏽</reaction><reaction>🏳️‍🌈</reaction><reaction>🇫🇷</reaction></reactions>`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r, err := reactions.Parse(el); err != nil || len(r.Emoji) != 4 {
			b.Fatal(r, err)
		}
	}
}
