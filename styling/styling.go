package styling

import (
	"encoding/xml"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0393; Feature, the disco feature of a client
// that styles (§4; the registry's spelling, not the stray "urn::" of the
// section's text).
const (
	NS      = "urn:xmpp:styling:0"
	Feature = NS
)

// UnstyledName is the <unstyled/> hint of §5.3.
var UnstyledName = xml.Name{Space: NS, Local: "unstyled"}

// Unstyled is the <unstyled xmlns='urn:xmpp:styling:0'/> a sender adds to
// a message whose body must not be styled, such as "> _ <".
var Unstyled = xmlstream.EmptyElement{Name: UnstyledName}

// Disabled reports whether the message el asks not to be styled: it has an
// <unstyled/> child (§5.3).
func Disabled(el *xmlstream.Element) bool {
	_, ok := el.Child(NS, "unstyled")
	return ok
}

// Style is a set of styles applying to a run of text.
type Style uint8

// The styles. A run inside a quotation has its depth in Span.Quote instead.
const (
	Strong    Style = 1 << iota // *text* (§5.2.2): bold
	Emphasis                    // _text_ (§5.2.1): italics
	Strike                      // ~text~ (§5.2.3): a line through it
	Code                        // `text` (§5.2.4): an inline preformatted span, monospace
	Pre                         // a ``` block (§5.1.2): monospace, shown as written
	Directive                   // the run is markup: a directive, a quotation's '>', a fence line
)

var styleNames = [...]string{"strong", "emphasis", "strike", "code", "pre", "directive"}

// String returns the names of the styles in s joined by "|", or "plain".
func (s Style) String() string {
	if s == 0 {
		return "plain"
	}
	var b strings.Builder
	for i, name := range styleNames {
		if s&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteByte('|')
			}
			b.WriteString(name)
		}
	}
	return b.String()
}

// Span is a run of a body: the bytes body[Start:End], all with the same
// Style, inside Quote nested quotations (0 outside any).
type Span struct {
	Start, End int
	Style      Style
	Quote      int
}
