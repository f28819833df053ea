package stream

import (
	"strings"
	"unicode/utf8"

	"github.com/canto-im/xmpp/xmlstream"
)

// xmlDecl starts every header written, so that the peer knows the encoding.
const xmlDecl = "<?xml version='1.0'?>"

// WriteStart writes the XML declaration and the stream header h, left open
// (RFC 6120 §4.7): `<?xml version='1.0'?><stream:stream xmlns='...'
// xmlns:stream='http://etherx.jabber.org/streams' ...>`. Empty fields are
// left out. It also tells w what the header declares: the content namespace
// as default and the stream: prefix, so that stanzas, features and errors
// written afterwards need no declarations. Nothing is written if a value
// holds a character XML cannot carry (ErrInvalidValue).
func (h Header) WriteStart(w *xmlstream.Writer) error {
	b, err := h.appendStart(make([]byte, 0, 256))
	if err != nil {
		return err
	}
	if err := w.WriteRaw(b); err != nil {
		return err
	}
	w.SetDefaultNS(h.NS)
	return w.BindPrefix("stream", NS)
}

// appendStart appends the XML declaration and the stream start tag to b.
func (h *Header) appendStart(b []byte) ([]byte, error) {
	b = append(b, xmlDecl+"<stream:stream"...)
	attrs := [...]struct{ name, value string }{
		{"xmlns", h.NS},
		{"xmlns:stream", NS},
		{"to", h.To.String()},
		{"from", h.From.String()},
		{"id", h.ID},
		{"version", h.Version},
		{"xml:lang", h.Lang},
	}
	for _, a := range attrs {
		if a.value == "" {
			continue
		}
		b = append(b, ' ')
		b = append(b, a.name...)
		b = append(b, "='"...)
		if usualValue(a.value) {
			b = append(b, a.value...)
		} else {
			var ok bool
			if b, ok = appendEscaped(b, a.value); !ok {
				return nil, ErrInvalidValue
			}
		}
		b = append(b, '\'')
	}
	return append(b, '>'), nil
}

// usualValue reports whether v is one of the values most headers carry
// (the namespaces, the version, English), known to need no escaping: a
// comparison is cheaper than checking them again in every header.
func usualValue(v string) bool {
	switch v {
	case NS, nsClient, nsServer, nsComponent, Version, "en":
		return true
	}
	return false
}

// appendEscaped appends s escaped for a single-quoted attribute value. It
// reports false if s is not valid UTF-8 or holds a character outside XML's
// Char production.
func appendEscaped(b []byte, s string) ([]byte, bool) {
	if plainASCII(s) {
		// What headers hold (domains, ids, versions, language tags,
		// namespaces) almost always: no rune to decode or check.
		return append(b, s...), true
	}
	if !utf8.ValidString(s) {
		return b, false
	}
	for _, r := range s {
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '\'':
			b = append(b, "&apos;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\t' || r == '\n' || r == '\r':
			// Escaped so that attribute-value normalisation keeps them.
			b = append(b, "&#x"...)
			b = append(b, "0123456789ABCDEF"[r])
			b = append(b, ';')
		case !isChar(r):
			return b, false
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b, true
}

// plainASCII reports whether s is printable ASCII that an attribute value
// in single quotes carries as is. The header writer also escapes '>', and
// leaves DEL to the careful path.
func plainASCII(s string) bool {
	return xmlstream.PlainAttrValue(s) && strings.IndexByte(s, '>') < 0 && strings.IndexByte(s, 0x7F) < 0
}

// isChar reports whether r is in XML 1.0's Char production (tab, newline
// and carriage return are handled by the caller).
func isChar(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}
