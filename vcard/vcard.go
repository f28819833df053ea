package vcard

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// Get reads the vCard of the account to (its bare JID; the zero JID asks
// for one's own, §2.1). The account's server answers for it (§2.3). No
// vCard is either an empty Card or a *[stanza.Error]: service-unavailable
// for another account (the same as for an account that does not exist,
// §2.3), item-not-found (or an empty card) for one's own; servers before
// version 1.3 of the specification answer either.
func Get(ctx context.Context, s *xmpp.Session, to jid.JID) (Card, error) {
	return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: to}, nil, Name, Parse)
}

// Set replaces one's own vCard with c, whole: there is no partial update
// (§2.2). To change one field, Get, change it and Set, which keeps the
// fields this package does not model (Card.Extra).
func Set(ctx context.Context, s *xmpp.Session, c Card) error {
	if c.Photo != nil && len(c.Photo.Data) > MaxPhotoSize {
		return ErrPhotoTooLarge
	}
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, c)
	return err
}
