package bookmarks

import (
	"context"
	"errors"
	"log/slog"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/pubsub"
)

// ErrNotOwn refuses a bookmark notification that does not come from the
// account's own bare JID: only the account's PEP service may say what its
// bookmarks are (XEP-0402 §3.5).
var ErrNotOwn = errors.New("bookmarks: notification from another entity")

// Change is one notification: bookmarks set (added or replaced) and rooms
// whose bookmark was removed.
type Change struct {
	Set     []Room
	Removed []jid.JID
}

// Handler receives XEP-0402 change notifications (§3.5) from the account's
// own PEP service; notifications from anyone else, and items that do not
// parse, are logged and dropped.
type Handler struct {
	Deliver func(ctx context.Context, s *xmpp.Session, c Change) error
	Logger  *slog.Logger
}

func (h Handler) pubsub() pubsub.Handler {
	return pubsub.Handler{Notify: []string{NS}, Deliver: h.deliver, Logger: h.Logger}
}

// Handle returns the mux route for the notifications.
func (h Handler) Handle() mux.Option { return h.pubsub().Handle() }

// DiscoFeatures returns "urn:xmpp:bookmarks:1+notify", which asks the
// server to send the notifications (XEP-0163 §6).
func (h Handler) DiscoFeatures() []string { return h.pubsub().DiscoFeatures() }

func (h Handler) deliver(ctx context.Context, s *xmpp.Session, from jid.JID, ev pubsub.Event, _ *xmpp.Stanza) error {
	if ev.Node != NS {
		return nil
	}
	if !from.Equal(s.LocalAddr().Bare()) {
		h.warn("bookmarks: dropped a notification from another entity", "from", from)
		return ErrNotOwn
	}
	var c Change
	for _, it := range ev.Items {
		r, err := parseItem(it)
		if err != nil {
			h.warn("bookmarks: dropped an invalid item", "id", it.ID, "err", err)
			continue
		}
		c.Set = append(c.Set, r)
	}
	for _, id := range ev.Retracted {
		if j, err := jid.Parse(id); err == nil {
			c.Removed = append(c.Removed, j)
		}
	}
	if h.Deliver == nil || (len(c.Set) == 0 && len(c.Removed) == 0) {
		return nil
	}
	return h.Deliver(ctx, s, c)
}

func (h Handler) warn(msg string, args ...any) {
	if h.Logger != nil {
		h.Logger.Warn(msg, args...)
	}
}
