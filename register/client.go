package register

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
)

// Fields asks the server (to; zero for the account's own server) what
// registering takes, or whether the account is registered (§3.1).
func Fields(ctx context.Context, s *xmpp.Session, to jid.JID) (Query, error) {
	return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: to}, nil, QueryName, Parse)
}

// set sends a set and waits for its result.
func set(ctx context.Context, s *xmpp.Session, to jid.JID, q Query) error {
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: to}, q)
	return err
}

// ChangePassword changes the logged-in account's password (§3.3); the
// server checks that username is the account's.
func ChangePassword(ctx context.Context, s *xmpp.Session, username, password string) error {
	return set(ctx, s, s.LocalAddr().Domain(), Query{Username: username, Password: password})
}

// Cancel removes the logged-in account (§3.2). The server then ends the
// stream with not-authorized, which §3.2 lets it do without answering
// the request first: a stream ended that way is success too.
func Cancel(ctx context.Context, s *xmpp.Session) error {
	err := set(ctx, s, jid.JID{}, Query{Remove: true})
	if errors.Is(err, xmpp.ErrClosed) {
		select {
		case <-s.Done():
			if errors.Is(s.Err(), stream.NotAuthorized) {
				return nil
			}
		case <-ctx.Done():
		}
	}
	return err
}
