package jid

import (
	"strings"
	"testing"
)

// The examples of XEP-0106 §5 and §6.
var escapeTests = []struct{ raw, escaped string }{
	{"space cadet", `space\20cadet`},
	{`call me "ishmael"`, `call\20me\20\22ishmael\22`},
	{"at&t guy", `at\26t\20guy`},
	{"d'artagnan", `d\27artagnan`},
	{"/.fanboy", `\2f.fanboy`},
	{"::foo::", `\3a\3afoo\3a\3a`},
	{"<foo>", `\3cfoo\3e`},
	{"user@host", `user\40host`},
	{`c:\net`, `c\3a\net`},
	{`c:\\net`, `c\3a\\net`},
	{`c:\cool stuff`, `c\3a\cool\20stuff`},
	{`c:\5commas`, `c\3a\5c5commas`},
	{"here's_a_wild_&_/cr%zy/_address", `here\27s_a_wild_\26_\2fcr%zy\2f_address`},
	{`here's_a_wild_&_/cr%zy/_address_for:<wv>("IMPS")`, `here\27s_a_wild_\26_\2fcr%zy\2f_address_for\3a\3cwv\3e(\22IMPS\22)`},
	{`\3and\2is\5cool`, `\5c3and\2is\5c5cool`},
	{"plain", "plain"},
	{"", ""},
	{"ünïcode", "ünïcode"},
	{`trailing\`, `trailing\`},
	{`\20`, `\5c20`},
}

func TestEscape(t *testing.T) {
	for _, tc := range escapeTests {
		if got := Escape(tc.raw); got != tc.escaped {
			t.Errorf("Escape(%q) = %q, want %q", tc.raw, got, tc.escaped)
		}
		if got := Unescape(tc.escaped); got != tc.raw {
			t.Errorf("Unescape(%q) = %q, want %q", tc.escaped, got, tc.raw)
		}
		if tc.escaped == "" {
			continue
		}
		if _, err := New(tc.escaped, "example.com", ""); err != nil {
			t.Errorf("escaped localpart %q is not valid: %v", tc.escaped, err)
		}
	}
}

func TestEscapeTrimsSpaces(t *testing.T) {
	if got := Escape("  space cadet "); got != `space\20cadet` {
		t.Errorf(`Escape("  space cadet ") = %q`, got)
	}
}

// XEP-0106 §6: sequences that are not on the list are left alone, and case
// is significant.
func TestUnescapeLeavesOtherSequences(t *testing.T) {
	for _, s := range []string{`\2plus\2is\4`, `foo\bar`, `foob\41r`, `a\2F`, `a\5C`, `\`, `\2`, `\zz`} {
		if got := Unescape(s); got != s {
			t.Errorf("Unescape(%q) = %q, want it unchanged", s, got)
		}
		if got := Escape(s); got != s {
			t.Errorf("Escape(%q) = %q, want it unchanged", s, got)
		}
	}
}

// FuzzEscape checks that Unescape undoes Escape and that Escape leaves no
// character a localpart forbids.
func FuzzEscape(f *testing.F) {
	for _, tc := range escapeTests {
		f.Add(tc.raw)
		f.Add(tc.escaped)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		if got, want := Unescape(e), strings.Trim(s, " "); got != want {
			t.Fatalf("Unescape(Escape(%q)) = %q, want %q", s, got, want)
		}
		if strings.ContainsAny(e, forbiddenLocal+" ") {
			t.Fatalf("Escape(%q) = %q still holds a forbidden character", s, e)
		}
		_ = Unescape(s) // must not panic on arbitrary input
	})
}
