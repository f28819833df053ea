package main

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// chat is a message with a body (RFC 6121 §5).
type chat struct {
	to   jid.JID
	typ  stanza.MessageType
	body string
}

func (m chat) WriteXML(w xmlstream.Encoder) error {
	typ := m.typ
	if typ == "" {
		typ = stanza.ChatMessage
	}
	if err := (stanza.Message{ID: stanza.NewID(), To: m.to, Type: typ}).WriteStart(w); err != nil {
		return err
	}
	if err := w.Start(xml.Name{Local: "body"}); err != nil {
		return err
	}
	if err := w.Text(m.body); err != nil {
		return err
	}
	if err := w.End(); err != nil {
		return err
	}
	return w.End()
}

// bodyOf returns the text of a message's <body/>, and whether it has one.
func bodyOf(el *xmlstream.Element) (string, bool) {
	b, ok := el.Child(el.Name().Space, "body")
	if !ok {
		return "", false
	}
	return b.Text(), true
}

// available is initial presence (RFC 6121 §4.2): without it the server
// does not deliver messages sent to the bare JID.
var available = xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)
