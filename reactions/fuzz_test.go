package reactions_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/reactions"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics, keeps only valid distinct
// reactions, and that what it accepts survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<reactions id='744f6e18' xmlns='urn:xmpp:reactions:0'><reaction>👋</reaction><reaction>🐢</reaction></reactions>`,
		`<reactions id='x' xmlns='urn:xmpp:reactions:0'/>`,
		`<reactions id='x' xmlns='urn:xmpp:reactions:0'><reaction>👩🏻‍❤️‍💋‍👨🏼</reaction><reaction>1️⃣</reaction><reaction>🇫🇷</reaction><reaction>x</reaction></reactions>`,
		`<reactions xmlns='urn:xmpp:reactions:0'><reaction>👍</reaction></reactions>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := reactions.Parse(el)
		if err != nil {
			return
		}
		back, err := reactions.Parse(xmpptest.Element(t, xmpptest.Marshal(t, got)))
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, back, err)
		}
	})
}

// FuzzValid checks that Valid never panics and accepts nothing longer
// than MaxEmojiBytes.
func FuzzValid(f *testing.F) {
	for _, s := range []string{"👋", "🏳️‍🌈", "1️⃣", "🏴\U000E0067\U000E007F", "a", "🇫"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if reactions.Valid(s) && len(s) > reactions.MaxEmojiBytes {
			t.Fatalf("%q accepted", s)
		}
	})
}
