package carbons

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// DeliverFunc receives a trusted carbon: its direction and the copied
// message, whose Header is parsed from the forwarded message and whose
// Element is that message, lent until DeliverFunc returns (Detach to keep).
type DeliverFunc func(ctx context.Context, s *xmpp.Session, d Direction, msg *xmpp.Stanza) error

// Handler reads the carbons a client session receives and hands the
// trusted ones to Deliver.
type Handler struct {
	// Deliver receives each trusted carbon; nil drops them (they are
	// still checked and forgeries logged).
	Deliver DeliverFunc
	// Logger receives a warning for each forged carbon; nil discards.
	// The session's own logger also sees the error at debug level.
	Logger *slog.Logger
}

// Handle returns the mux routes for messages of any type carrying
// <received/> or <sent/>.
func (h Handler) Handle() mux.Option {
	return mux.Options(mux.AnyMessage(ReceivedName, h), mux.AnyMessage(SentName, h))
}

// DiscoFeatures returns nothing: a client does not advertise carbons
// (§3 is about the server's support).
func (Handler) DiscoFeatures() []string { return nil }

// HandleXMPP checks that st is a carbon from the account's own bare JID
// about the account's own message, and delivers the copy. A forgery is
// logged and refused with [ErrForged]; it is never delivered.
func (h Handler) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	el, ok := st.Element.Child(NS, "received")
	if !ok {
		if el, ok = st.Element.Child(NS, "sent"); !ok {
			return ErrNotCarbon
		}
	}
	c, err := Parse(el)
	if err != nil {
		return err
	}
	inner, err := c.Forwarded.Header()
	if err != nil {
		return err
	}
	if err := check(s.LocalAddr().Bare(), st.Header.From, c.Direction, inner); err != nil {
		if h.Logger != nil {
			h.Logger.Warn("carbons: refused a forged carbon", "from", st.Header.From.String(), "direction", c.Direction.String())
		}
		return err
	}
	if h.Deliver == nil {
		return nil
	}
	return h.Deliver(ctx, s, c.Direction, &xmpp.Stanza{Header: inner, Element: c.Forwarded.Stanza})
}

// check returns ErrForged unless the wrapper came from own (the account's
// bare JID: §7, "a client MUST NOT accept Carbons that originate from a
// different JID") and the copy is about the account: a sent copy from one
// of its resources, a received copy addressed to it.
func check(own, from jid.JID, d Direction, inner stanza.Header) error {
	if own.IsZero() || from != own {
		return fmt.Errorf("%w (from %q)", ErrForged, from.String())
	}
	var party jid.JID
	if d == Sent {
		party = inner.From
	} else {
		party = inner.To
	}
	if party.Bare() != own {
		return fmt.Errorf("%w (a %s copy about %q)", ErrForged, d, party.String())
	}
	return nil
}
