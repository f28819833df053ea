package reactions

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// Handler receives reactions where Handle routes it, and advertises
// support (§2.1) where disco lists it.
type Handler struct {
	// React is called for each reaction message received, with its sender,
	// type and when it was sent (its XEP-0203 delay stamp, else now), for
	// [Summary.Update]. It must check the sender (§4.1, [Allowed]) before
	// accepting. Nil ignores reactions.
	React func(ctx context.Context, from jid.JID, typ stanza.MessageType, r Reactions, sent time.Time) error
}

// Handle returns the mux route for messages carrying <reactions/>; error
// messages are left alone.
func (h Handler) Handle() mux.Option { return mux.AnyMessage(Name, xmpp.HandlerFunc(h.handle)) }

// DiscoFeatures returns the feature §2.1 says a supporting client advertises.
func (Handler) DiscoFeatures() []string { return []string{NS} }

func (h Handler) handle(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	typ := st.Header.MessageType()
	if h.React == nil || typ == stanza.ErrorMessage {
		return nil
	}
	r, ok, err := Find(st.Element)
	if !ok {
		return err
	}
	sent := time.Now()
	if d, ok, err := delay.Find(st.Element); ok && err == nil {
		sent = d.Stamp
	}
	return h.React(ctx, st.Header.From, typ, r, sent)
}
