package pubsub

import (
	"context"
	"encoding/xml"
	"fmt"
	"iter"
	"strconv"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Items iterates over the items of node at service (XEP-0060 §6.5.2; the
// zero service is the account's own PEP service). It stops at the first
// error, which it yields.
//
// With a zero page, Items asks for every item and sends no result set
// (XEP-0059 §4 forbids one toward a service not known to page); a
// service that pages on its own says so, and Items then asks for the
// following pages as the loop goes on. With a page (a Max, for example),
// the service must support result set management (feature [NSRSM]).
func Items(ctx context.Context, s *xmpp.Session, service jid.JID, node string, page paging.Request) iter.Seq2[Item, error] {
	return paging.Items(page, func(req paging.Request) ([]Item, paging.Result, error) {
		return getItems(ctx, s, service, node, req, 0, nil)
	})
}

// LastItems returns the newest max items of node at service (§6.5.7,
// max_items), for services without result set management; max <= 0 asks
// for every item.
func LastItems(ctx context.Context, s *xmpp.Session, service jid.JID, node string, max int) ([]Item, error) {
	items, _, err := getItems(ctx, s, service, node, paging.Request{}, max, nil)
	return items, err
}

// ItemsByID returns the items of node at service with the given ids
// (§6.5.8); ids the node does not hold are left out.
func ItemsByID(ctx context.Context, s *xmpp.Session, service jid.JID, node string, ids ...string) ([]Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	items, _, err := getItems(ctx, s, service, node, paging.Request{}, 0, ids)
	return items, err
}

// getItems asks for one page of items.
func getItems(ctx context.Context, s *xmpp.Session, service jid.JID, node string, set paging.Request, max int, ids []string) ([]Item, paging.Result, error) {
	if node == "" {
		return nil, paging.Result{}, ErrNoNode
	}
	attrs := []xml.Attr{attr("node", node)}
	if max > 0 {
		attrs = append(attrs, attr("max_items", strconv.Itoa(max)))
	}
	ps, err := send(ctx, s, stanza.GetIQ, service, NS, func(e xmlstream.Encoder) error {
		err := e.Element(xml.Name{Space: NS, Local: "items"}, attrs, func(e xmlstream.Encoder) error {
			for _, id := range ids {
				if err := e.EmptyElement(xml.Name{Space: NS, Local: "item"}, attr("id", id)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || set.IsZero() {
			return err
		}
		return set.WriteXML(e)
	})
	if err != nil {
		return nil, paging.Result{}, err
	}
	if ps == nil {
		return nil, paging.Result{}, fmt.Errorf("%w {%s}pubsub", xmpp.ErrNoPayload, NS)
	}
	return ParseItems(ps)
}

// ParseItems reads the <pubsub/> of an items result: its items, and its
// result set if the service pages (a zero Result otherwise).
func ParseItems(ps *xmlstream.Element) ([]Item, paging.Result, error) {
	if ps.Name() != Name {
		return nil, paging.Result{}, fmt.Errorf("%w: not a pubsub <pubsub/>", ErrInvalid)
	}
	el, ok := ps.Child(NS, "items")
	if !ok {
		return nil, paging.Result{}, fmt.Errorf("%w: result without <items/>", ErrInvalid)
	}
	var items []Item
	for c := range el.Children() {
		if c.Name() != (xml.Name{Space: NS, Local: "item"}) {
			continue
		}
		it, err := parseItem(c)
		if err != nil {
			return nil, paging.Result{}, err
		}
		items = append(items, it)
	}
	var res paging.Result
	if set, ok := ps.Child(paging.NS, "set"); ok {
		var err error
		if res, err = paging.ParseResult(set); err != nil {
			return nil, paging.Result{}, err
		}
	}
	return items, res, nil
}
