package roster

import (
	"context"
	"log/slog"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Push is a roster push the server sent (RFC 6121 §2.1.6): one item
// added, changed or (Subscription SubRemove) removed, and the roster's new
// version when the server versions rosters.
type Push struct {
	Item Item
	Ver  string
}

// Handler answers roster pushes where Handle routes it.
type Handler struct {
	// Push receives each accepted push, in order, on the session's handler
	// goroutine (so it must not block for long). Nil accepts pushes
	// without doing anything with them.
	Push func(Push)
	// Logger receives refused pushes. Nil uses slog.Default().
	Logger *slog.Logger
}

// Handle returns the mux route for IQ set <query xmlns='jabber:iq:roster'/>.
//
// A push is accepted only from the account's own bare JID or without a
// 'from' (the server on the account's behalf, §2.1.6): anything else is a
// forgery, answered with service-unavailable and logged. A push with other
// than exactly one item is a bad-request. An accepted push is answered with
// an empty result.
func (h Handler) Handle() mux.Option {
	if h.Logger == nil {
		h.Logger = slog.Default()
	}
	return mux.Set(Name, mux.IQResponderFunc(h.respond))
}

// DiscoFeatures returns nothing: a client has no roster to advertise.
func (Handler) DiscoFeatures() []string { return nil }

func (h Handler) respond(_ context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	from := req.Header.From
	if !from.IsZero() && from != s.LocalAddr().Bare() {
		h.Logger.Warn("roster: refused a roster push from another entity", "from", from.String(), "account", s.LocalAddr().Bare().String())
		return nil, stanza.NewError(stanza.ServiceUnavailable)
	}
	q, _ := req.Element.Child(NS, "query") // the mux matched it
	n := 0
	var el *xmlstream.Element
	for c := range q.Children() {
		if c.Name() == ItemName {
			n++
			el = c
		}
	}
	if n != 1 {
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: "a roster push carries exactly one item"}
	}
	it, err := ParseItem(el)
	if err != nil {
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: err.Error()}
	}
	if h.Push != nil {
		h.Push(Push{Item: it, Ver: q.Attr("ver")})
	}
	return nil, nil
}
