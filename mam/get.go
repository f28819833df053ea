package mam

import (
	"context"
	"iter"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// settle bounds the wait, after the IQ result, for the result its <fin/>
// names as last: the handler runs behind the IQ, but not by seconds.
const settle = 5 * time.Second

// Query walks the archive at archive (zero: the account's own; a room's
// bare JID for a room), filtered by f, page by page from first (the zero
// Request lets the archive choose the page; set Max to bound it). Each
// Result owns its Forwarded stanza. The walk ends at <fin
// complete='true'/>, at an empty page, or at the first error. h must be in
// s's mux.
func (h *Handler) Query(ctx context.Context, s *xmpp.Session, archive jid.JID, f Filter, first paging.Request) iter.Seq2[Result, error] {
	archive = archive.Bare()
	return func(yield func(Result, error) bool) {
		done := false // per walk: the Seq may be ranged over again
		for r, err := range paging.Items(first, func(req paging.Request) ([]Result, paging.Result, error) {
			if done {
				return nil, paging.Result{}, nil
			}
			rs, fin, err := h.page(ctx, s, archive, Query{Filter: f, Set: req})
			done = fin.Complete
			return rs, fin.Set, err
		}) {
			if !yield(r, err) {
				return
			}
		}
	}
}

// Since walks the account's own archive from the message after the one
// with archive id last, oldest first, in pages of max (zero: 100): what
// arrived while the client was away. An empty last walks the whole
// archive.
func (h *Handler) Since(ctx context.Context, s *xmpp.Session, last string, max int) iter.Seq2[Result, error] {
	if max <= 0 {
		max = 100
	}
	return h.Query(ctx, s, jid.JID{}, Filter{}, paging.Request{After: last, Max: max})
}

// page sends one query and returns its results once the last one the
// <fin/> names has been collected.
func (h *Handler) page(ctx context.Context, s *xmpp.Session, archive jid.JID, q Query) ([]Result, Fin, error) {
	limit := DefaultLimit
	if q.Set.Max > 0 {
		limit = q.Set.Max
	}
	id, c := h.register(s, archive, limit)
	defer h.unregister(id)
	q.ID = id
	fin, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.SetIQ, To: archive}, q, FinName, ParseFin)
	if err != nil {
		return nil, Fin{}, err
	}
	if fin.Set.Last == "" {
		_, rs, err := c.has("")
		return rs, fin, err
	}
	timer := time.NewTimer(settle)
	defer timer.Stop()
	for {
		ok, rs, err := c.has(fin.Set.Last)
		if err != nil {
			return nil, Fin{}, err
		}
		if ok {
			return rs, fin, nil
		}
		select {
		case <-c.arrived:
		case <-ctx.Done():
			return nil, Fin{}, ctx.Err()
		case <-timer.C:
			return nil, Fin{}, ErrIncomplete
		}
	}
}

// Fields asks the archive at archive (zero: the account's own) which
// filter fields it supports (§5.1.1): the form its query takes, whose
// FORM_TYPE is [NS].
func Fields(ctx context.Context, s *xmpp.Session, archive jid.JID) (form.Form, error) {
	return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: archive}, nil, QueryName, func(el *xmlstream.Element) (form.Form, error) {
		x, ok := el.Child(form.NS, "x")
		if !ok {
			return form.Form{}, ErrInvalid
		}
		return form.Parse(x)
	})
}
