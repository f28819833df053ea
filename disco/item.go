package disco

import (
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmlstream"
)

// Errors for a disco#items <query/> that cannot be read.
var (
	ErrNotItems = errors.New("disco: not a disco#items <query/>")
	ErrItem     = errors.New("disco: item without a valid jid")
)

// Item is an <item/> of a disco#items result (XEP-0030 §4.1): an entity,
// or a node of one, associated with the entity queried.
type Item struct {
	JID  jid.JID // required
	Node string  // empty for none
	Name string  // for people; empty for none
}

func (it Item) writeXML(w xmlstream.Encoder) error {
	var buf [3]xml.Attr
	attrs := append(buf[:0], xml.Attr{Name: xml.Name{Local: "jid"}, Value: it.JID.String()})
	if it.Node != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "node"}, Value: it.Node})
	}
	if it.Name != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "name"}, Value: it.Name})
	}
	if err := w.Start(xml.Name{Space: NSItems, Local: "item"}, attrs...); err != nil {
		return err
	}
	return w.End()
}

func parseItem(el *xmlstream.Element) (Item, error) {
	j, err := jid.Parse(el.Attr("jid"))
	if err != nil {
		return Item{}, fmt.Errorf("%w: %w", ErrItem, err)
	}
	return Item{JID: j, Node: el.Attr("node"), Name: el.Attr("name")}, nil
}

// itemsPage is a disco#items <query/>: a list of items, and the result set
// information of a page of a longer list.
type itemsPage struct {
	node  string
	items []Item
	set   *paging.Result // nil when the answer was not paged
}

func (p *itemsPage) WriteXML(w xmlstream.Encoder) error {
	if err := startQuery(w, ItemsName, p.node); err != nil {
		return err
	}
	for _, it := range p.items {
		if err := it.writeXML(w); err != nil {
			return err
		}
	}
	if p.set != nil {
		if err := p.set.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// parseItems reads a disco#items <query/>. Every item needs a valid jid,
// and a result set must be well formed.
func parseItems(el *xmlstream.Element) (itemsPage, error) {
	if el.Name() != ItemsName {
		return itemsPage{}, ErrNotItems
	}
	p := itemsPage{node: el.Attr("node")}
	for c := range el.Children() {
		switch c.Name() {
		case xml.Name{Space: NSItems, Local: "item"}:
			it, err := parseItem(c)
			if err != nil {
				return itemsPage{}, err
			}
			p.items = append(p.items, it)
		case paging.Name:
			set, err := paging.ParseResult(c)
			if err != nil {
				return itemsPage{}, err
			}
			p.set = &set
		}
	}
	return p, nil
}
