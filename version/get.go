package version

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// Get asks the entity to (the zero JID: the account's server) which
// software it runs. An error answer comes back as a *stanza.Error
// (service-unavailable from an entity that does not say), a result without
// <query/> as xmpp.ErrNoPayload.
func Get(ctx context.Context, s *xmpp.Session, to jid.JID) (Info, error) {
	return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: to}, nil, Name, Parse)
}
