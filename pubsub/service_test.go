package pubsub_test

import (
	"context"
	"encoding/xml"
	"strconv"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// fakeService answers as a pubsub service would, over a mux, keeping
// nodes in memory. It pages items only when asked with a <set/>.
type fakeService struct {
	mu      sync.Mutex
	nodes   map[string][]pubsub.Item
	config  map[string]form.Form
	options []form.Form // publish-options forms received
	next    int
	notify  []bool // retract notify flags received
}

func newFakeService() *fakeService {
	return &fakeService{nodes: map[string][]pubsub.Item{}, config: map[string]form.Form{}}
}

func (f *fakeService) handle() mux.Option {
	return mux.Options(
		mux.Set(pubsub.Name, mux.IQResponderFunc(f.set)),
		mux.Get(pubsub.Name, mux.IQResponderFunc(f.get)),
		mux.Set(pubsub.OwnerName, mux.IQResponderFunc(f.ownerSet)),
		mux.Get(pubsub.OwnerName, mux.IQResponderFunc(f.ownerGet)),
	)
}

type child = xmlstream.Element

func elem(ns, local string, attrs []xml.Attr, body func(xmlstream.Encoder) error) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		return e.Element(xml.Name{Space: ns, Local: "pubsub"}, nil, func(e xmlstream.Encoder) error {
			if body == nil {
				return e.EmptyElement(xml.Name{Space: ns, Local: local}, attrs...)
			}
			return e.Element(xml.Name{Space: ns, Local: local}, attrs, body)
		})
	})
}

func at(k, v string) xml.Attr { return xml.Attr{Name: xml.Name{Local: k}, Value: v} }

func only(st *xmpp.Stanza, ns string) *child {
	ps, _ := st.Element.Child(ns, "pubsub")
	for c := range ps.Children() {
		return c
	}
	return nil
}

func (f *fakeService) set(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ps, _ := st.Element.Child(pubsub.NS, "pubsub")
	c := only(st, pubsub.NS)
	node := c.Attr("node")
	switch c.Name().Local {
	case "create":
		if node == "" {
			f.next++
			node = "instant" + strconv.Itoa(f.next)
		}
		if _, ok := f.nodes[node]; ok {
			return nil, stanza.NewError(stanza.Conflict)
		}
		f.nodes[node] = nil
		if cf, ok := ps.Child(pubsub.NS, "configure"); ok {
			x, _ := cf.Child(form.NS, "x")
			fm, err := form.Parse(x)
			if err != nil {
				return nil, stanza.NewError(stanza.BadRequest)
			}
			f.config[node] = fm
		}
		return elem(pubsub.NS, "create", []xml.Attr{at("node", node)}, nil), nil
	case "publish":
		it, _ := c.Child(pubsub.NS, "item")
		id := it.Attr("id")
		if id == "" {
			f.next++
			id = "gen" + strconv.Itoa(f.next)
		}
		var payload xmlstream.Marshaler
		for p := range it.Children() {
			payload = p.Clone()
		}
		if po, ok := ps.Child(pubsub.NS, "publish-options"); ok {
			x, _ := po.Child(form.NS, "x")
			fm, _ := form.Parse(x)
			f.options = append(f.options, fm)
		}
		items := f.nodes[node]
		for i, old := range items {
			if old.ID == id {
				items = append(items[:i:i], items[i+1:]...)
				break
			}
		}
		f.nodes[node] = append(items, pubsub.Item{ID: id, Payload: payload})
		return elem(pubsub.NS, "publish", []xml.Attr{at("node", node)}, func(e xmlstream.Encoder) error {
			return e.EmptyElement(xml.Name{Space: pubsub.NS, Local: "item"}, at("id", id))
		}), nil
	case "retract":
		it, _ := c.Child(pubsub.NS, "item")
		f.notify = append(f.notify, c.Attr("notify") == "true" || c.Attr("notify") == "1")
		items := f.nodes[node]
		for i, old := range items {
			if old.ID == it.Attr("id") {
				f.nodes[node] = append(items[:i:i], items[i+1:]...)
				return nil, nil
			}
		}
		return nil, stanza.NewError(stanza.ItemNotFound)
	case "subscribe":
		return elem(pubsub.NS, "subscription", []xml.Attr{at("node", node), at("jid", c.Attr("jid")), at("subid", "s1"), at("subscription", "subscribed")}, nil), nil
	case "unsubscribe":
		if c.Attr("subid") != "s1" {
			return nil, stanza.NewError(stanza.NotAcceptable)
		}
		return nil, nil
	}
	return nil, stanza.NewError(stanza.FeatureNotImplemented)
}

func (f *fakeService) get(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ps, _ := st.Element.Child(pubsub.NS, "pubsub")
	c := only(st, pubsub.NS)
	node := c.Attr("node")
	switch c.Name().Local {
	case "items":
		items, ok := f.nodes[node]
		if !ok {
			return nil, stanza.NewError(stanza.ItemNotFound)
		}
		var ids []string
		for it := range c.Children() {
			ids = append(ids, it.Attr("id"))
		}
		if len(ids) > 0 {
			var picked []pubsub.Item
			for _, it := range items {
				for _, id := range ids {
					if it.ID == id {
						picked = append(picked, it)
					}
				}
			}
			items = picked
		}
		if n, err := strconv.Atoi(c.Attr("max_items")); err == nil && n < len(items) {
			items = items[len(items)-n:]
		}
		var res *paging.Result
		if set, ok := ps.Child(paging.NS, "set"); ok {
			req, err := paging.ParseRequest(set)
			if err != nil {
				return nil, stanza.NewError(stanza.BadRequest)
			}
			lo, hi, r, err := req.Window(paging.Positions(len(items)))
			if err != nil {
				return nil, stanza.NewError(stanza.ItemNotFound)
			}
			items, res = items[lo:hi], &r
		}
		return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
			return e.Element(pubsub.Name, nil, func(e xmlstream.Encoder) error {
				err := e.Element(xml.Name{Space: pubsub.NS, Local: "items"}, []xml.Attr{at("node", node)}, func(e xmlstream.Encoder) error {
					for _, it := range items {
						attrs := []xml.Attr{at("id", it.ID)}
						if it.Payload == nil {
							if err := e.EmptyElement(xml.Name{Space: pubsub.NS, Local: "item"}, attrs...); err != nil {
								return err
							}
							continue
						}
						if err := e.Element(xml.Name{Space: pubsub.NS, Local: "item"}, attrs, it.Payload.WriteXML); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil || res == nil {
					return err
				}
				return res.WriteXML(e)
			})
		}), nil
	case "subscriptions":
		return elem(pubsub.NS, "subscriptions", nil, func(e xmlstream.Encoder) error {
			return e.EmptyElement(xml.Name{Space: pubsub.NS, Local: "subscription"}, at("node", "n"), at("jid", "hamlet@denmark.lit"), at("subscription", "subscribed"), at("subid", "s1"))
		}), nil
	case "affiliations":
		return elem(pubsub.NS, "affiliations", nil, func(e xmlstream.Encoder) error {
			return e.EmptyElement(xml.Name{Space: pubsub.NS, Local: "affiliation"}, at("node", "n"), at("affiliation", "owner"))
		}), nil
	}
	return nil, stanza.NewError(stanza.FeatureNotImplemented)
}

func (f *fakeService) ownerSet(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := only(st, pubsub.NSOwner)
	node := c.Attr("node")
	if _, ok := f.nodes[node]; !ok {
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	switch c.Name().Local {
	case "configure":
		x, _ := c.Child(form.NS, "x")
		fm, err := form.Parse(x)
		if err != nil || fm.FormType() != pubsub.NSNodeConfig {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		f.config[node] = fm
	case "delete":
		delete(f.nodes, node)
	case "purge":
		f.nodes[node] = nil
	default:
		return nil, stanza.NewError(stanza.FeatureNotImplemented)
	}
	return nil, nil
}

func (f *fakeService) ownerGet(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := only(st, pubsub.NSOwner)
	node := c.Attr("node")
	if _, ok := f.nodes[node]; !ok {
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	switch c.Name().Local {
	case "configure":
		fm := f.config[node]
		fm.Type = form.TypeForm
		return elem(pubsub.NSOwner, "configure", []xml.Attr{at("node", node)}, fm.WriteXML), nil
	case "subscriptions":
		return elem(pubsub.NSOwner, "subscriptions", []xml.Attr{at("node", node)}, func(e xmlstream.Encoder) error {
			return e.EmptyElement(xml.Name{Space: pubsub.NSOwner, Local: "subscription"}, at("jid", "horatio@denmark.lit"), at("subscription", "pending"))
		}), nil
	case "affiliations":
		return elem(pubsub.NSOwner, "affiliations", []xml.Attr{at("node", node)}, func(e xmlstream.Encoder) error {
			return e.EmptyElement(xml.Name{Space: pubsub.NSOwner, Local: "affiliation"}, at("jid", "hamlet@denmark.lit"), at("affiliation", "owner"))
		}), nil
	}
	return nil, stanza.NewError(stanza.FeatureNotImplemented)
}
