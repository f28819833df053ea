package styling

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// findClosers lists the offsets where each span directive may close a span:
// those not preceded by white space (§5.2). Where a span closes depends
// only on these and on where it opens, so each match is a binary search.
func (p *parser) findClosers() {
	for j := 1; j < len(p.body); j++ {
		d := strings.IndexByte(directives, p.body[j])
		if d < 0 {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(p.body[:j]); !isSpace(r) {
			p.closers[d] = append(p.closers[d], j)
		}
	}
}

// spans parses body[start:end], the inside of a plain line or of a span
// opened by the directive parent (0 for a line), as spans of style s
// (§5.2), emitting what is not styled further as plain text of style s.
func (p *parser) spans(start, end int, parent byte, s Style, quote int) {
	text := start
	for i := start; i < end; i++ {
		d := strings.IndexByte(directives, p.body[i])
		if d < 0 || !p.canOpen(i, start, end, parent) {
			continue
		}
		j := p.closer(d, i, end)
		if j < 0 {
			continue
		}
		p.emit(text, i, s, quote)
		inner := s | spanStyle[d]
		p.emit(i, i+1, inner|Directive, quote)
		if directives[d] == '`' {
			p.emit(i+1, j, inner, quote) // a code span holds only plain text
		} else {
			p.spans(i+1, j, directives[d], inner, quote)
		}
		p.emit(j, j+1, inner|Directive, quote)
		i, text = j, j+1
	}
	p.emit(text, end, s, quote)
}

// canOpen reports whether the directive at i, inside body[start:end], may
// open a span: it stands at the start of its block, right after white space
// or right after a different opening directive (the start of the enclosing
// span), and is followed by something other than white space.
func (p *parser) canOpen(i, start, end int, parent byte) bool {
	if i+1 >= end {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(p.body[i+1 : end]); isSpace(r) {
		return false
	}
	if i == start {
		return parent != p.body[i]
	}
	r, _ := utf8.DecodeLastRuneInString(p.body[start:i])
	return isSpace(r)
}

// closer returns the offset of the directive closing the span that
// directive d opens at i, before end, or -1: the first closing directive
// after some text other than the directive character itself (so "**" and
// "***" style nothing).
func (p *parser) closer(d, i, end int) int {
	c := directives[d]
	k := i + 1
	for k < end && p.body[k] == c {
		k++
	}
	if k >= end {
		return -1
	}
	cl := p.closers[d]
	n := sort.SearchInts(cl, k+1)
	if n < len(cl) && cl[n] < end {
		return cl[n]
	}
	return -1
}
