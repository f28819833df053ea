package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Header is what every stanza carries in its start tag (RFC 6120 §8.1):
// its kind and namespace and the common attributes. Type is the raw type
// attribute ("" when absent); [Header.IQType], [Header.MessageType] and
// [Header.PresenceType] give it typed.
type Header struct {
	Kind     Kind
	NS       string // namespace of the element, e.g. NSClient
	ID       string
	To, From jid.JID
	Lang     string
	Type     string
}

// ParseHeader reads the header of a received stanza without encoding/xml,
// allocating nothing beyond what jid.Parse needs.
//
// An element that is not a stanza gives ErrNotStanza. A stanza whose header
// is unacceptable gives a *[Error] to send back, with the fields read so far
// in the Header so that a reply can be addressed:
//   - a to or from attribute that is empty or not a valid JID: modify/jid-malformed;
//   - a type not defined for the kind, an IQ without type or id: modify/bad-request.
func ParseHeader(e *xmlstream.Element) (Header, error) {
	return parseHeader(e, nil)
}

func parseHeader(e *xmlstream.Element, last *Addrs) (Header, error) {
	name := e.Name()
	k, ok := KindOf(name)
	if !ok {
		return Header{}, ErrNotStanza
	}
	h := Header{Kind: k, NS: name.Space}
	// One pass over the attributes, rather than one lookup per field,
	// each a scan of them all (a tenth of the header's cost on an IQ round
	// trip). The first of duplicate attributes wins, as with AttrNS.
	var buf [8]xml.Attr
	var to, from string
	var seen uint8
	for _, a := range e.AppendAttrs(buf[:0]) {
		var bit uint8
		var dst *string
		switch {
		case a.Name.Space == nsXML && a.Name.Local == "lang":
			bit, dst = seenLang, &h.Lang
		case a.Name.Space != "":
		case a.Name.Local == "id":
			bit, dst = seenID, &h.ID
		case a.Name.Local == "type":
			bit, dst = seenType, &h.Type
		case a.Name.Local == "to":
			bit, dst = seenTo, &to
		case a.Name.Local == "from":
			bit, dst = seenFrom, &from
		}
		if bit == 0 || seen&bit != 0 {
			continue
		}
		seen |= bit
		*dst = a.Value
	}
	var err error
	var lastTo, lastFrom *lastAddr
	if last != nil {
		lastTo, lastFrom = &last.to, &last.from
	}
	if h.To, err = parseAddr(to, seen&seenTo != 0, "to", lastTo); err != nil {
		return h, err
	}
	if h.From, err = parseAddr(from, seen&seenFrom != 0, "from", lastFrom); err != nil {
		return h, err
	}
	return h, h.check()
}

// The header attributes ParseHeader has read.
const (
	seenID uint8 = 1 << iota
	seenType
	seenLang
	seenTo
	seenFrom
)

// parseAddr parses s, the value of the address attribute local, if present.
// If last is not nil, it answers for the value it remembers and notes any
// other.
func parseAddr(s string, present bool, local string, last *lastAddr) (jid.JID, error) {
	if !present {
		return jid.JID{}, nil
	}
	if last != nil {
		if j, ok := last.lookup(s); ok {
			return j, nil
		}
	}
	j, err := jid.Parse(s)
	if err != nil {
		return jid.JID{}, &Error{Type: Modify, Condition: JIDMalformed,
			Text: "invalid '" + local + "' address"}
	}
	if last != nil {
		last.missed(s)
	}
	return j, nil
}

// check reports a bad-request for a type or id that the kind forbids.
func (h *Header) check() error {
	if !validType(h.Kind, h.Type) {
		return &Error{Type: Modify, Condition: BadRequest, Text: "invalid type"}
	}
	if h.Kind == KindIQ {
		if h.Type == "" {
			return &Error{Type: Modify, Condition: BadRequest, Text: "iq without type"}
		}
		if h.ID == "" {
			return &Error{Type: Modify, Condition: BadRequest, Text: "iq without id"}
		}
	}
	return nil
}

// IsError reports whether the stanza is of type error.
func (h Header) IsError() bool { return h.Type == "error" }

// IQType returns the type as an IQ's. The kind is not checked; for an IQ,
// ParseHeader has checked that it is one of the four.
func (h Header) IQType() IQType { return IQType(h.Type) }

// MessageType returns the type as a message's (the kind is not checked);
// "" means the attribute is absent, which RFC 6121 §5.2.2 treats as
// [NormalMessage].
func (h Header) MessageType() MessageType { return MessageType(h.Type) }

// PresenceType returns the type as a presence's (the kind is not checked);
// "" is [AvailablePresence].
func (h Header) PresenceType() PresenceType { return PresenceType(h.Type) }

// Message returns h as a message header. The kind is not checked.
func (h Header) Message() Message {
	m := Message{ID: h.ID, To: h.To, From: h.From, Lang: h.Lang, Type: h.MessageType()}
	m.XMLName.Space, m.XMLName.Local = h.NS, "message"
	return m
}

// Presence returns h as a presence header. The kind is not checked.
func (h Header) Presence() Presence {
	p := Presence{ID: h.ID, To: h.To, From: h.From, Lang: h.Lang, Type: h.PresenceType()}
	p.XMLName.Space, p.XMLName.Local = h.NS, "presence"
	return p
}

// IQ returns h as an IQ header. The kind is not checked.
func (h Header) IQ() IQ {
	iq := IQ{ID: h.ID, To: h.To, From: h.From, Lang: h.Lang, Type: h.IQType()}
	iq.XMLName.Space, iq.XMLName.Local = h.NS, "iq"
	return iq
}
