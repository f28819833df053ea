package chatstates

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmlstream"
)

// Handler routes the messages that carry a chat state. The zero value
// takes them and does nothing.
type Handler struct {
	// Notify, when not nil, is called with the sender and the state of
	// every message the route takes, standalone or not. A message without
	// a from is from the peer of the stream. States are hints, not
	// authority: anyone may send one.
	Notify func(ctx context.Context, s *xmpp.Session, from jid.JID, st State)
	// Next, when not nil, receives the messages that carry content besides
	// the state (a <body/> or <subject/>), after Notify: routes of a mux
	// are exclusive, so a content message with a state reaches the
	// application only through Next. Standalone notifications stop here.
	Next xmpp.Handler
}

// Handle returns the route for messages of every type with a child in the
// chat states namespace. Give it before the application's own message
// routes (the first matching route wins), with the application's handler
// as Next.
func (h Handler) Handle() mux.Option {
	return mux.AnyMessage(xml.Name{Space: NS}, xmpp.HandlerFunc(h.handle))
}

// DiscoFeatures returns the feature §4 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{NS} }

func (h Handler) handle(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if state, err := Of(st.Element); err == nil && state != 0 && h.Notify != nil {
		from := st.Header.From
		if from.IsZero() {
			from = s.RemoteAddr()
		}
		h.Notify(ctx, s, from, state)
	}
	if h.Next != nil && hasContent(st.Header.NS, st.Element) {
		return h.Next.HandleXMPP(ctx, s, st)
	}
	return nil
}

// hasContent reports whether msg carries instant messaging content
// (RFC 6121 §5.2): a body or a subject, in the stanza's namespace.
func hasContent(ns string, msg *xmlstream.Element) bool {
	for _, local := range [...]string{"body", "subject"} {
		if _, ok := msg.Child(ns, local); ok {
			return true
		}
	}
	return false
}
