package chatstates

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0085.
const NS = "http://jabber.org/protocol/chatstates"

// State is a chat state (§2). The zero State is no state: it is what [Of]
// returns for a message without one, and it cannot be written.
type State uint8

// The five states of §2.
const (
	Active    State = iota + 1 // the user takes part in the chat
	Composing                  // the user is composing a message
	Paused                     // the user had been composing and stopped
	Inactive                   // the user has not taken part for a while
	Gone                       // the user has left the chat
)

var names = [...]string{Active: "active", Composing: "composing", Paused: "paused", Inactive: "inactive", Gone: "gone"}

var (
	// ErrNoState is returned when writing the zero State.
	ErrNoState = errors.New("chatstates: no state")
	// ErrInvalid is returned by Parse for an element that is not one of
	// the five states.
	ErrInvalid = errors.New("chatstates: not a chat state")
	// ErrSeveral is returned by Of for a message with more than one
	// element of the namespace (§5.6 allows one).
	ErrSeveral = errors.New("chatstates: more than one chat state in a message")
)

// String returns the element name of st ("composing"), or "" for the zero
// State and unknown values.
func (st State) String() string {
	if int(st) < len(names) {
		return names[st]
	}
	return ""
}

// Name returns the element name of st in the namespace.
func (st State) Name() xml.Name { return xml.Name{Space: NS, Local: st.String()} }

// WriteXML writes st as its empty element, refusing the zero State.
func (st State) WriteXML(w xmlstream.Encoder) error {
	if st.String() == "" {
		return ErrNoState
	}
	return w.EmptyElement(st.Name())
}

// Parse reads one state element. Attributes and children are ignored.
func Parse(el *xmlstream.Element) (State, error) {
	n := el.Name()
	if n.Space == NS {
		for st := Active; st <= Gone; st++ {
			if n.Local == names[st] {
				return st, nil
			}
		}
	}
	return 0, ErrInvalid
}

// Of returns the state a received message carries, the zero State if it
// carries none or is of type error, ErrSeveral if it carries more than one,
// and ErrInvalid if the one it carries is unknown.
func Of(msg *xmlstream.Element) (State, error) {
	if msg.Attr("type") == string(stanza.ErrorMessage) {
		return 0, nil
	}
	var found *xmlstream.Element
	for c := range msg.Children() {
		if c.Name().Space != NS {
			continue
		}
		if found != nil {
			return 0, ErrSeveral
		}
		found = c
	}
	if found == nil {
		return 0, nil
	}
	return Parse(found)
}

// Standalone returns a standalone notification of st to to (§5.6): a
// message of type chat carrying only the state. Set its Thread when the
// conversation has one (§5.6 requires it then).
func Standalone(to jid.JID, st State) *message.Message {
	return &message.Message{
		Header:  stanza.Message{ID: stanza.NewID(), To: to, Type: stanza.ChatMessage},
		Payload: []xmlstream.Marshaler{st},
	}
}
