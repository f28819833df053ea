package main

import (
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
