package csi

import (
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Namespaces of the payloads a standalone chat state may come with.
const (
	nsChatStates = "http://jabber.org/protocol/chatstates" // XEP-0085
	nsHints      = "urn:xmpp:hints"                        // XEP-0334, e.g. <no-store/>
)

// holdable reports whether el may wait while the client is inactive
// (XEP-0352 §3 lists these optimisations): a presence update (available or
// unavailable), which a later one from the same sender replaces (collapse,
// under key, the sender's address as sent), or a standalone chat-state
// notification (XEP-0085), kept in order. Subscription requests, errors
// and anything else must not wait.
func holdable(el *xmlstream.Element) (key string, collapse, ok bool) {
	name := el.Name()
	kind, isStanza := stanza.KindOf(name)
	if !isStanza {
		return "", false, false
	}
	switch kind {
	case stanza.KindPresence:
		switch el.Attr("type") {
		case "", "unavailable":
			return el.Attr("from"), true, true
		}
	case stanza.KindMessage:
		if el.Attr("type") != "error" && onlyChatState(el, name.Space) {
			return "", false, true
		}
	}
	return "", false, false
}

// onlyChatState reports whether a message carries a chat state and nothing
// else that matters: no body, only a thread or processing hints besides.
func onlyChatState(el *xmlstream.Element, content string) bool {
	state := false
	for c := range el.Children() {
		switch n := c.Name(); {
		case n.Space == nsChatStates:
			state = true
		case n.Space == nsHints, n.Space == content && n.Local == "thread":
		default:
			return false
		}
	}
	return state
}
