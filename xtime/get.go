package xtime

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// Get asks the entity to (the zero JID: the account's server) for its
// clock and returns it in the entity's zone, a fixed zone whose offset
// t.Zone() reports. An error answer comes back as a *stanza.Error
// (service-unavailable from an entity without XEP-0202), a result without
// <time/> as xmpp.ErrNoPayload.
func Get(ctx context.Context, s *xmpp.Session, to jid.JID) (time.Time, error) {
	t, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: to}, nil, Name, Parse)
	if err != nil {
		return time.Time{}, err
	}
	return t.Time(), nil
}
