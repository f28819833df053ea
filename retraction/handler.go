package retraction

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// Handler receives retractions where Handle routes it, and advertises
// support (§2) where disco lists it.
type Handler struct {
	// Retract is called for each retraction received, with its sender and
	// message type, after Find accepted it; it must check with [Allowed]
	// (or the occupant-id) that from wrote the message before acting. Nil
	// ignores retractions. An error it returns ends nothing: the session
	// logs it.
	Retract func(ctx context.Context, from jid.JID, typ stanza.MessageType, r Retract) error
}

// Handle returns the mux route for messages carrying <retract/>. Error
// messages are not retractions and are left alone.
func (h Handler) Handle() mux.Option {
	return mux.AnyMessage(Name, xmpp.HandlerFunc(h.handle))
}

// DiscoFeatures returns the feature §2 says a supporting client advertises.
func (Handler) DiscoFeatures() []string { return []string{NS} }

func (h Handler) handle(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	typ := st.Header.MessageType()
	if h.Retract == nil || typ == stanza.ErrorMessage {
		return nil
	}
	r, ok, err := Find(st.Element)
	if !ok {
		return err
	}
	return h.Retract(ctx, st.Header.From, typ, r)
}
