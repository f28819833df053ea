package styling_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/styling"
)

// FuzzParse checks that Parse never panics, that its runs cover the body
// exactly, in order, within bounds, that it is deterministic, and that a
// body without any styling character is one plain run.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"*strong* _em_ ~strike~ `code`", "*strong*plain*", "***", "**bold**",
		"> quote\n>> deeper\n> ```\n> pre\nplain", "```\n*x*\n```\n_y_", "_*`a`*_",
		"*\u00a0*", "> \u2003x", "\n>\n", "\xff*\xfe_", "*a *b* c*", "`*`*`",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		spans := styling.Parse(body)
		at := 0
		for i, s := range spans {
			if s.Start != at || s.End <= s.Start || s.End > len(body) || s.Quote < 0 {
				t.Fatalf("%q: run %d %+v after offset %d", body, i, s, at)
			}
			if i > 0 && spans[i-1].Style == s.Style && spans[i-1].Quote == s.Quote {
				t.Fatalf("%q: runs %d and %d not merged: %+v", body, i-1, i, spans)
			}
			if s.Style&styling.Pre != 0 && s.Style&^(styling.Pre|styling.Directive) != 0 {
				t.Fatalf("%q: spans inside a preformatted block: %+v", body, s)
			}
			if s.Style&styling.Directive != 0 && s.Style&styling.Pre == 0 {
				if d := strings.Trim(body[s.Start:s.End], "*_~`>"); d != "" && s.Quote == 0 {
					t.Fatalf("%q: directive run %q holds text", body, body[s.Start:s.End])
				}
			}
			at = s.End
		}
		if at != len(body) {
			t.Fatalf("%q: runs end at %d of %d", body, at, len(body))
		}
		if again := styling.Parse(body); !slices.Equal(spans, again) {
			t.Fatalf("%q: %+v then %+v", body, spans, again)
		}
		if !strings.ContainsAny(body, "*_~`>") && len(spans) > 1 {
			t.Fatalf("%q: styled without directives: %+v", body, spans)
		}
	})
}
