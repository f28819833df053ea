package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// errorBuilder gathers the parts of an <error/> element as they are read,
// so that the token-layer and encoding/xml decoders agree.
type errorBuilder struct {
	e                           Error
	haveCond, haveText, haveApp bool
}

// attrs records the type and by attributes; an invalid by is ignored, since
// it only says who generated the error.
func (b *errorBuilder) attrs(typ, by string) {
	b.e.Type = ErrorType(typ)
	if by != "" {
		b.e.By, _ = jid.Parse(by)
	}
}

// defined records a child qualified by NSError: the first <text/> and the
// first condition count, the rest are ignored.
func (b *errorBuilder) defined(local, lang, text string) {
	if local == "text" {
		if !b.haveText {
			b.haveText, b.e.Text, b.e.Lang = true, text, lang
		}
		return
	}
	if b.haveCond {
		return
	}
	b.haveCond, b.e.Condition = true, Condition(local)
	if b.e.Condition.carriesURI() {
		b.e.URI = text
	}
}

// wantApp reports whether the next child outside NSError is still wanted.
func (b *errorBuilder) wantApp() bool { return !b.haveApp }

func (b *errorBuilder) app(a AppCondition) { b.haveApp, b.e.App = true, a }

// result returns the error; an error element without a condition is taken
// as undefined-condition, since RFC 6120 §8.3.2 requires one.
func (b *errorBuilder) result() Error {
	if !b.haveCond {
		b.e.Condition = UndefinedCondition
	}
	return b.e
}

// isErrorName reports whether name is that of a stanza's <error/> child.
func isErrorName(name xml.Name) bool {
	return name.Local == "error" && (name.Space == "" || IsContentNS(name.Space))
}

// ParseError reads a stanza error from el, which is either the <error/>
// element or a stanza that holds one. It is lenient about content, as a
// receiver should be: a missing condition reads as UndefinedCondition, an
// invalid by attribute is ignored, unknown types and conditions are kept.
// It returns ErrNotError when there is no error element.
func ParseError(el *xmlstream.Element) (Error, error) {
	if _, ok := KindOf(el.Name()); ok {
		c, found := el.Child(el.Name().Space, "error")
		if !found {
			return Error{}, ErrNotError
		}
		el = c
	} else if !isErrorName(el.Name()) {
		return Error{}, ErrNotError
	}
	var b errorBuilder
	b.attrs(el.Attr("type"), el.Attr("by"))
	for c := range el.Children() {
		name := c.Name()
		if name.Space == NSError {
			lang, _ := c.AttrNS(nsXML, "lang")
			b.defined(name.Local, lang, c.Text())
			continue
		}
		if !b.wantApp() || !isAppNS(name.Space) {
			continue
		}
		a, err := appFromElement(c)
		if err != nil {
			return Error{}, err
		}
		b.app(a)
	}
	return b.result(), nil
}

// isAppNS reports whether a child of <error/> in namespace ns can be an
// application-specific condition: those are qualified by an application
// namespace (RFC 6120 §8.3.4), not none and not the stanza's own.
func isAppNS(ns string) bool { return ns != "" && !IsContentNS(ns) }
