package replies

import (
	"strings"
	"unicode/utf8"

	"github.com/canto-im/xmpp/fallback"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// New returns a message of type typ to to answering ref with body, with a
// new id.
func New(to jid.JID, typ stanza.MessageType, ref Reply, body string) *message.Message {
	return &message.Message{
		Header:  stanza.Message{ID: stanza.NewID(), To: to, Type: typ},
		Bodies:  []message.Text{{Text: body}},
		Payload: []xmlstream.Marshaler{ref},
	}
}

// NewQuoted is New with the quote of the earlier message in front of the
// body, for clients without replies, marked as a fallback (§3.1):
// Quote(author, quoted) followed by body.
func NewQuoted(to jid.JID, typ stanza.MessageType, ref Reply, author, quoted, body string) *message.Message {
	q := Quote(author, quoted)
	m := New(to, typ, ref, q+body)
	if q != "" {
		n := utf8.RuneCountInString(q)
		m.Payload = append(m.Payload, fallback.Fallback{For: NS, Bodies: []fallback.Region{{Start: 0, End: n}}})
	}
	return m
}

// Quote returns quoted as an XEP-0393 block quote, each line behind "> ",
// under the line "> author wrote:" (none when author is empty), ending in a
// newline: the form §3.1 shows. An empty quoted gives "".
func Quote(author, quoted string) string {
	if quoted == "" {
		return ""
	}
	var b strings.Builder
	if author != "" {
		b.WriteString("> " + author + " wrote:\n")
	}
	for line := range strings.Lines(quoted) {
		b.WriteString("> ")
		b.WriteString(strings.TrimSuffix(line, "\n"))
		b.WriteByte('\n')
	}
	return b.String()
}

// Body returns the body of the message msg (the one without xml:lang, or
// the first) without the parts that a <fallback for='urn:xmpp:reply:0'/>
// marks: what a client that shows the referenced message displays (§3.1).
// Regions that do not fit the body are ignored (see fallback.Strip).
func Body(msg *xmlstream.Element) string {
	body := ""
	first := true
	for c := range msg.Children() {
		n := c.Name()
		if n.Local != "body" || n.Space != msg.Name().Space {
			continue
		}
		if _, lang := c.AttrNS("http://www.w3.org/XML/1998/namespace", "lang"); first || !lang {
			body = c.Text()
			if !lang {
				break
			}
		}
		first = false
	}
	return fallback.Strip(body, fallback.BodyRegions(fallback.For(msg, NS)))
}
