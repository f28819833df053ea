package roster

import (
	"context"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// ErrNoJID refuses to set or remove an item without a JID.
var ErrNoJID = errors.New("roster: item without a JID")

// Get asks the account's server for the roster. have is the roster the
// client kept from an earlier session (zero for none): when the server
// versions rosters (see [Feature]) its version goes along, and a server
// finding it current answers with an empty result (RFC 6121 §2.6.3), for
// which Get returns have unchanged; the changes since then, if any, follow
// as pushes that [Handler] receives. Without versioning Get returns the
// whole roster.
func Get(ctx context.Context, s *xmpp.Session, have Roster) (Roster, error) {
	q := query{ver: have.Ver, versioned: VersioningOffered(s)}
	el, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, q)
	if err != nil {
		return Roster{}, err
	}
	child, ok := el.Child(NS, "query")
	if !ok {
		if q.versioned {
			return have.clone(), nil
		}
		return Roster{}, fmt.Errorf("%w {%s}query", xmpp.ErrNoPayload, NS)
	}
	return Parse(child)
}

// Set adds the contact it.JID to the roster, or updates its name and
// groups (RFC 6121 §2.3). Only the JID, name and groups are sent: the
// subscription state is the server's to change.
func Set(ctx context.Context, s *xmpp.Session, it Item) error {
	if it.JID.IsZero() {
		return ErrNoJID
	}
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, set{Item{JID: it.JID, Name: it.Name, Groups: it.Groups}})
	return err
}

// Remove removes the contact c from the roster, which also cancels the
// subscriptions both ways (RFC 6121 §2.5). A contact not in the roster is
// an item-not-found error.
func Remove(ctx context.Context, s *xmpp.Session, c jid.JID) error {
	if c.IsZero() {
		return ErrNoJID
	}
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, set{Item{JID: c, Subscription: SubRemove}})
	return err
}
