package stanza

import "encoding/xml"

// Kind is one of the three kinds of stanza (RFC 6120 §8.2).
type Kind uint8

// The stanza kinds. The zero Kind is not a stanza.
const (
	KindMessage  Kind = iota + 1 // <message/>
	KindPresence                 // <presence/>
	KindIQ                       // <iq/>
)

// String returns the element name of the kind ("message", "presence", "iq").
func (k Kind) String() string {
	switch k {
	case KindMessage:
		return "message"
	case KindPresence:
		return "presence"
	case KindIQ:
		return "iq"
	}
	return "invalid"
}

// KindOf reports which kind of stanza an element with the given resolved name
// is. Only names qualified by a content namespace count ([IsContentNS]).
func KindOf(name xml.Name) (Kind, bool) {
	if !IsContentNS(name.Space) {
		return 0, false
	}
	return kindOfLocal(name.Local)
}

// kindOfLocal switches on the name's length first: every element read is
// asked (stream management counts stanzas in the read loop), and one
// comparison with the one candidate cost less than a string switch.
func kindOfLocal(local string) (Kind, bool) {
	switch len(local) {
	case len("message"):
		if local == "message" {
			return KindMessage, true
		}
	case len("presence"):
		if local == "presence" {
			return KindPresence, true
		}
	case len("iq"):
		if local == "iq" {
			return KindIQ, true
		}
	}
	return 0, false
}

// validType reports whether typ is an allowed value of the type attribute
// for kind k; "" means the attribute is absent.
func validType(k Kind, typ string) bool {
	switch k {
	case KindMessage:
		return MessageType(typ).Valid()
	case KindPresence:
		return PresenceType(typ).Valid()
	case KindIQ:
		return IQType(typ).Valid()
	}
	return false
}
