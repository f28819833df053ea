package reactions

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// store is the XEP-0334 <store/> hint §4 asks for, so that archives keep
// a message that has no body.
var store = xmlstream.EmptyElement{Name: xml.Name{Space: "urn:xmpp:hints", Local: "store"}}

// New returns the message that sets the sender's reactions to the message
// id (see the package documentation for which id) to emoji, none to
// withdraw them all, sent to to as typ (chat or groupchat, §4), with the
// <store/> hint and a new id. Writing it fails as Reactions.WriteXML does.
// §4 asks to leave the hint out when the message reacted to carried
// <no-store/>: remove the last payload then.
func New(to jid.JID, typ stanza.MessageType, id string, emoji ...string) *message.Message {
	return &message.Message{
		Header:  stanza.Message{ID: stanza.NewID(), To: to, Type: typ},
		Payload: []xmlstream.Marshaler{Reactions{ID: id, Emoji: emoji}, store},
	}
}

// Find returns the <reactions/> of the message msg: ok false when it has
// none, an error when Parse refuses it. §4 allows one per message; Find
// reads the first.
func Find(msg *xmlstream.Element) (r Reactions, ok bool, err error) {
	c, ok := msg.Child(NS, "reactions")
	if !ok {
		return Reactions{}, false, nil
	}
	r, err = Parse(c)
	return r, err == nil, err
}

// Allowed reports whether a reaction from from may be accepted in the
// one-to-one conversation between self and peer (§4.1): from's bare JID
// must be one of theirs.
func Allowed(from, self, peer jid.JID) bool {
	if from.IsZero() {
		return false
	}
	b := from.Bare()
	return b.Equal(self.Bare()) || b.Equal(peer.Bare())
}
