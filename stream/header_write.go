package stream

import (
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
// The usual opening, up to the stream namespace, goes in one piece, and
// the usual values (the namespaces, version 1.0, English) as they are:
// they are known to need no escaping, and comparing them is cheaper than
// checking them again in every header.
func (h *Header) appendStart(b []byte) ([]byte, error) {
	const streamNS = " xmlns:stream='" + NS + "'"
	switch h.NS {
	case nsClient:
		b = append(b, xmlDecl+"<stream:stream xmlns='"+nsClient+"'"+streamNS...)
	case nsServer:
		b = append(b, xmlDecl+"<stream:stream xmlns='"+nsServer+"'"+streamNS...)
	default:
		b = append(b, xmlDecl+"<stream:stream"...)
		var ok bool
		if b, ok = appendAttr(b, " xmlns='", h.NS); !ok {
			return nil, ErrInvalidValue
		}
		b = append(b, streamNS...)
	}
	b, okTo := appendAttr(b, " to='", h.To.String())
	b, okFrom := appendAttr(b, " from='", h.From.String())
	b, okID := appendAttr(b, " id='", h.ID)
	if h.Version == Version {
		b = append(b, " version='"+Version+"'"...)
	} else {
		var ok bool
		if b, ok = appendAttr(b, " version='", h.Version); !ok {
			return nil, ErrInvalidValue
		}
	}
	if h.Lang == "en" {
		b = append(b, " xml:lang='en'"...)
	} else {
		var ok bool
		if b, ok = appendAttr(b, " xml:lang='", h.Lang); !ok {
			return nil, ErrInvalidValue
		}
	}
	if !okTo || !okFrom || !okID {
		return nil, ErrInvalidValue
	}
	return append(b, '>'), nil
}

// appendAttr appends the attribute that opening (" name='") starts, with
// value escaped, unless value is empty. It reports false if value holds
// what XML cannot carry.
func appendAttr(b []byte, opening, value string) ([]byte, bool) {
	if value == "" {
		return b, true
	}
	b = append(b, opening...)
	b, ok := appendEscaped(b, value)
	return append(b, '\''), ok
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
