package muc

import (
	"encoding/xml"
	"strconv"
	"time"

	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xtime"
)

// Join is the <x xmlns='http://jabber.org/protocol/muc'/> of a join
// presence (§7.2): a password and how much history to send.
type Join struct {
	Password string   // empty for none
	History  *History // nil lets the room choose
}

// History limits the discussion history a room sends on joining (§7.2.15).
// A nil limit is absent; MaxStanzas pointing to 0 asks for no history.
type History struct {
	MaxChars, MaxStanzas, Seconds *int
	Since                         time.Time // zero for none
}

// Limit returns &n, for History's fields.
func Limit(n int) *int { return &n }

// WriteXML writes j.
func (j Join) WriteXML(e xmlstream.Encoder) error {
	return e.Element(JoinName, nil, func(e xmlstream.Encoder) error {
		if h := j.History; h != nil {
			var attrs [4]xml.Attr
			a := attrs[:0]
			for _, l := range []struct {
				name string
				v    *int
			}{{"maxchars", h.MaxChars}, {"maxstanzas", h.MaxStanzas}, {"seconds", h.Seconds}} {
				if l.v != nil {
					if *l.v < 0 {
						return ErrInvalid
					}
					a = append(a, xml.Attr{Name: xml.Name{Local: l.name}, Value: strconv.Itoa(*l.v)})
				}
			}
			if !h.Since.IsZero() {
				a = append(a, xml.Attr{Name: xml.Name{Local: "since"}, Value: xtime.FormatDateTime(h.Since)})
			}
			if err := e.EmptyElement(xml.Name{Space: NS, Local: "history"}, a...); err != nil {
				return err
			}
		}
		if j.Password != "" {
			return e.TextElement(xml.Name{Space: NS, Local: "password"}, j.Password)
		}
		return nil
	})
}

// ParseJoin reads a join <x/>.
func ParseJoin(el *xmlstream.Element) (Join, error) {
	if el.Name() != JoinName {
		return Join{}, ErrInvalid
	}
	var j Join
	if p, ok := el.Child(NS, "password"); ok {
		j.Password = p.Text()
	}
	if h, ok := el.Child(NS, "history"); ok {
		j.History = &History{}
		for _, l := range []struct {
			name string
			v    **int
		}{{"maxchars", &j.History.MaxChars}, {"maxstanzas", &j.History.MaxStanzas}, {"seconds", &j.History.Seconds}} {
			if s := h.Attr(l.name); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 {
					return Join{}, ErrInvalid
				}
				*l.v = &n
			}
		}
		if s := h.Attr("since"); s != "" {
			t, err := xtime.ParseDateTime(s)
			if err != nil {
				return Join{}, ErrInvalid
			}
			j.History.Since = t
		}
	}
	return j, nil
}
