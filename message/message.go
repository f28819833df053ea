package message

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Text is one language version of a <body/> or <subject/>.
type Text struct {
	// Lang is the xml:lang of the element; "" writes none, and the text
	// then is in the language of the message (its Header.Lang, or failing
	// that the stream's).
	Lang string
	Text string
}

// Thread is the <thread/> of a message (RFC 6121 §5.2.5). Its values are
// opaque identifiers, compared as strings, never shown to a user.
type Thread struct {
	ID     string // the thread; "" means the message has no <thread/>
	Parent string // the thread this one branched off; "" for none
}

// Message is a <message/> stanza with its RFC 6121 §5.2 content. It is a
// [xmlstream.Marshaler]: send it with a session's Send.
type Message struct {
	Header   stanza.Message
	Subjects []Text // one per language, each with a distinct xml:lang
	Bodies   []Text // one per language, each with a distinct xml:lang
	Thread   Thread
	// Payload are further children, written after the content: the
	// elements of extensions. Nil entries are skipped. Parse leaves it
	// empty; read extensions from the received element.
	Payload []xmlstream.Marshaler
}

// Element names, in the stanza's namespace (the empty Space inherits it).
var (
	bodyName    = xml.Name{Local: "body"}
	subjectName = xml.Name{Local: "subject"}
	threadName  = xml.Name{Local: "thread"}
)

// Chat returns a chat message to to with one body and a new id, so that an
// error bounced for it can be matched (RFC 6120 §8.1.3). It allocates once
// (and once more for the id).
func Chat(to jid.JID, body string) *Message {
	return withBody(stanza.Message{ID: stanza.NewID(), To: to, Type: stanza.ChatMessage}, body)
}

// withBody returns a message with header h and one body, in one allocation.
func withBody(h stanza.Message, body string) *Message {
	c := &struct {
		m Message
		b [1]Text
	}{}
	c.b[0].Text = body
	c.m.Header, c.m.Bodies = h, c.b[:]
	return &c.m
}

// Reply returns the answer to m carrying body: addressed to m's sender,
// of m's type (chat for an error), in m's thread, with a new id. RFC 6121
// §5.2.5 asks a reply to keep the thread.
func (m Message) Reply(body string) *Message {
	typ := m.Header.Type
	if typ == stanza.ErrorMessage {
		typ = stanza.ChatMessage
	}
	r := withBody(stanza.Message{XMLName: m.Header.XMLName, ID: stanza.NewID(), To: m.Header.From, Type: typ}, body)
	r.Thread = m.Thread
	return r
}

// WriteXML writes m. It refuses what RFC 6121 §5.2 forbids: two bodies or
// two subjects in the same language ([ErrDuplicateLang]) and a parent
// without a thread ([ErrParentWithoutThread]); an invalid header type gives
// [stanza.ErrInvalidType].
func (m Message) WriteXML(e xmlstream.Encoder) error {
	if err := m.check(); err != nil {
		return err
	}
	if err := m.Header.WriteStart(e); err != nil {
		return err
	}
	if err := writeTexts(e, subjectName, m.Subjects); err != nil {
		return err
	}
	if err := writeTexts(e, bodyName, m.Bodies); err != nil {
		return err
	}
	if m.Thread.ID != "" {
		var a [1]xml.Attr
		attr := a[:0]
		if m.Thread.Parent != "" {
			attr = append(attr, xml.Attr{Name: xml.Name{Local: "parent"}, Value: m.Thread.Parent})
		}
		if err := e.TextElement(threadName, m.Thread.ID, attr...); err != nil {
			return err
		}
	}
	for _, p := range m.Payload {
		if p == nil {
			continue
		}
		if err := p.WriteXML(e); err != nil {
			return err
		}
	}
	return e.End()
}

// check reports what RFC 6121 §5.2 forbids in m.
func (m *Message) check() error {
	if m.Thread.ID == "" && m.Thread.Parent != "" {
		return ErrParentWithoutThread
	}
	if hasDuplicateLang(m.Header.Lang, m.Subjects) || hasDuplicateLang(m.Header.Lang, m.Bodies) {
		return ErrDuplicateLang
	}
	return nil
}

// langName is the name of the xml:lang attribute.
var langName = xml.Name{Space: "http://www.w3.org/XML/1998/namespace", Local: "lang"}

// writeTexts writes one element named name per text.
func writeTexts(e xmlstream.Encoder, name xml.Name, texts []Text) error {
	for i := range texts {
		var a [1]xml.Attr
		attr := a[:0]
		if texts[i].Lang != "" {
			attr = append(attr, xml.Attr{Name: langName, Value: texts[i].Lang})
		}
		if err := e.TextElement(name, texts[i].Text, attr...); err != nil {
			return err
		}
	}
	return nil
}
