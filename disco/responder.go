package disco

import (
	"context"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// responder is a Handler made ready to answer: computed once, read-only.
type responder struct {
	self     Info
	capsNode string // node#ver answered like the entity itself; "" for none
	all      []Item
	nodes    NodeHandler
}

func newResponder(h Handler) *responder {
	r := &responder{self: h.Info(), all: slices.Clone(h.Items), nodes: h.Nodes}
	if c, err := h.Caps(); err == nil {
		r.capsNode = c.InfoNode()
	}
	return r
}

func (r *responder) routes() []mux.Option {
	return []mux.Option{
		mux.Get(InfoName, mux.IQResponderFunc(r.info)),
		mux.Get(ItemsName, mux.IQResponderFunc(r.items)),
	}
}

// info answers a disco#info query, mirroring its node.
func (r *responder) info(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	q, _ := st.Element.Child(NSInfo, "query") // the mux routed it here
	node := q.Attr("node")
	var info Info
	switch {
	case node == "" || node == r.capsNode:
		info = r.self
	case r.nodes != nil:
		var err error
		if info, err = r.nodes.NodeInfo(ctx, requester(s, st), node); err != nil {
			return nil, err
		}
	default:
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	info.Node = node
	return info, nil
}

// items answers a disco#items query, a page of it if asked.
func (r *responder) items(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	q, _ := st.Element.Child(NSItems, "query") // the mux routed it here
	page := &itemsPage{node: q.Attr("node")}
	switch {
	case page.node == "":
		page.items = r.all
	case r.nodes != nil:
		var err error
		if page.items, err = r.nodes.NodeItems(ctx, requester(s, st), page.node); err != nil {
			return nil, err
		}
	default:
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	if set, ok := q.Child(nsRSM, "set"); ok {
		if err := page.limit(set); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// limit cuts p down to the page that the request's <set/> asks for, with
// the items' positions as their UIDs.
func (p *itemsPage) limit(set *xmlstream.Element) error {
	req, err := paging.ParseRequest(set)
	if err != nil {
		return paging.StanzaError(err)
	}
	lo, hi, res, err := req.Window(paging.Positions(len(p.items)))
	if err != nil {
		return paging.StanzaError(err)
	}
	p.items, p.set = p.items[lo:hi], &res
	return nil
}

// requester returns who sent st: its 'from', or the stream's peer for a
// stanza without one.
func requester(s *xmpp.Session, st *xmpp.Stanza) jid.JID {
	if st.Header.From.IsZero() {
		return s.RemoteAddr()
	}
	return st.Header.From
}
