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
	info     Info
	capsNode string // node#ver answered like the entity itself; "" for none
	items    []Item
	nodes    NodeHandler
}

func newResponder(h Handler) *responder {
	r := &responder{info: h.Info(), items: slices.Clone(h.Items), nodes: h.Nodes}
	if c, err := h.Caps(); err == nil {
		r.capsNode = c.InfoNode()
	}
	return r
}

func (r *responder) routes() []mux.Option {
	return []mux.Option{
		mux.IQFunc(stanza.GetIQ, InfoName, r.handleInfo),
		mux.IQFunc(stanza.GetIQ, ItemsName, r.handleItems),
	}
}

// handleInfo answers a disco#info query, mirroring its node.
func (r *responder) handleInfo(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	q, ok := st.Element.Child(NSInfo, "query")
	if !ok {
		return stanza.NewError(stanza.BadRequest)
	}
	node := q.Attr("node")
	var info Info
	switch {
	case node == "" || node == r.capsNode:
		info = r.info
	case r.nodes != nil:
		var err error
		if info, err = r.nodes.NodeInfo(ctx, requester(s, st), node); err != nil {
			return err
		}
	default:
		return stanza.NewError(stanza.ItemNotFound)
	}
	info.Node = node
	return reply(ctx, s, st, info)
}

// handleItems answers a disco#items query, a page of it if asked.
func (r *responder) handleItems(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	q, ok := st.Element.Child(NSItems, "query")
	if !ok {
		return stanza.NewError(stanza.BadRequest)
	}
	page := &itemsPage{node: q.Attr("node")}
	switch {
	case page.node == "":
		page.items = r.items
	case r.nodes != nil:
		var err error
		if page.items, err = r.nodes.NodeItems(ctx, requester(s, st), page.node); err != nil {
			return err
		}
	default:
		return stanza.NewError(stanza.ItemNotFound)
	}
	if set, ok := q.Child(nsRSM, "set"); ok {
		if err := page.limit(set); err != nil {
			return err
		}
	}
	return reply(ctx, s, st, page)
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

// reply sends the result to the request st, carrying payload.
func reply(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza, payload xmlstream.Marshaler) error {
	return s.Send(ctx, &result{iq: st.Header.IQ().Result(), payload: payload})
}

// result is an IQ result carrying a payload.
type result struct {
	iq      stanza.IQ
	payload xmlstream.Marshaler
}

func (r *result) WriteXML(w xmlstream.Encoder) error {
	if err := r.iq.WriteStart(w); err != nil {
		return err
	}
	if err := r.payload.WriteXML(w); err != nil {
		return err
	}
	return w.End()
}
