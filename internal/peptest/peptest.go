// Package peptest is a fake XEP-0163 PEP service for the tests of the
// packages built on PEP (avatar, bookmarks): one account's nodes, kept in
// memory, answering the XEP-0060 publish, items and retract requests that
// package pubsub sends. It is test support, not a pubsub implementation:
// no subscriptions, no access control, no node configuration.
package peptest

import (
	"context"
	"encoding/xml"
	"slices"
	"strconv"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

const ns = "http://jabber.org/protocol/pubsub"

var name = xml.Name{Space: ns, Local: "pubsub"}

// Item is a stored item: its id and payload (nil for none).
type Item struct {
	ID      string
	Payload *xmlstream.Element
}

// Service holds the nodes of one account. The zero Service is empty.
type Service struct {
	mu      sync.Mutex
	nodes   map[string][]Item
	options map[string]*xmlstream.Element // the last publish-options per node
}

// Put stores an item as if published, replacing one with the same id.
func (sv *Service) Put(node string, it Item) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.nodes == nil {
		sv.nodes = map[string][]Item{}
	}
	items := slices.DeleteFunc(sv.nodes[node], func(o Item) bool { return o.ID == it.ID })
	sv.nodes[node] = append(items, it)
}

// Items returns the items of node, oldest first.
func (sv *Service) Items(node string) []Item {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return slices.Clone(sv.nodes[node])
}

// Options returns the publish-options form last sent for node, or nil.
func (sv *Service) Options(node string) *xmlstream.Element {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return sv.options[node]
}

// Handle returns the mux routes answering pubsub get and set IQs.
func (sv *Service) Handle() mux.Option {
	return mux.Options(mux.Get(name, mux.IQResponderFunc(sv.get)), mux.Set(name, mux.IQResponderFunc(sv.set)))
}

func (sv *Service) set(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	ps, _ := req.Element.Child(ns, "pubsub")
	if pub, ok := ps.Child(ns, "publish"); ok {
		node := pub.Attr("node")
		it, ok := pub.Child(ns, "item")
		if node == "" || !ok {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		id := it.Attr("id")
		if id == "" {
			id = strconv.Itoa(len(sv.Items(node)) + 1)
		}
		var payload *xmlstream.Element
		for c := range it.Children() {
			payload = c.Clone()
			break
		}
		sv.Put(node, Item{ID: id, Payload: payload})
		if opts, ok := ps.Child(ns, "publish-options"); ok {
			sv.mu.Lock()
			if sv.options == nil {
				sv.options = map[string]*xmlstream.Element{}
			}
			sv.options[node] = opts.Clone()
			sv.mu.Unlock()
		}
		return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
			return e.Element(name, nil, func(e xmlstream.Encoder) error {
				return e.Element(xml.Name{Space: ns, Local: "publish"}, []xml.Attr{attr("node", node)}, func(e xmlstream.Encoder) error {
					return e.EmptyElement(xml.Name{Space: ns, Local: "item"}, attr("id", id))
				})
			})
		}), nil
	}
	if r, ok := ps.Child(ns, "retract"); ok {
		it, ok := r.Child(ns, "item")
		if !ok {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		sv.mu.Lock()
		defer sv.mu.Unlock()
		node := r.Attr("node")
		n := len(sv.nodes[node])
		sv.nodes[node] = slices.DeleteFunc(sv.nodes[node], func(o Item) bool { return o.ID == it.Attr("id") })
		if len(sv.nodes[node]) == n {
			return nil, stanza.NewError(stanza.ItemNotFound)
		}
		return nil, nil
	}
	return nil, stanza.NewError(stanza.FeatureNotImplemented)
}

func (sv *Service) get(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	ps, _ := req.Element.Child(ns, "pubsub")
	q, ok := ps.Child(ns, "items")
	if !ok {
		return nil, stanza.NewError(stanza.FeatureNotImplemented)
	}
	node := q.Attr("node")
	sv.mu.Lock()
	items, exists := sv.nodes[node]
	items = slices.Clone(items)
	sv.mu.Unlock()
	if !exists {
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	var ids []string
	for c := range q.Children() {
		ids = append(ids, c.Attr("id"))
	}
	if len(ids) > 0 {
		items = slices.DeleteFunc(items, func(it Item) bool { return !slices.Contains(ids, it.ID) })
	}
	if max, err := strconv.Atoi(q.Attr("max_items")); err == nil && max > 0 && max < len(items) {
		items = items[len(items)-max:]
	}
	return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		return e.Element(name, nil, func(e xmlstream.Encoder) error {
			return e.Element(xml.Name{Space: ns, Local: "items"}, []xml.Attr{attr("node", node)}, func(e xmlstream.Encoder) error {
				for _, it := range items {
					err := e.Element(xml.Name{Space: ns, Local: "item"}, []xml.Attr{attr("id", it.ID)}, func(e xmlstream.Encoder) error {
						if it.Payload == nil {
							return nil
						}
						return it.Payload.WriteXML(e)
					})
					if err != nil {
						return err
					}
				}
				return nil
			})
		})
	}), nil
}

func attr(local, v string) xml.Attr { return xml.Attr{Name: xml.Name{Local: local}, Value: v} }
