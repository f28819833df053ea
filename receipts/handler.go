package receipts

import (
	"context"
	"encoding/xml"
	"log/slog"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Handler answers receipt requests and hands the receipts that arrive to
// the SendWithReceipt calls waiting for them. The zero value answers only
// the account's own resources and passes nothing on.
type Handler struct {
	// Allow reports whether a receipt may be sent to from, the sender of a
	// message that asks for one. XEP-0184 §8: only to senders allowed to
	// see the account's presence (a roster item with a subscription of
	// type from or both). Nil allows only the account's own bare JID.
	Allow func(from jid.JID) bool
	// Next, when not nil, receives every message the Handler's routes
	// take, before the receipt is sent: a receipt says the message was
	// processed (§7), so none is sent when Next returns an error. Routes
	// of a mux are exclusive, so a message with a body and a request
	// reaches the application only through Next.
	Next xmpp.Handler
}

// Handle returns the routes for messages of every type that carry a
// <request/> or a <received/>. Give it before the application's own
// message routes and before other packages' routes that take content
// messages, such as chatstates.Handler (the first matching route wins),
// with the application's handler as Next.
func (h Handler) Handle() mux.Option {
	return mux.Options(
		mux.AnyMessage(RequestName, xmpp.HandlerFunc(h.answer)),
		mux.AnyMessage(ReceivedName, xmpp.HandlerFunc(h.collect)),
	)
}

// DiscoFeatures returns the feature §6 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{NS} }

// sender is who sent st: a stanza without a from comes from the peer of
// the stream (RFC 6120 §8.1.2.1).
func sender(s *xmpp.Session, st *xmpp.Stanza) jid.JID {
	if st.Header.From.IsZero() {
		return s.RemoteAddr()
	}
	return st.Header.From
}

// answer passes a message with a request on and acknowledges it.
func (h Handler) answer(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if h.Next != nil {
		if err := h.Next.HandleXMPP(ctx, s, st); err != nil {
			return err
		}
	}
	typ := st.Header.MessageType()
	from := sender(s, st)
	switch {
	case typ == stanza.ErrorMessage, typ == stanza.GroupChatMessage:
		return nil // §5: not for groupchat; an error is never answered
	case st.Header.ID == "":
		return nil // nothing to echo
	case hasChild(st.Element, ReceivedName):
		return nil // §5: an ack never asks for an ack; do not loop
	case !h.allowed(s, from):
		return nil // §7: no receipt and no error
	}
	ack := stanza.Message{ID: stanza.NewID(), To: from, Type: typ}
	if err := s.Send(ctx, ack.Wrap(Received{ID: st.Header.ID})); err != nil {
		slog.Debug("receipts: sending a receipt", "to", from, "err", err)
	}
	return nil
}

// allowed applies Allow, or its default.
func (h Handler) allowed(s *xmpp.Session, from jid.JID) bool {
	if h.Allow != nil {
		return h.Allow(from)
	}
	own := s.LocalAddr().Bare()
	return !own.IsZero() && from.Bare().Equal(own)
}

// collect resolves the waits a receipt answers.
func (h Handler) collect(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.MessageType() != stanza.ErrorMessage {
		if el, ok := st.Element.Child(NS, ReceivedName.Local); ok {
			if r, err := ParseReceived(el); err == nil {
				resolve(s, sender(s, st), r)
			}
		}
	}
	if h.Next != nil {
		return h.Next.HandleXMPP(ctx, s, st)
	}
	return nil
}

// hasChild reports whether el has a child named name.
func hasChild(el *xmlstream.Element, name xml.Name) bool {
	_, ok := el.Child(name.Space, name.Local)
	return ok
}
