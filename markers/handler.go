package markers

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// Handler routes the messages that carry a marker. The zero value takes
// them and does nothing.
type Handler struct {
	// Notify, when not nil, is called with the sender of each valid marker
	// (a message without a from is from the peer of the stream). Check
	// that from is whom the marked message went to before believing it.
	Notify func(ctx context.Context, s *xmpp.Session, from jid.JID, m Marker)
	// Next, when not nil, receives the messages that carry a body besides
	// the marker, after Notify: routes of a mux are exclusive, so such a
	// message reaches the application only through Next.
	Next xmpp.Handler
}

// Handle returns the routes for messages of every type that carry one of
// the markers. Messages that only carry <markable/> are not taken: they are
// the application's ordinary messages.
func (h Handler) Handle() mux.Option {
	var opts []mux.Option
	for k := Received; k <= Acknowledged; k++ {
		name := Marker{Kind: k}.name()
		opts = append(opts, mux.AnyMessage(name, xmpp.HandlerFunc(h.handle)))
	}
	return mux.Options(opts...)
}

// DiscoFeatures returns the feature §3 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{NS} }

func (h Handler) handle(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.MessageType() == stanza.ErrorMessage {
		return nil
	}
	if m, ok, err := Of(st.Element); ok && err == nil && h.Notify != nil {
		from := st.Header.From
		if from.IsZero() {
			from = s.RemoteAddr()
		}
		h.Notify(ctx, s, from, m)
	}
	if _, body := st.Element.Child(st.Header.NS, "body"); body && h.Next != nil {
		return h.Next.HandleXMPP(ctx, s, st)
	}
	return nil
}
