package blocking

import (
	"context"
	"log/slog"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Push is a change of the block list another resource made, as the server
// pushed it.
type Push struct {
	Blocked   []jid.JID // newly blocked; nil for an unblock push
	Unblocked []jid.JID // newly unblocked
	All       bool      // everyone was unblocked
}

// Handler reads block list pushes (§3.3–3.5) on a client session.
type Handler struct {
	// OnPush receives each accepted push; nil acknowledges and drops
	// them.
	OnPush func(ctx context.Context, s *xmpp.Session, p Push)
	// Logger receives a warning for each push refused for its sender;
	// nil discards.
	Logger *slog.Logger
}

// Handle returns the routes for IQ set <block/> and <unblock/>.
func (h Handler) Handle() mux.Option {
	r := mux.IQResponderFunc(h.respond)
	return mux.Options(mux.Set(BlockName, r), mux.Set(UnblockName, r))
}

// DiscoFeatures returns nothing: a client does not advertise the blocking
// command, its server does.
func (Handler) DiscoFeatures() []string { return nil }

func (h Handler) respond(ctx context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	if from := req.Header.From; !from.IsZero() && from != s.LocalAddr().Bare() {
		// Only the account's server may push (RFC 6121 §2.1.6, by analogy).
		if h.Logger != nil {
			h.Logger.Warn("blocking: refused a push not from the account", "from", from.String())
		}
		return nil, stanza.NewError(stanza.ServiceUnavailable)
	}
	var p Push
	if el, ok := req.Element.Child(NS, "block"); ok {
		b, err := ParseBlocked(el)
		if err != nil {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		for _, it := range b.Items {
			p.Blocked = append(p.Blocked, it.JID)
		}
	} else if el, ok := req.Element.Child(NS, "unblock"); ok {
		u, err := ParseUnblocked(el)
		if err != nil {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		p.Unblocked, p.All = u.JIDs, len(u.JIDs) == 0
	}
	if h.OnPush != nil {
		h.OnPush(ctx, s, p)
	}
	return nil, nil
}

// Matches reports whether the blocked address item covers addr, by the
// rules of §5: a full JID only itself, a bare JID every resource of the
// account, domain/resource only itself, a domain everything there.
func Matches(item, addr jid.JID) bool {
	switch {
	case item == addr:
		return true
	case item.Resourcepart() != "":
		return false
	case item.Localpart() != "":
		return addr.Bare() == item
	}
	return addr.Domainpart() == item.Domainpart()
}
