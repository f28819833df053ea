package message

import (
	"errors"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Errors for message content that RFC 6121 §5.2 forbids. A receiver that
// answers such a message answers modify/bad-request.
var (
	ErrNotMessage          = errors.New("message: not a <message/> stanza")
	ErrDuplicateLang       = errors.New("message: two bodies or two subjects in the same language")
	ErrParentWithoutThread = errors.New("message: thread parent without a thread")
	ErrTwoThreads          = errors.New("message: more than one <thread/>")
	ErrChildElement        = errors.New("message: element inside <body/>, <subject/> or <thread/>")
)

// Parse reads the header and the RFC 6121 §5.2 content of a received
// <message/>: its bodies and subjects in document order, and its thread.
// Other children (extensions) are left in el. The strings are el's and stay
// valid after el is reused.
//
// A header that [stanza.ParseHeader] refuses gives its *[stanza.Error]. A
// body, subject or thread holding elements, two of them in the same
// language, or two threads give the errors above.
func Parse(el *xmlstream.Element) (Message, error) {
	if k, ok := stanza.KindOf(el.Name()); !ok || k != stanza.KindMessage {
		return Message{}, ErrNotMessage
	}
	h, err := stanza.ParseHeader(el)
	if err != nil {
		return Message{}, err
	}
	m := Message{Header: h.Message()}
	ns := el.Name().Space
	threads := 0
	for c := range el.Children() {
		name := c.Name()
		if name.Space != ns {
			continue
		}
		switch name.Local {
		case "body":
			err = appendText(&m.Bodies, c)
		case "subject":
			err = appendText(&m.Subjects, c)
		case "thread":
			if threads++; threads > 1 {
				return Message{}, ErrTwoThreads
			}
			err = m.parseThread(c)
		}
		if err != nil {
			return Message{}, err
		}
	}
	if err := m.check(); err != nil {
		return Message{}, err
	}
	return m, nil
}

// appendText appends the text of el to texts.
func appendText(texts *[]Text, el *xmlstream.Element) error {
	if _, ok := el.FirstChild(); ok {
		return ErrChildElement
	}
	lang, _ := el.AttrNS(langName.Space, langName.Local)
	*texts = append(*texts, Text{Lang: lang, Text: el.Text()})
	return nil
}

// parseThread reads <thread/>. An empty one without a parent says nothing
// and is taken as absent.
func (m *Message) parseThread(el *xmlstream.Element) error {
	if _, ok := el.FirstChild(); ok {
		return ErrChildElement
	}
	m.Thread = Thread{ID: el.Text(), Parent: el.Attr("parent")}
	return nil
}
