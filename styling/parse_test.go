package styling_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/styling"
	"github.com/canto-im/xmpp/xmpptest"
)

// render writes body with each run as text{style} (plain runs bare), a
// quotation depth as a leading q<depth>: form, so a table reads like the
// specification's prose.
func render(body string) string {
	var b strings.Builder
	for _, s := range styling.Parse(body) {
		text := body[s.Start:s.End]
		switch {
		case s.Style == 0 && s.Quote == 0:
			b.WriteString(text)
		case s.Quote == 0:
			fmt.Fprintf(&b, "[%s]{%s}", text, s.Style)
		default:
			fmt.Fprintf(&b, "[%s]{q%d:%s}", text, s.Quote, s.Style)
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"", ""},
		// §5.2: the spans styled as indicated.
		{"plain span", "plain span"},
		{"*strong span*", "[*]{strong|directive}[strong span]{strong}[*]{strong|directive}"},
		{"plain _emphasis_ plain", "plain [_]{emphasis|directive}[emphasis]{emphasis}[_]{emphasis|directive} plain"},
		{"`pre` plain *strong*", "[`]{code|directive}[pre]{code}[`]{code|directive} plain [*]{strong|directive}[strong]{strong}[*]{strong|directive}"},
		{"*strong*plain*", "[*]{strong|directive}[strong]{strong}[*]{strong|directive}plain*"},
		{"* plain *strong*", "* plain [*]{strong|directive}[strong]{strong}[*]{strong|directive}"},
		// §5.2: nothing styled.
		{"not strong*", "not strong*"},
		{"*not strong", "*not strong"},
		{"*not \n strong*", "*not \n strong*"},
		{"*not *strong", "*not *strong"},
		{"**", "**"},
		{"***", "***"},
		{"****", "****"},
		// §5.2.1 – §5.2.4.
		{"Two spans, both *alike in dignity*", "Two spans, both [*]{strong|directive}[alike in dignity]{strong}[*]{strong|directive}"},
		{"Everyone ~dis~likes cake.", "Everyone [~]{strike|directive}[dis]{strike}[~]{strike|directive}likes cake."},
		{"This is `*monospace*`", "This is [`]{code|directive}[*monospace*]{code}[`]{code|directive}"},
		{"This is *`monospace and bold`*", "This is [*]{strong|directive}[`]{strong|code|directive}[monospace and bold]{strong|code}[`]{strong|code|directive}[*]{strong|directive}"},
		{"_*both*_", "[_]{emphasis|directive}[*]{strong|emphasis|directive}[both]{strong|emphasis}[*]{strong|emphasis|directive}[_]{emphasis|directive}"},
		// The opening directive of a nested span of the same kind is not
		// "a different opening directive".
		{"**bold**", "[*]{strong|directive}[*bold]{strong}[*]{strong|directive}*"},
		{"a*b*", "a*b*"},
		{"*a* *b*", "[*]{strong|directive}[a]{strong}[*]{strong|directive} [*]{strong|directive}[b]{strong}[*]{strong|directive}"},
		{"*a*_b_", "[*]{strong|directive}[a]{strong}[*]{strong|directive}_b_"},
		{"*a *", "*a *"},
		{"\u00a0*a*", "\u00a0[*]{strong|directive}[a]{strong}[*]{strong|directive}"},
		{"*\u2003a*", "*\u2003a*"},
		// §5.1.1: spans do not escape their line.
		{"There are three blocks in this body, one per line,\nbut there is no *formatting\nas spans* may not escape blocks.",
			"There are three blocks in this body, one per line,\nbut there is no *formatting\nas spans* may not escape blocks."},
		// §5.1.2.
		{"```ignored\n(println \"Hello, world!\")\n```\nThis should show up as monospace, preformatted text ⤴",
			"[```ignored]{pre|directive}[\n(println \"Hello, world!\")\n]{pre}[```]{pre|directive}\nThis should show up as monospace, preformatted text ⤴"},
		{"```\n*not strong*", "[```]{pre|directive}[\n*not strong*]{pre}"},
		{"```\n``` \nstill pre", "[```]{pre|directive}[\n``` \nstill pre]{pre}"},
		{"> ```\n> (println \"Hello, world!\")\nThe entire blockquote is a preformatted text block, but this line\nis plaintext!",
			"[> ]{q1:directive}[```]{q1:pre|directive}[\n]{q1:pre}[> ]{q1:directive}[(println \"Hello, world!\")]{q1:pre}\nThe entire blockquote is a preformatted text block, but this line\nis plaintext!"},
		// §5.1.3.
		{"> That that is, is.\nSaid the old hermit of Prague.", "[> ]{q1:directive}[That that is, is.]{q1:plain}\nSaid the old hermit of Prague."},
		{">> That that is, is.\n> Said the old hermit of Prague.\nWho?",
			"[>]{q1:directive}[> ]{q2:directive}[That that is, is.]{q2:plain}[\n]{q1:plain}[> ]{q1:directive}[Said the old hermit of Prague.]{q1:plain}\nWho?"},
		{">  *two* spaces", "[> ]{q1:directive}[ ]{q1:plain}[*]{q1:strong|directive}[two]{q1:strong}[*]{q1:strong|directive}[ spaces]{q1:plain}"},
		{">*a*", "[>]{q1:directive}[*]{q1:strong|directive}[a]{q1:strong}[*]{q1:strong|directive}"},
		{"> _ <", "[> ]{q1:directive}[_ <]{q1:plain}"},
		{"a\n", "a\n"},
		{"\n\n", "\n\n"},
		{">", "[>]{q1:directive}"},
		{"`a`b`", "[`]{code|directive}[a]{code}[`]{code|directive}b`"},
		{"\xff*a*", "\xff*a*"},
	} {
		if got := render(tc.body); got != tc.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tc.body, got, tc.want)
		}
	}
}

func TestMaxQuote(t *testing.T) {
	body := strings.Repeat(">", styling.MaxQuote+2) + "x"
	spans := styling.Parse(body)
	last := spans[len(spans)-1]
	if last.Quote != styling.MaxQuote || body[last.Start:last.End] != ">>x" || last.Style != 0 {
		t.Errorf("deepest run %+v %q", last, body[last.Start:last.End])
	}
}

func TestDisabled(t *testing.T) {
	for _, tc := range []struct {
		xml  string
		want bool
	}{
		{`<message xmlns='jabber:client'><body>&gt; _ &lt;</body><unstyled xmlns='urn:xmpp:styling:0'/></message>`, true},
		{`<message xmlns='jabber:client'><unstyled xmlns='urn:xmpp:styling:0'>x</unstyled></message>`, true},
		{`<message xmlns='jabber:client'><body>*a*</body></message>`, false},
		{`<message xmlns='jabber:client'><unstyled xmlns='urn:xmpp:styling:1'/></message>`, false},
		{`<message xmlns='jabber:client'><x xmlns='urn:x'><unstyled xmlns='urn:xmpp:styling:0'/></x></message>`, false},
	} {
		if got := styling.Disabled(xmpptest.Element(t, tc.xml)); got != tc.want {
			t.Errorf("Disabled(%s) = %v", tc.xml, got)
		}
	}
}
