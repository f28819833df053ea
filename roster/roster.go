package roster

import (
	"encoding/xml"
	"slices"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Roster is a roster at a version: the <query/> of a roster result, and
// the value a client keeps between logins to ask for changes only (RFC
// 6121 §2.6). Ver is empty when the server does not version rosters.
type Roster struct {
	Ver   string
	Items []Item
}

// WriteXML writes r as a <query/>, with ver when r has one.
func (r Roster) WriteXML(w xmlstream.Encoder) error {
	var attrs []xml.Attr
	if r.Ver != "" {
		attrs = []xml.Attr{{Name: attrVer, Value: r.Ver}}
	}
	if err := w.Start(Name, attrs...); err != nil {
		return err
	}
	for _, it := range r.Items {
		if err := it.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// Parse reads a roster <query/>: a result, or a push (whose single item
// [Handler] checks).
func Parse(el *xmlstream.Element) (Roster, error) {
	if el.Name() != Name {
		return Roster{}, ErrInvalid
	}
	r := Roster{Ver: el.Attr("ver")}
	for c := range el.Children() {
		if c.Name() != ItemName {
			continue // an extension
		}
		it, err := ParseItem(c)
		if err != nil {
			return Roster{}, err
		}
		r.Items = append(r.Items, it)
	}
	return r, nil
}

// Lookup returns the item for the contact c.
func (r Roster) Lookup(c jid.JID) (Item, bool) {
	for _, it := range r.Items {
		if it.JID == c {
			return it, true
		}
	}
	return Item{}, false
}

// Apply returns r with a push's item applied (RFC 6121 §2.1.6): added,
// replacing the item for the same JID, or removed for subscription
// SubRemove; and the version set to ver when not empty. r is not modified.
func (r Roster) Apply(it Item, ver string) Roster {
	out := Roster{Ver: r.Ver, Items: make([]Item, 0, len(r.Items)+1)}
	if ver != "" {
		out.Ver = ver
	}
	for _, have := range r.Items {
		if have.JID != it.JID {
			out.Items = append(out.Items, have)
		}
	}
	if it.Subscription != SubRemove {
		it.Groups = slices.Clone(it.Groups)
		out.Items = append(out.Items, it)
	}
	return out
}

// clone returns a copy of r sharing nothing with it.
func (r Roster) clone() Roster {
	out := Roster{Ver: r.Ver, Items: slices.Clone(r.Items)}
	for i := range out.Items {
		out.Items[i].Groups = slices.Clone(out.Items[i].Groups)
	}
	return out
}

// query is the <query/> of a roster get: with ver (possibly empty) when
// versioning is in use (§2.6.2).
type query struct {
	ver       string
	versioned bool
}

func (q query) WriteXML(w xmlstream.Encoder) error {
	if !q.versioned {
		return w.EmptyElement(Name)
	}
	return w.EmptyElement(Name, xml.Attr{Name: attrVer, Value: q.ver})
}

// set is the <query/> of a roster set: one item (§2.3.2).
type set struct{ item Item }

func (s set) WriteXML(w xmlstream.Encoder) error {
	return w.Element(Name, nil, s.item.WriteXML)
}
