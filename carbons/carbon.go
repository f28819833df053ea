package carbons

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0280. NSRules is the feature a server
// advertises when it follows the eligibility rules of §6.1 exactly.
const (
	NS      = "urn:xmpp:carbons:2"
	NSRules = "urn:xmpp:carbons:rules:0"
)

// Names of the elements of XEP-0280.
var (
	EnableName   = xml.Name{Space: NS, Local: "enable"}
	DisableName  = xml.Name{Space: NS, Local: "disable"}
	ReceivedName = xml.Name{Space: NS, Local: "received"}
	SentName     = xml.Name{Space: NS, Local: "sent"}
	PrivateName  = xml.Name{Space: NS, Local: "private"}
)

// Direction says which way the copied message went.
type Direction int

const (
	// Received is a message another resource of the account received
	// (§6, <received/>).
	Received Direction = iota + 1
	// Sent is a message another resource of the account sent (§7,
	// <sent/>).
	Sent
)

// String returns "received" or "sent".
func (d Direction) String() string {
	switch d {
	case Received:
		return "received"
	case Sent:
		return "sent"
	}
	return "invalid"
}

// Errors for a carbon that cannot be read, written or trusted.
var (
	ErrNotCarbon    = errors.New("carbons: not a urn:xmpp:carbons:2 <received/> or <sent/>")
	ErrNoForwarded  = errors.New("carbons: <received/> or <sent/> without exactly one <forwarded/> message")
	ErrBadDirection = errors.New("carbons: Carbon.Direction is neither Received nor Sent")
	ErrForged       = errors.New("carbons: forged carbon: not from the account's own bare JID, or not about the account's message")
)

// Carbon is a <received/> or <sent/> element: a copy of a message, as the
// server forwarded it.
type Carbon struct {
	Direction Direction
	// Forwarded holds the copied message. From [Parse] it is a view into
	// the parsed element.
	Forwarded forward.Forwarded
}

// WriteXML writes c as <received/> or <sent/> around its <forwarded/>. It
// refuses a Direction that is neither and a forwarded stanza that is not a
// message.
func (c Carbon) WriteXML(e xmlstream.Encoder) error {
	name, err := c.name()
	if err != nil {
		return err
	}
	if c.Forwarded.Stanza == nil || c.Forwarded.Stanza.Name().Local != "message" {
		return ErrNoForwarded
	}
	return e.Element(name, nil, c.Forwarded.WriteXML)
}

func (c Carbon) name() (xml.Name, error) {
	switch c.Direction {
	case Received:
		return ReceivedName, nil
	case Sent:
		return SentName, nil
	}
	return xml.Name{}, ErrBadDirection
}

// Parse reads a <received/> or <sent/>: exactly one <forwarded/>, whose
// stanza is a message. Children of other namespaces are ignored.
func Parse(el *xmlstream.Element) (Carbon, error) {
	var c Carbon
	switch el.Name() {
	case ReceivedName:
		c.Direction = Received
	case SentName:
		c.Direction = Sent
	default:
		return Carbon{}, ErrNotCarbon
	}
	found := false
	for ch := range el.Children() {
		if ch.Name() != forward.Name {
			continue
		}
		if found {
			return Carbon{}, ErrNoForwarded
		}
		f, err := forward.Parse(ch)
		if err != nil {
			return Carbon{}, err
		}
		if f.Stanza.Name().Local != "message" {
			return Carbon{}, ErrNoForwarded
		}
		c.Forwarded, found = f, true
	}
	if !found {
		return Carbon{}, ErrNoForwarded
	}
	return c, nil
}

// Private is the <private/> element of §8: a message carrying it is not
// copied to the account's other resources. Add the XEP-0334 no-copy hint
// with it.
type Private struct{}

// WriteXML writes <private xmlns='urn:xmpp:carbons:2'/>.
func (Private) WriteXML(e xmlstream.Encoder) error { return e.EmptyElement(PrivateName) }

// IsPrivate reports whether the message msg carries <private/>.
func IsPrivate(msg *xmlstream.Element) bool {
	_, ok := msg.Child(NS, "private")
	return ok
}
