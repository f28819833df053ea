package fallback_test

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/canto-im/xmpp/fallback"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='33'/></fallback>`,
		`<fallback xmlns='urn:xmpp:fallback:0'/>`,
		`<fallback xmlns='urn:xmpp:fallback:0'><subject/><body start='1' end='2'/><x xmlns='y'/></fallback>`,
		`<fallback xmlns='urn:xmpp:fallback:0'><body start='1'/></fallback>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := fallback.Parse(el)
		if err != nil {
			return
		}
		back, err := fallback.Parse(xmpptest.Element(t, xmpptest.Marshal(t, got)))
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, back, err)
		}
	})
}

// FuzzStrip checks that Strip never panics and never returns more than it
// was given.
func FuzzStrip(f *testing.F) {
	f.Add("> a\nb", 0, 4, 2, 3)
	f.Add("💘💘", 1, 2, 0, 1)
	f.Fuzz(func(t *testing.T, s string, a, b, c, d int) {
		if !utf8.ValidString(s) {
			return
		}
		got := fallback.Strip(s, []fallback.Region{{Start: a, End: b}, {Start: c, End: d}})
		if utf8.RuneCountInString(got) > utf8.RuneCountInString(s) {
			t.Fatalf("Strip(%q) = %q grew", s, got)
		}
	})
}
