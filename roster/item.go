package roster

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the roster namespace; Name, its <query/> element; ItemName, an
// item of it.
const NS = "jabber:iq:roster"

var (
	Name      = xml.Name{Space: NS, Local: "query"}
	ItemName  = xml.Name{Space: NS, Local: "item"}
	groupName = xml.Name{Space: NS, Local: "group"}
)

// Subscription is an item's subscription state (RFC 6121 §2.1.2.5).
type Subscription string

// The subscription states, and SubRemove, which a client sends to remove an
// item and a server pushes for a removed one.
const (
	SubNone   Subscription = "none" // neither sees the other's presence
	SubTo     Subscription = "to"   // the user sees the contact's presence
	SubFrom   Subscription = "from" // the contact sees the user's presence
	SubBoth   Subscription = "both"
	SubRemove Subscription = "remove"
)

// Valid reports whether s is one of the states RFC 6121 defines.
func (s Subscription) Valid() bool {
	switch s {
	case SubNone, SubTo, SubFrom, SubBoth, SubRemove:
		return true
	}
	return false
}

// ErrInvalid refuses an <item/> without a valid jid, or with a
// subscription, ask or approved value RFC 6121 §2.1.2 does not define.
var ErrInvalid = errors.New("roster: invalid <item/>")

// Item is one contact of a roster (RFC 6121 §2.1.2).
type Item struct {
	JID          jid.JID      // the contact's bare JID; required
	Name         string       // the user's name for the contact; empty for none
	Subscription Subscription // SubNone when the element has none; empty writes none
	Ask          bool         // ask='subscribe': a subscription request awaits the contact ("pending out")
	Approved     bool         // approved='true': a pre-approval the server stored (§3.4)
	Groups       []string     // the user's groups for the contact, in order
}

var (
	attrJID      = xml.Name{Local: "jid"}
	attrName     = xml.Name{Local: "name"}
	attrSub      = xml.Name{Local: "subscription"}
	attrAsk      = xml.Name{Local: "ask"}
	attrApproved = xml.Name{Local: "approved"}
	attrVer      = xml.Name{Local: "ver"}
)

// WriteXML writes it as an <item/>. Empty fields are left out, so that a
// client's set carries only what a client may send (§2.3.2).
func (it Item) WriteXML(w xmlstream.Encoder) error {
	if it.JID.IsZero() || (it.Subscription != "" && !it.Subscription.Valid()) {
		return ErrInvalid
	}
	attrs := make([]xml.Attr, 1, 5)
	attrs[0] = xml.Attr{Name: attrJID, Value: it.JID.String()}
	if it.Name != "" {
		attrs = append(attrs, xml.Attr{Name: attrName, Value: it.Name})
	}
	if it.Subscription != "" {
		attrs = append(attrs, xml.Attr{Name: attrSub, Value: string(it.Subscription)})
	}
	if it.Ask {
		attrs = append(attrs, xml.Attr{Name: attrAsk, Value: "subscribe"})
	}
	if it.Approved {
		attrs = append(attrs, xml.Attr{Name: attrApproved, Value: "true"})
	}
	if err := w.Start(ItemName, attrs...); err != nil {
		return err
	}
	for _, g := range it.Groups {
		if err := w.TextElement(groupName, g); err != nil {
			return err
		}
	}
	return w.End()
}

// ParseItem reads an <item/>. Groups keep their order and duplicates
// (refusing them is the server's business, §2.3.3).
func ParseItem(el *xmlstream.Element) (Item, error) {
	if el.Name() != ItemName {
		return Item{}, ErrInvalid
	}
	j, err := jid.Parse(el.Attr("jid"))
	if err != nil || j.IsZero() {
		return Item{}, ErrInvalid
	}
	it := Item{JID: j, Name: el.Attr("name"), Subscription: SubNone}
	if s, ok := el.AttrNS("", "subscription"); ok {
		it.Subscription = Subscription(s)
		if !it.Subscription.Valid() {
			return Item{}, ErrInvalid
		}
	}
	switch el.Attr("ask") {
	case "":
	case "subscribe":
		it.Ask = true
	default:
		return Item{}, ErrInvalid
	}
	switch el.Attr("approved") {
	case "", "false", "0":
	case "true", "1":
		it.Approved = true
	default:
		return Item{}, ErrInvalid
	}
	for g := range el.Children() {
		if g.Name() == groupName {
			it.Groups = append(it.Groups, g.Text())
		}
	}
	return it, nil
}
