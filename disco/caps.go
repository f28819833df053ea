package disco

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// ErrCapsElement is returned for a <c/> element without node or ver.
var ErrCapsElement = errors.New("disco: caps element without node or ver")

// Caps is the <c xmlns='http://jabber.org/protocol/caps'/> element that
// annotates presence with an entity's capabilities (XEP-0115 §4).
type Caps struct {
	// Hash names the hash function of Ver, as in the IANA registry
	// ("sha-1"). A <c/> without one is in the legacy format, which is
	// never verified nor cached.
	Hash string
	// Node identifies the software, a URI such as "https://canto.im".
	Node string
	// Ver is the verification string: a hash of the entity's disco#info.
	Ver string
}

// WriteXML writes c. Node and Ver are required.
func (c Caps) WriteXML(w xmlstream.Encoder) error {
	if c.Node == "" || c.Ver == "" {
		return ErrCapsElement
	}
	var buf [3]xml.Attr
	attrs := buf[:0]
	if c.Hash != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "hash"}, Value: c.Hash})
	}
	attrs = append(attrs,
		xml.Attr{Name: xml.Name{Local: "node"}, Value: c.Node},
		xml.Attr{Name: xml.Name{Local: "ver"}, Value: c.Ver})
	if err := w.Start(CapsName, attrs...); err != nil {
		return err
	}
	return w.End()
}

// ParseCaps reads a <c/> element. Node and ver are required; a missing
// hash is kept as "" (legacy format), for [Caps.Verify] to refuse.
func ParseCaps(el *xmlstream.Element) (Caps, error) {
	if el.Name() != CapsName {
		return Caps{}, ErrCapsElement
	}
	c := Caps{Hash: el.Attr("hash"), Node: el.Attr("node"), Ver: el.Attr("ver")}
	if c.Node == "" || c.Ver == "" {
		return Caps{}, ErrCapsElement
	}
	return c, nil
}

// InfoNode returns the node to ask for the disco#info that c describes:
// node#ver (XEP-0115 §6.2).
func (c Caps) InfoNode() string { return c.Node + "#" + c.Ver }
