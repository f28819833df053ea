package pubsub

import (
	"encoding/xml"
	"strconv"

	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// items answers an items request (§6.5): all, by id, the last max_items,
// or a XEP-0059 page, oldest first.
func (p *PEP) items(req Request, el *xmlstream.Element) (Response, error) {
	node := el.Attr("node")
	cfg, err := p.config(req.Owner, node)
	if err == nil {
		err = readable(cfg, req.Relation)
	}
	if err != nil {
		return Response{}, err
	}
	all, err := p.store.Items(req.Owner, node)
	if err != nil {
		return Response{}, errInternal
	}
	var ids []string
	for c := range el.Children() {
		if c.Name() == (xml.Name{Space: NS, Local: "item"}) {
			if c.Attr("id") == "" {
				return Response{}, stanza.NewError(stanza.BadRequest)
			}
			ids = append(ids, c.Attr("id"))
		}
	}
	var set *paging.Result
	switch {
	case len(ids) > 0:
		var picked []StoredItem
		for _, it := range all {
			for _, id := range ids {
				if it.ID == id {
					picked = append(picked, it)
					break
				}
			}
		}
		all = picked
	case el.Attr("max_items") != "":
		n, err := strconv.Atoi(el.Attr("max_items"))
		if err != nil || n < 1 {
			return Response{}, stanza.NewError(stanza.BadRequest)
		}
		all = all[len(all)-min(n, len(all)):]
	default:
		if s, ok := req.Payload.Child(paging.NS, "set"); ok {
			pr, err := paging.ParseRequest(s)
			if err != nil {
				return Response{}, paging.StanzaError(err)
			}
			lo, hi, res, err := pr.Window(itemList(all))
			if err != nil {
				return Response{}, paging.StanzaError(err)
			}
			all, set = all[lo:hi], &res
		}
	}
	return Response{Result: itemsResult{node: node, items: all, set: set}}, nil
}

// itemList is a node's items as a XEP-0059 result set, by item id.
type itemList []StoredItem

func (l itemList) Len() int         { return len(l) }
func (l itemList) UID(i int) string { return l[i].ID }
func (l itemList) Find(uid string) (int, bool) {
	for i, it := range l {
		if it.ID == uid {
			return i, true
		}
	}
	return 0, false
}

// itemsResult writes <pubsub><items node>…</items>[<set/>]</pubsub>.
type itemsResult struct {
	node  string
	items []StoredItem
	set   *paging.Result
}

func (r itemsResult) WriteXML(e xmlstream.Encoder) error {
	return e.Element(Name, nil, func(e xmlstream.Encoder) error {
		err := e.Element(xml.Name{Space: NS, Local: "items"}, []xml.Attr{attr("node", r.node)}, func(e xmlstream.Encoder) error {
			for _, it := range r.items {
				if err := toItem(it).writeXML(e, NS); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || r.set == nil {
			return err
		}
		return r.set.WriteXML(e)
	})
}

// toItem is a stored item as written in results and events.
func toItem(it StoredItem) Item {
	out := Item{ID: it.ID}
	if !it.Publisher.IsZero() {
		out.Publisher = it.Publisher.String()
	}
	if it.Payload != nil {
		out.Payload = it.Payload
	}
	return out
}
