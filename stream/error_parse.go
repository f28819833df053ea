package stream

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/xmlstream"
)

// errorName is the resolved name of <stream:error/>.
var errorName = xml.Name{Space: NS, Local: "error"}

// ParseError reads a received <stream:error/> element. It is lenient about
// content, as a receiver should be: the first condition and the first
// <text/> count, a missing condition reads as undefined-condition, unknown
// conditions are kept. It returns ErrUnexpectedElement for any other element.
func ParseError(el *xmlstream.Element) (Error, error) {
	if el.Name() != errorName {
		return Error{}, ErrUnexpectedElement
	}
	var e Error
	var haveCond, haveText, haveApp bool
	for c := range el.Children() {
		name := c.Name()
		switch {
		case name.Space == NSError && name.Local == "text":
			if !haveText {
				haveText, e.Text = true, c.Text()
				e.Lang, _ = c.AttrNS(nsXML, "lang")
			}
		case name.Space == NSError:
			if !haveCond {
				haveCond, e.Condition = true, name.Local
				if name.Local == SeeOtherHost.Condition {
					e.Host = c.Text()
				}
			}
		case name.Space == "" || name.Space == NS || supportedContentNS(name.Space):
			// Not an application-specific condition: those are qualified
			// by an application namespace (RFC 6120 §4.9.4).
		case !haveApp:
			a, err := appFromElement(c)
			if err != nil {
				return Error{}, err
			}
			haveApp, e.App = true, a
		}
	}
	if !haveCond {
		e.Condition = UndefinedCondition.Condition
	}
	return e, nil
}
