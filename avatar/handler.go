package avatar

import (
	"context"
	"log/slog"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/pubsub"
)

// Handler receives XEP-0084 metadata notifications (§4.3): a contact
// changed or disabled their avatar. Package pubsub accepts them only from
// a bare user JID, the owner of the PEP node (XEP-0163 §4); metadata that
// does not parse is logged and dropped.
type Handler struct {
	// Deliver receives the owner and the new metadata (no Infos: the
	// avatar was disabled). Fetch the image with FetchData if its ID is
	// not cached.
	Deliver func(ctx context.Context, s *xmpp.Session, owner jid.JID, md Metadata) error
	Logger  *slog.Logger
}

func (h Handler) pubsub() pubsub.Handler {
	return pubsub.Handler{Notify: []string{MetadataNode}, Deliver: h.deliver, Logger: h.Logger}
}

// Handle returns the mux route for the notifications.
func (h Handler) Handle() mux.Option { return h.pubsub().Handle() }

// DiscoFeatures returns "urn:xmpp:avatar:metadata+notify" (§4.3).
func (h Handler) DiscoFeatures() []string { return h.pubsub().DiscoFeatures() }

func (h Handler) deliver(ctx context.Context, s *xmpp.Session, from jid.JID, ev pubsub.Event, _ *xmpp.Stanza) error {
	if ev.Node != MetadataNode || len(ev.Items) == 0 || h.Deliver == nil {
		return nil
	}
	it := ev.Items[len(ev.Items)-1]
	if it.Element() == nil {
		return nil
	}
	md, err := ParseMetadata(it.Element())
	if err != nil {
		if h.Logger != nil {
			h.Logger.Warn("avatar: dropped invalid metadata", "from", from, "err", err)
		}
		return nil
	}
	return h.Deliver(ctx, s, from, md)
}
