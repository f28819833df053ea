package disco

import (
	"context"
	"errors"
	"iter"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ErrPagingStalled is returned by Items when a responder hands out a page
// it handed out before, which would otherwise loop for ever.
var ErrPagingStalled = errors.New("disco: result set paging made no progress")

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
	return func(yield func(Item, error) bool) {
		var next *rsmRequest
		seen := 0
		lasts := make(map[string]struct{}) // UIDs that ended a page so far
		for {
			page, err := getItems(ctx, s, to, node, next)
			if err != nil {
				yield(Item{}, err)
				return
			}
			if page.set != nil && page.set.last != "" {
				if _, again := lasts[page.set.last]; again {
					yield(Item{}, ErrPagingStalled)
					return
				}
				lasts[page.set.last] = struct{}{}
			}
			for _, it := range page.items {
				if !yield(it, nil) {
					return
				}
			}
			seen += len(page.items)
			if !morePages(page, seen) {
				return
			}
			next = &rsmRequest{max: len(page.items), after: page.set.last, hasAfter: true, index: -1}
		}
	}
}

// morePages reports whether a page says there are items after it.
func morePages(p itemsPage, seen int) bool {
	switch {
	case p.set == nil || p.set.last == "" || len(p.items) == 0:
		return false
	case p.set.count >= 0 && seen >= p.set.count:
		return false
	}
	return true
}

// getItems asks for one page of items (all of them if set is nil).
func getItems(ctx context.Context, s *xmpp.Session, to jid.JID, node string, set *rsmRequest) (itemsPage, error) {
	req := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := startQuery(w, ItemsName, node); err != nil {
			return err
		}
		if set != nil {
			if err := set.writeXML(w); err != nil {
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
