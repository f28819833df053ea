package bookmarks

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0402 and the name of its PEP node.
const NS = "urn:xmpp:bookmarks:1"

// CompatFeature is announced on the account by a server that keeps
// XEP-0402 and XEP-0048 (private XML storage) bookmarks in step (§5.3).
const CompatFeature = NS + "#compat"

// Name is the <conference/> payload of an XEP-0402 item.
var Name = xml.Name{Space: NS, Local: "conference"}

// Bounds on what Parse keeps from a peer-written bookmark.
const (
	MaxExtensions = 32 // children of <extensions/>
)

// ErrInvalid refuses a <conference/> that is not one of XEP-0402 or whose
// autojoin is not an XML Schema boolean.
var ErrInvalid = errors.New("bookmarks: invalid <conference xmlns='urn:xmpp:bookmarks:1'/>")

// Conference is one bookmarked room (§3). The room's JID is the item ID,
// not part of the payload.
type Conference struct {
	Name     string // a friendly name; empty for none
	Autojoin bool   // join the room when logging in
	Nick     string // the nick to join with; empty for the client's choice
	Password string // the room password; empty for none
	// Extensions are the children of <extensions/>, kept as read so that a
	// client rewriting a bookmark keeps what other clients stored (§3.1).
	Extensions []*xmlstream.Element
}

// WriteXML writes c as a <conference/>.
func (c Conference) WriteXML(e xmlstream.Encoder) error {
	var attrs []xml.Attr
	if c.Name != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "name"}, Value: c.Name})
	}
	if c.Autojoin {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "autojoin"}, Value: "true"})
	}
	return e.Element(Name, attrs, func(e xmlstream.Encoder) error {
		if err := optText(e, xml.Name{Space: NS, Local: "nick"}, c.Nick); err != nil {
			return err
		}
		if err := optText(e, xml.Name{Space: NS, Local: "password"}, c.Password); err != nil {
			return err
		}
		if len(c.Extensions) == 0 {
			return nil
		}
		return e.Element(xml.Name{Space: NS, Local: "extensions"}, nil, func(e xmlstream.Encoder) error {
			for _, x := range c.Extensions {
				if err := x.WriteXML(e); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

func optText(e xmlstream.Encoder, n xml.Name, s string) error {
	if s == "" {
		return nil
	}
	return e.TextElement(n, s)
}

// Parse reads a <conference/>. Extensions are cloned, at most
// MaxExtensions of them.
func Parse(el *xmlstream.Element) (Conference, error) {
	if el.Name() != Name {
		return Conference{}, ErrInvalid
	}
	aj, ok := parseBool(el.Attr("autojoin"))
	if !ok {
		return Conference{}, ErrInvalid
	}
	c := Conference{Name: el.Attr("name"), Autojoin: aj}
	for ch := range el.Children() {
		switch ch.Name() {
		case xml.Name{Space: NS, Local: "nick"}:
			c.Nick = ch.Text()
		case xml.Name{Space: NS, Local: "password"}:
			c.Password = ch.Text()
		case xml.Name{Space: NS, Local: "extensions"}:
			for x := range ch.Children() {
				if len(c.Extensions) == MaxExtensions {
					return Conference{}, ErrInvalid
				}
				c.Extensions = append(c.Extensions, x.Clone())
			}
		}
	}
	return c, nil
}

// parseBool reads an XML Schema boolean; absent is false.
func parseBool(s string) (v, ok bool) {
	switch s {
	case "", "false", "0":
		return false, true
	case "true", "1":
		return true, true
	}
	return false, false
}
