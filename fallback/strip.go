package fallback

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/canto-im/xmpp/xmlstream"
)

// For returns the <fallback/> elements of the message msg that stand in
// for the extension ns (their 'for' is ns), in document order. Elements
// that do not parse are skipped: a broken fallback marker only means the
// text is shown whole.
func For(msg *xmlstream.Element, ns string) []Fallback {
	var out []Fallback
	for c := range msg.Children() {
		if c.Name() != Name || c.Attr("for") != ns {
			continue
		}
		if f, err := Parse(c); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// BodyRegions returns the regions of the body that fs mark as fallback:
// the whole body for a <fallback/> without children.
func BodyRegions(fs []Fallback) []Region {
	var out []Region
	for _, f := range fs {
		if len(f.Bodies) == 0 && len(f.Subjects) == 0 {
			return []Region{{}}
		}
		out = append(out, f.Bodies...)
	}
	return out
}

// Strip returns text without the regions rs (code points, XEP-0426).
// A whole-element region empties it. A region reaching past the end of
// text is ignored, and so are they all if any overlaps another: such
// markers do not describe this text, and hiding text on a guess could
// hide what the sender wrote.
func Strip(text string, rs []Region) string {
	if len(rs) == 0 {
		return text
	}
	for _, r := range rs {
		if r.Whole() {
			return ""
		}
	}
	n := utf8.RuneCountInString(text)
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b Region) int { return a.Start - b.Start })
	prev := 0
	for _, r := range sorted {
		if r.Start < prev || r.End > n || r.End <= r.Start {
			return text
		}
		prev = r.End
	}
	var b strings.Builder
	b.Grow(len(text))
	i, k := 0, 0 // code point index, region index
	for _, c := range text {
		for k < len(sorted) && i >= sorted[k].End {
			k++
		}
		if k >= len(sorted) || i < sorted[k].Start {
			b.WriteRune(c)
		}
		i++
	}
	return b.String()
}
