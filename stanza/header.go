package stanza

import (
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
	var h Header
	err := parseHeader(e, nil, &h)
	return h, err
}

// parseHeader is ParseHeader into *h, which it overwrites.
func parseHeader(e *xmlstream.Element, last *Addrs, h *Header) error {
	name := e.Name()
	k, ok := KindOf(name)
	if !ok {
		*h = Header{}
		return ErrNotStanza
	}
	// One pass over the attributes, which compares their names as the
	// decoder's symbols: a lookup per field, or a copy of every attribute
	// to compare names as strings, cost several times more.
	a := e.StanzaAttrs()
	// Filled in place: a Header built apart and returned cost a copy of
	// its 120 bytes.
	h.Kind, h.NS, h.ID, h.Type, h.Lang = k, name.Space, a.ID, a.Type, a.Lang
	var lastTo, lastFrom *lastAddr
	if last != nil {
		lastTo, lastFrom = &last.to, &last.from
	}
	// A remembered address is taken without a call (into is inlined):
	// most stanzas of a stream carry one.
	if a.Has&xmlstream.HasTo == 0 {
		h.To = jid.JID{}
	} else if !lastTo.into(&h.To, a.To) {
		if err := parseAddr(&h.To, a.To, "to", lastTo); err != nil {
			h.From = jid.JID{}
			return err
		}
	}
	if a.Has&xmlstream.HasFrom == 0 {
		h.From = jid.JID{}
	} else if !lastFrom.into(&h.From, a.From) {
		if err := parseAddr(&h.From, a.From, "from", lastFrom); err != nil {
			return err
		}
	}
	if validType(k, a.Type) && (k != KindIQ || a.Type != "" && a.ID != "") {
		return nil
	}
	return h.check()
}

// parseAddr parses s, the value of the address attribute local, into *j
// (the zero JID if s is not valid). If last is not nil, it notes s.
func parseAddr(j *jid.JID, s string, local string, last *lastAddr) error {
	p, err := jid.Parse(s)
	if err != nil {
		*j = jid.JID{}
		return &Error{Type: Modify, Condition: JIDMalformed,
			Text: "invalid '" + local + "' address"}
	}
	*j = p
	if last != nil {
		last.missed(s)
	}
	return nil
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
