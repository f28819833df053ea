package main

import (
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// bodyOf returns the body of a received message in the message's own
// language, and whether it has one.
func bodyOf(el *xmlstream.Element) (string, bool) {
	m, err := message.Parse(el)
	if err != nil || len(m.Bodies) == 0 {
		return "", false
	}
	return m.Body(""), true
}

// available is initial presence (RFC 6121 §4.2): without it the server
// does not deliver messages sent to the bare JID.
var available = xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)

// messageLine returns the line listen prints for a received message, and
// whether the message has content (counted by -count): the body, a
// correction (XEP-0308) as "FROM corrected ID: BODY", or a standalone chat
// state (XEP-0085) as "FROM is composing". A state next to a body is not
// printed: it is nearly always <active/>. Peers choose what they send, so
// the text is printed as it is, like any body.
func messageLine(st *xmpp.Stanza) (string, bool) {
	from := st.Header.From
	if body, ok := bodyOf(st.Element); ok {
		if r, isCorrection, err := correction.Of(st.Element); err == nil && isCorrection {
			return fmt.Sprintf("%s corrected %s: %s", from, r.ID, body), true
		}
		return fmt.Sprintf("%s: %s", from, body), true
	}
	if state, err := chatstates.Of(st.Element); err == nil && state != 0 {
		return fmt.Sprintf("%s %s", from, stateText[state]), false
	}
	return "", false
}

// stateText says what each chat state means, after the sender's address.
var stateText = map[chatstates.State]string{
	chatstates.Active:    "is active",
	chatstates.Composing: "is composing",
	chatstates.Paused:    "paused composing",
	chatstates.Inactive:  "is inactive",
	chatstates.Gone:      "has left the conversation",
}
