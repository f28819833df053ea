package pubsub

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// DeliverFunc receives a trusted event notification: from is the service
// (or, for PEP, the bare JID owning the node) that sent it, msg the
// message carrying it (lent until DeliverFunc returns). The event's item
// payloads are owned by the event and may be kept.
type DeliverFunc func(ctx context.Context, s *xmpp.Session, from jid.JID, ev Event, msg *xmpp.Stanza) error

// Handler receives the event notifications of XEP-0060 §7-§8 (items,
// retractions, purges, deletions) and hands the trusted ones to Deliver.
//
// A notification is trusted when it comes from one of Services (the
// pubsub services the application subscribed to), or when it is about
// one of the Notify nodes and comes from a bare user JID: the PEP service
// of a contact, which is the contact's own account (XEP-0163 §4). Any
// other is dropped, logged and refused with [ErrUntrusted], so that a
// third party cannot inject items into a node it does not own.
type Handler struct {
	// Services are the pubsub services whose events are accepted for
	// any node, compared with the sender's whole JID.
	Services []jid.JID
	// Notify are the PEP nodes the application wants notifications for;
	// DiscoFeatures advertises "<node>+notify" for each (XEP-0163 §6).
	Notify []string
	// Deliver receives each trusted event; nil drops them (they are still
	// checked and untrusted ones logged).
	Deliver DeliverFunc
	// Logger receives a warning for each untrusted event; nil discards.
	Logger *slog.Logger
}

// Handle returns the mux route for messages of any type carrying <event/>.
func (h Handler) Handle() mux.Option { return mux.AnyMessage(EventName, h) }

// DiscoFeatures returns "<node>+notify" for each Notify node, which a
// contact's server reads from entity capabilities to send PEP events
// (XEP-0163 §6.2); what is advertised is what Handler accepts.
func (h Handler) DiscoFeatures() []string {
	f := make([]string, 0, len(h.Notify))
	for _, n := range h.Notify {
		f = append(f, n+"+notify")
	}
	return f
}

// HandleXMPP checks and delivers one notification.
func (h Handler) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	el, ok := st.Element.Child(NSEvent, "event")
	if !ok {
		return fmt.Errorf("%w: no <event/>", ErrInvalid)
	}
	ev, err := ParseEvent(el)
	if errors.Is(err, ErrUnsupportedEvent) {
		return nil // configuration and subscription changes: nothing to deliver
	}
	if err != nil {
		return err
	}
	from := st.Header.From
	if from.IsZero() {
		// RFC 6120 §8.1.2.1: no 'from' is the account itself.
		from = s.LocalAddr().Bare()
	}
	if !h.trusted(from, ev.Node) {
		if h.Logger != nil {
			h.Logger.Warn("pubsub: dropped an event from an untrusted sender", "from", from.String(), "node", ev.Node)
		}
		return fmt.Errorf("%w (%q, node %q)", ErrUntrusted, from.String(), ev.Node)
	}
	if h.Deliver == nil {
		return nil
	}
	return h.Deliver(ctx, s, from, ev, st)
}

// trusted reports whether from may send events about node.
func (h Handler) trusted(from jid.JID, node string) bool {
	if slices.Contains(h.Services, from) {
		return true
	}
	// A PEP node lives at its owner's bare JID: a full JID or a domain
	// cannot own one.
	return from == from.Bare() && from.Localpart() != "" && slices.Contains(h.Notify, node)
}
