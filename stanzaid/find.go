package stanzaid

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// AddOriginID gives m an <origin-id/> equal to its stanza id (a new one
// if m has none), and returns that id. With both the same, every way of
// referring to the message later (XEP-0424 uses the stanza id, XEP-0444
// and XEP-0461 the origin-id) agrees.
func AddOriginID(m *message.Message) string {
	if m.Header.ID == "" {
		m.Header.ID = NewID()
	}
	m.Payload = append(m.Payload, OriginID{ID: m.Header.ID})
	return m.Header.ID
}

// OriginIDOf returns the id of msg's <origin-id/>, if it has one valid one.
// Anyone can put any origin-id in a message (§6): use it only to refer to
// the sender's own messages.
func OriginIDOf(msg *xmlstream.Element) (string, bool) {
	c, ok := msg.Child(NS, "origin-id")
	if !ok {
		return "", false
	}
	o, err := ParseOriginID(c)
	return o.ID, err == nil
}

// Trusted returns the id of the <stanza-id/> in msg stamped by by (the
// account's bare JID for messages its server archived, a room's bare JID
// for the room's messages), the only kind a reader may rely on (§6). A
// stanza-id with any other 'by' is ignored, whoever sent it; two with the
// same 'by' break §3 rule 4 and give none, since one of them is forged.
func Trusted(msg *xmlstream.Element, by jid.JID) (string, bool) {
	if by.IsZero() {
		return "", false
	}
	found := ""
	for c := range msg.Children() {
		if c.Name() != StanzaIDName {
			continue
		}
		s, err := ParseStanzaID(c)
		if err != nil || !s.By.Equal(by) {
			continue
		}
		if found != "" {
			return "", false
		}
		found = s.ID
	}
	return found, found != ""
}

// RefID returns the id by which another message refers to msg in
// retractions, reactions and replies (XEP-0444 §4.2, XEP-0461 §4.1,
// XEP-0424 §5.1): for a groupchat message, the stanza-id stamped by the
// room it came from (none without one); otherwise the origin-id if msg has
// one, else its 'id'.
func RefID(msg *xmlstream.Element) (string, bool) {
	if msg.Attr("type") == string(stanza.GroupChatMessage) {
		room, err := jid.Parse(msg.Attr("from"))
		if err != nil {
			return "", false
		}
		return Trusted(msg, room.Bare())
	}
	if id, ok := OriginIDOf(msg); ok {
		return id, true
	}
	id := msg.Attr("id")
	return id, id != ""
}
