package disco

import (
	"context"
	"iter"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ErrPagingStalled is returned by Items when a responder hands out a page
// it handed out before, which would otherwise loop for ever.
var ErrPagingStalled = paging.ErrStalled

// GetInfo asks the entity to (the zero JID: the account's server) what it
// is and supports, or what one of its nodes is (node "" for the entity
// itself). The result's Node is the node asked for. An error answer comes
// back as a *stanza.Error, a result without <query/> as xmpp.ErrNoPayload.
func GetInfo(ctx context.Context, s *xmpp.Session, to jid.JID, node string) (Info, error) {
	info, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: to}, Info{Node: node}, InfoName, ParseInfo)
	if err != nil {
		return Info{}, err
	}
	info.Node = node
	return info, nil
}

// Items iterates over the items associated with the entity to, or with one
// of its nodes. It stops at the first error, which it yields.
//
// Items does not ask for pages itself (XEP-0059 §4: no result set
// management without knowing the responder supports it), so a responder
// that does not page sends every item at once. A responder that pages on
// its own says so with a result set: Items then asks for the pages after
// it, one at a time as the loop goes on, until a page is empty, the count
// is reached or the responder stops paging.
func Items(ctx context.Context, s *xmpp.Session, to jid.JID, node string) iter.Seq2[Item, error] {
	return paging.Items(paging.Request{}, func(req paging.Request) ([]Item, paging.Result, error) {
		page, err := getItems(ctx, s, to, node, req)
		if err != nil || page.set == nil {
			return page.items, paging.Result{}, err
		}
		return page.items, *page.set, nil
	})
}

// getItems asks for one page of items (all of them for a zero set).
func getItems(ctx context.Context, s *xmpp.Session, to jid.JID, node string, set paging.Request) (itemsPage, error) {
	req := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := startQuery(w, ItemsName, node); err != nil {
			return err
		}
		if !set.IsZero() {
			if err := set.WriteXML(w); err != nil {
				return err
			}
		}
		return w.End()
	})
	el, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: to}, req)
	if err != nil {
		return itemsPage{}, err
	}
	q, ok := el.Child(NSItems, "query")
	if !ok {
		return itemsPage{}, ErrNotItems
	}
	return parseItems(q)
}
