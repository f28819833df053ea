package websocket

import (
	"strings"
	"testing"
)

func TestSplitter(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"one element", []string{`<a/>`}, []string{`<a/>`}},
		{"two in one write", []string{`<a x='1'/><b>t</b>`}, []string{`<a x='1'/>`, `<b>t</b>`}},
		{"split across writes", []string{`<message to="a">`, `<body>hi</bo`, `dy></message>`}, []string{`<message to="a"><body>hi</body></message>`}},
		{"whitespace between dropped", []string{" <a/>\n ", " <b/>"}, []string{`<a/>`, `<b/>`}},
		{"quotes hide markup", []string{`<a v="/>"><c x='>'/></a>`}, []string{`<a v="/>"><c x='>'/></a>`}},
		{"nested empty", []string{`<iq><ping xmlns='urn:xmpp:ping'/></iq><x/>`}, []string{`<iq><ping xmlns='urn:xmpp:ping'/></iq>`, `<x/>`}},
		{"byte by byte", strings.Split(`<a><b/></a>`, ""), []string{`<a><b/></a>`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s splitter
			var got []string
			for _, c := range tc.chunks {
				for _, m := range s.feed([]byte(c)) {
					got = append(got, string(m))
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
