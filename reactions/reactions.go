package reactions

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0444 and the feature a supporting client
// advertises (§2.1); Name, its <reactions/> element.
const NS = "urn:xmpp:reactions:0"

var Name = xml.Name{Space: NS, Local: "reactions"}

var reactionName = xml.Name{Space: NS, Local: "reaction"}

// Limits on what a peer may send. A client offers a few reactions per
// message; no emoji sequence in UTS #51 is longer than 40 bytes.
const (
	MaxReactions  = 64
	MaxEmojiBytes = 64
)

// Errors Parse and WriteXML give.
var (
	ErrNotReactions = errors.New("reactions: not a <reactions xmlns='urn:xmpp:reactions:0'/>")
	ErrNoID         = errors.New("reactions: missing, empty or oversized 'id'")
	ErrTooMany      = errors.New("reactions: more reactions than MaxReactions")
	ErrNotEmoji     = errors.New("reactions: reaction is not a single emoji")
	ErrDuplicate    = errors.New("reactions: the same reaction twice") // §4
)

// Reactions is the <reactions/> element: the sender's complete set of
// reactions to the message whose id is ID. An empty Emoji withdraws them
// all (§3.2).
type Reactions struct {
	ID    string
	Emoji []string
}

// WriteXML writes r. It refuses an empty ID, more than MaxReactions
// reactions, one that is not a single emoji and the same one twice.
func (r Reactions) WriteXML(e xmlstream.Encoder) error {
	if r.ID == "" {
		return ErrNoID
	}
	if len(r.Emoji) > MaxReactions {
		return ErrTooMany
	}
	seen := make(map[string]struct{}, len(r.Emoji))
	for _, s := range r.Emoji {
		if !Valid(s) {
			return ErrNotEmoji
		}
		if _, dup := seen[s]; dup {
			return ErrDuplicate
		}
		seen[s] = struct{}{}
	}
	return e.Element(Name, []xml.Attr{{Name: xml.Name{Local: "id"}, Value: r.ID}}, func(e xmlstream.Encoder) error {
		for _, s := range r.Emoji {
			if err := e.TextElement(reactionName, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// Parse reads a <reactions/> element. Reactions that are not a single
// emoji, that hold elements, or that repeat an earlier one are dropped
// (§4 lets a receiver ignore them); more than MaxReactions <reaction/>
// children, valid or not, is ErrTooMany.
func Parse(el *xmlstream.Element) (Reactions, error) {
	if el.Name() != Name {
		return Reactions{}, ErrNotReactions
	}
	id := el.Attr("id")
	if id == "" || len(id) > stanzaid.MaxIDBytes {
		return Reactions{}, ErrNoID
	}
	r := Reactions{ID: id}
	n := 0
	for c := range el.Children() {
		if c.Name() != reactionName {
			continue
		}
		if n++; n > MaxReactions {
			return Reactions{}, ErrTooMany
		}
		if _, ok := c.FirstChild(); ok {
			continue
		}
		if s := c.Text(); Valid(s) && !contains(r.Emoji, s) {
			r.Emoji = append(r.Emoji, s)
		}
	}
	return r, nil
}

// contains is a linear search: at most MaxReactions entries.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
