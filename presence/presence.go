package presence

import (
	"encoding/xml"
	"errors"
	"strconv"
	"strings"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Show is the availability sub-state of an available presence (RFC 6121
// §4.7.2.1). The empty Show is plain "online".
type Show string

// The values of <show/>.
const (
	Online Show = ""
	Away   Show = "away"
	Chat   Show = "chat" // free to chat
	DND    Show = "dnd"  // do not disturb
	XA     Show = "xa"   // extended away
)

// Valid reports whether s is one of the values RFC 6121 defines.
func (s Show) Valid() bool {
	switch s {
	case Online, Away, Chat, DND, XA:
		return true
	}
	return false
}

// Status is one language version of a <status/> (RFC 6121 §4.7.2.2).
type Status struct {
	// Lang is the xml:lang of the element; "" writes none, and the text is
	// then in the presence's language (Header.Lang, or the stream's).
	Lang string
	Text string
}

// Presence is a <presence/> stanza with its RFC 6121 §4.7 content. It is an
// [xmlstream.Marshaler]: send it with a session's Send.
type Presence struct {
	Header   stanza.Presence
	Show     Show
	Status   []Status // one per language
	Priority int8     // the resource's priority; 0 writes none (§4.7.2.3)
	// Payload are further children, written after the content: the
	// elements of extensions. Nil entries are skipped. Parse leaves it
	// empty; read extensions from the received element.
	Payload []xmlstream.Marshaler
}

// Errors of WriteXML and Parse.
var (
	ErrInvalidShow     = errors.New("presence: <show/> is not away, chat, dnd or xa")
	ErrInvalidPriority = errors.New("presence: <priority/> is not an integer from -128 to 127")
	ErrDuplicateLang   = errors.New("presence: two <status/> in the same language")
	ErrNotPresence     = errors.New("presence: not a <presence/>")
)

var (
	showName     = xml.Name{Local: "show"}
	statusName   = xml.Name{Local: "status"}
	priorityName = xml.Name{Local: "priority"}
	langName     = xml.Name{Space: "http://www.w3.org/XML/1998/namespace", Local: "lang"}
)

// WriteXML writes p, refusing an undefined show and two statuses in the
// same language (§4.7.2.2).
func (p Presence) WriteXML(e xmlstream.Encoder) error {
	if !p.Show.Valid() {
		return ErrInvalidShow
	}
	if duplicateLang(p.Header.Lang, p.Status) {
		return ErrDuplicateLang
	}
	if err := p.Header.WriteStart(e); err != nil {
		return err
	}
	if p.Show != Online {
		if err := e.TextElement(showName, string(p.Show)); err != nil {
			return err
		}
	}
	for i := range p.Status {
		var a [1]xml.Attr
		attr := a[:0]
		if p.Status[i].Lang != "" {
			attr = append(attr, xml.Attr{Name: langName, Value: p.Status[i].Lang})
		}
		if err := e.TextElement(statusName, p.Status[i].Text, attr...); err != nil {
			return err
		}
	}
	if p.Priority != 0 {
		var b [4]byte
		if err := e.TextElement(priorityName, string(strconv.AppendInt(b[:0], int64(p.Priority), 10))); err != nil {
			return err
		}
	}
	for _, m := range p.Payload {
		if m == nil {
			continue
		}
		if err := m.WriteXML(e); err != nil {
			return err
		}
	}
	return e.End()
}

// Parse reads a <presence/>: its header, show, statuses and priority.
// Children in other namespaces are extensions, left in the element. It
// refuses what RFC 6121 §4.7.2 forbids: an undefined show, a priority out
// of range, more than one show or priority, two statuses in one language.
func Parse(el *xmlstream.Element) (Presence, error) {
	if k, ok := stanza.KindOf(el.Name()); !ok || k != stanza.KindPresence {
		return Presence{}, ErrNotPresence
	}
	h, err := stanza.ParseHeader(el)
	if err != nil {
		return Presence{}, err
	}
	p := Presence{Header: h.Presence()}
	ns := el.Name().Space
	shows, priorities := 0, 0
	for c := range el.Children() {
		if c.Name().Space != ns {
			continue
		}
		switch c.Name().Local {
		case "show":
			p.Show = Show(strings.TrimSpace(c.Text()))
			if shows++; shows > 1 || p.Show == Online || !p.Show.Valid() {
				return Presence{}, ErrInvalidShow
			}
		case "status":
			lang, _ := c.AttrNS(langName.Space, langName.Local)
			p.Status = append(p.Status, Status{Lang: lang, Text: c.Text()})
		case "priority":
			n, err := strconv.ParseInt(strings.TrimSpace(c.Text()), 10, 8)
			if priorities++; err != nil || priorities > 1 {
				return Presence{}, ErrInvalidPriority
			}
			p.Priority = int8(n)
		}
	}
	if duplicateLang(p.Header.Lang, p.Status) {
		return Presence{}, ErrDuplicateLang
	}
	return p, nil
}

// StatusIn returns the status in the language lang: the first whose
// xml:lang equals it (without regard to case), else one in the presence's
// own language, else the first; "" when p has none.
func (p Presence) StatusIn(lang string) string {
	if len(p.Status) == 0 {
		return ""
	}
	for _, want := range []string{lang, p.Header.Lang} {
		for _, s := range p.Status {
			if strings.EqualFold(effective(p.Header.Lang, s.Lang), want) {
				return s.Text
			}
		}
	}
	return p.Status[0].Text
}

func effective(def, lang string) string {
	if lang == "" {
		return def
	}
	return lang
}

// duplicateLang reports whether two statuses share a language, with a map
// beyond a few so that the cost stays linear in what a peer sends.
func duplicateLang(def string, st []Status) bool {
	if len(st) < 2 {
		return false
	}
	seen := make(map[string]struct{}, len(st))
	for _, s := range st {
		l := strings.ToLower(effective(def, s.Lang))
		if _, dup := seen[l]; dup {
			return true
		}
		seen[l] = struct{}{}
	}
	return false
}
