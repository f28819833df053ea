package retraction

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/fallback"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// FallbackBody is the body §3 shows for clients without retraction.
const FallbackBody = "/me retracted a previous message, but it's unsupported by your client."

// store is the XEP-0334 <store/> hint: archive this message (§3), which
// an archive would otherwise skip for its lack of real content.
var store = xmlstream.EmptyElement{Name: xml.Name{Space: "urn:xmpp:hints", Local: "store"}}

// New returns the message retracting the message id that was sent to to
// as typ (chat or groupchat; see the package documentation for which id):
// <retract/>, a fallback body marked as such (XEP-0428), and the <store/>
// hint, with a new id. Send it with the session's Send.
func New(to jid.JID, typ stanza.MessageType, id string) *message.Message {
	return &message.Message{
		Header: stanza.Message{ID: stanza.NewID(), To: to, Type: typ},
		Bodies: []message.Text{{Text: FallbackBody}},
		Payload: []xmlstream.Marshaler{
			Retract{ID: id},
			fallback.Fallback{For: NS},
			store,
		},
	}
}

// Find returns the <retract/> of the message msg: ok false when it has
// none, an error when it has one Parse refuses.
func Find(msg *xmlstream.Element) (r Retract, ok bool, err error) {
	c, ok := msg.Child(NS, "retract")
	if !ok {
		return Retract{}, false, nil
	}
	r, err = Parse(c)
	return r, err == nil, err
}

// Allowed reports whether a retraction sent by from may retract a message
// whose author was author (§5): in a group chat (non-anonymous room) the
// same full JID, otherwise the same bare JID. Neither may be zero.
func Allowed(author, from jid.JID, groupchat bool) bool {
	if author.IsZero() || from.IsZero() {
		return false
	}
	if groupchat {
		return author.Resourcepart() != "" && author.Equal(from)
	}
	return author.Bare().Equal(from.Bare())
}
