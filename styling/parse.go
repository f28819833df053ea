package styling

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse splits body into runs covering it from the first byte to the last,
// in order, without gaps or overlaps; neighbouring runs differ in Style or
// Quote. An empty body gives no run. Parse never fails: text that does not
// follow the rules is plain. It takes time linear in the body's length (up
// to a logarithmic factor), never quadratic, whatever the input.
func Parse(body string) []Span {
	if body == "" {
		return nil
	}
	p := parser{body: body, out: make([]Span, 0, 16)}
	p.findClosers()
	lines := make([]line, 0, strings.Count(body, "\n")+1)
	for start := 0; ; {
		end := strings.IndexByte(body[start:], '\n')
		if end < 0 {
			lines = append(lines, line{start, len(body)})
			break
		}
		lines = append(lines, line{start, start + end})
		start += end + 1
	}
	p.blocks(lines, 0)
	return p.result()
}

// MaxQuote is the deepest quotation Parse nests: a line in a quotation
// that deep is plain text even if it begins with '>'. A peer's body cannot
// make Parse recurse without bound.
const MaxQuote = 100

// line is the content of one line of a block: body[start:end], after the
// quotation markers of the enclosing blocks. The line's new line, if it
// has one, is at end.
type line struct{ start, end int }

// parser holds the state of one Parse.
type parser struct {
	body string
	out  []Span
	// closers lists, for each span directive, the offsets where it may
	// close a span (not preceded by white space), in increasing order.
	closers [4][]int
}

// directives are the span directives, in the order of parser.closers.
const directives = "*_~`"

// spanStyle is the style of each directive.
var spanStyle = [4]Style{Strong, Emphasis, Strike, Code}

func (p *parser) emit(start, end int, s Style, quote int) {
	if start < end {
		p.out = append(p.out, Span{Start: start, End: end, Style: s, Quote: quote})
	}
}

// result sorts the runs (quotation markers are emitted before the lines
// they prefix are parsed) and merges neighbours that look the same.
func (p *parser) result() []Span {
	slices.SortFunc(p.out, func(a, b Span) int { return a.Start - b.Start })
	out := p.out[:0]
	for _, s := range p.out {
		if n := len(out); n > 0 && out[n-1].Style == s.Style && out[n-1].Quote == s.Quote {
			out[n-1].End = s.End
			continue
		}
		out = append(out, s)
	}
	return out
}

// blocks parses lines as the children of a block at quotation depth quote
// (§5.1): fenced preformatted blocks, quotations and plain lines. The new
// lines between its children are its own.
func (p *parser) blocks(lines []line, quote int) {
	for i := 0; i < len(lines); {
		text := p.body[lines[i].start:lines[i].end]
		n := 1
		switch {
		case strings.HasPrefix(text, "```"):
			n = p.preBlock(lines[i:], quote)
		case strings.HasPrefix(text, ">") && quote < MaxQuote:
			n = p.quotation(lines[i:], quote)
		default:
			p.spans(lines[i].start, lines[i].end, 0, 0, quote)
		}
		i += n
		if i < len(lines) {
			p.emit(lines[i-1].end, lines[i-1].end+1, 0, quote)
		}
	}
}

// preBlock parses the preformatted block opened by lines[0] (§5.1.2): it
// runs to a line holding only "```" or to the end of the parent block,
// and holds no spans. It returns the number of lines it took.
func (p *parser) preBlock(lines []line, quote int) int {
	p.emit(lines[0].start, lines[0].end, Pre|Directive, quote)
	for i := 1; i < len(lines); i++ {
		p.emit(lines[i-1].end, lines[i-1].end+1, Pre, quote)
		l := lines[i]
		if p.body[l.start:l.end] == "```" {
			p.emit(l.start, l.end, Pre|Directive, quote)
			return i + 1
		}
		p.emit(l.start, l.end, Pre, quote)
	}
	return len(lines)
}

// quotation parses the quotation that starts at lines[0] (§5.1.3): the
// lines beginning with '>', each with the marker and the first white space
// after it removed, parsed as blocks one level deeper. It returns the
// number of lines it took.
func (p *parser) quotation(lines []line, quote int) int {
	inner := make([]line, 0, len(lines))
	n := 0
	for ; n < len(lines) && strings.HasPrefix(p.body[lines[n].start:lines[n].end], ">"); n++ {
		l := lines[n]
		start := l.start + 1
		if r, size := utf8.DecodeRuneInString(p.body[start:l.end]); size > 0 && isSpace(r) {
			start += size
		}
		p.emit(l.start, start, Directive, quote+1)
		inner = append(inner, line{start, l.end})
	}
	p.blocks(inner, quote+1)
	return n
}

// isSpace reports whether r is white space as XEP-0393 §3 defines it: the
// Unicode White_Space property or category Z.
func isSpace(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Z, r) }
