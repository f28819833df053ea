package replies

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0461 and its feature (§2); Name, its <reply/>
// element.
const NS = "urn:xmpp:reply:0"

var Name = xml.Name{Space: NS, Local: "reply"}

// Errors Parse and WriteXML give.
var (
	ErrNotReply = errors.New("replies: not a <reply xmlns='urn:xmpp:reply:0'/>")
	ErrNoID     = errors.New("replies: missing, empty or oversized 'id'")
	ErrBadTo    = errors.New("replies: 'to' is not a valid JID")
)

// Reply is the <reply/> element: this message answers the message ID
// written by To (a full JID, or in a one-to-one chat a bare one; zero when
// the sender did not say).
type Reply struct {
	To jid.JID
	ID string
}

// WriteXML writes r; an empty ID gives ErrNoID.
func (r Reply) WriteXML(e xmlstream.Encoder) error {
	if r.ID == "" {
		return ErrNoID
	}
	idAttr := xml.Attr{Name: xml.Name{Local: "id"}, Value: r.ID}
	if r.To.IsZero() {
		return e.EmptyElement(Name, idAttr)
	}
	return e.EmptyElement(Name, xml.Attr{Name: xml.Name{Local: "to"}, Value: r.To.String()}, idAttr)
}

// Parse reads a <reply/>: 'id' is required (§3), 'to' must be a valid JID
// when present.
func Parse(el *xmlstream.Element) (Reply, error) {
	if el.Name() != Name {
		return Reply{}, ErrNotReply
	}
	r := Reply{ID: el.Attr("id")}
	if r.ID == "" || len(r.ID) > stanzaid.MaxIDBytes {
		return Reply{}, ErrNoID
	}
	if to, ok := el.AttrNS("", "to"); ok {
		j, err := jid.Parse(to)
		if err != nil || j.IsZero() {
			return Reply{}, ErrBadTo
		}
		r.To = j
	}
	return r, nil
}

// Find returns the <reply/> of the message msg: ok false when it has none,
// an error when Parse refuses it.
func Find(msg *xmlstream.Element) (r Reply, ok bool, err error) {
	c, ok := msg.Child(NS, "reply")
	if !ok {
		return Reply{}, false, nil
	}
	r, err = Parse(c)
	return r, err == nil, err
}
