package version

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// Get asks the entity to (the zero JID: the account's server) which
// software it runs. An error answer comes back as a *stanza.Error
// (service-unavailable from an entity that does not say).
func Get(ctx context.Context, s *xmpp.Session, to jid.JID) (Info, error) {
	el, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: to}, request{})
	if err != nil {
		return Info{}, err
	}
	q, ok := el.Child(NS, "query")
	if !ok {
		return Info{}, ErrNotQuery
	}
	return Parse(q)
}
