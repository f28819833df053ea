package interop

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Namespaces of the payloads the tests write themselves.
const (
	nsRoster = "jabber:iq:roster" // RFC 6121 §2
)

var (
	bodyName   = xml.Name{Space: stanza.NSClient, Local: "body"}
	rosterName = xml.Name{Space: nsRoster, Local: "query"}
)

// empty writes <name/>: a roster query.
type empty xml.Name

func (e empty) WriteXML(w xmlstream.Encoder) error {
	return errors.Join(w.Start(xml.Name(e)), w.End())
}

// chat is a chat message with a body.
type chat struct {
	to   jid.JID
	id   string
	body string
}

func (m chat) WriteXML(w xmlstream.Encoder) error {
	if err := (stanza.Message{To: m.to, ID: m.id, Type: stanza.ChatMessage}).WriteStart(w); err != nil {
		return err
	}
	return errors.Join(w.Start(xml.Name{Local: "body"}), w.Text(m.body), w.End(), w.End())
}

// rosterItem is a roster set payload (RFC 6121 §2.3 and §2.5) for one item:
// added or updated with a name and groups, or removed.
type rosterItem struct {
	jid    jid.JID
	name   string
	groups []string
	remove bool
}

func (r rosterItem) WriteXML(w xmlstream.Encoder) error {
	attrs := []xml.Attr{{Name: xml.Name{Local: "jid"}, Value: r.jid.String()}}
	if r.remove {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "subscription"}, Value: "remove"})
	} else if r.name != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "name"}, Value: r.name})
	}
	if err := errors.Join(w.Start(rosterName), w.Start(xml.Name{Local: "item"}, attrs...)); err != nil {
		return err
	}
	for _, g := range r.groups {
		if err := errors.Join(w.Start(xml.Name{Local: "group"}), w.Text(g), w.End()); err != nil {
			return err
		}
	}
	return errors.Join(w.End(), w.End())
}

// chatFrom is a chat message with an explicit from, as a component sends.
type chatFrom struct {
	from jid.JID
	chat
}

func (m chatFrom) WriteXML(w xmlstream.Encoder) error {
	if err := (stanza.Message{To: m.to, From: m.from, ID: m.id, Type: stanza.ChatMessage}).WriteStart(w); err != nil {
		return err
	}
	return errors.Join(w.Start(xml.Name{Local: "body"}), w.Text(m.body), w.End(), w.End())
}
