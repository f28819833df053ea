package carbons

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Enable asks the account's server to send this session carbons (§4).
// Enabling twice is not an error (§9). A server that does not offer
// carbons answers with an error, returned as the *stanza.Error.
func Enable(ctx context.Context, s *xmpp.Session) error { return set(ctx, s, EnableName) }

// Disable asks the account's server to stop sending this session carbons
// (§5).
func Disable(ctx context.Context, s *xmpp.Session) error { return set(ctx, s, DisableName) }

// set sends an IQ set with the empty element name to the account's server
// (no 'to', §4).
func set(ctx context.Context, s *xmpp.Session, name xml.Name) error {
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, xmlstream.EmptyElement{Name: name})
	return err
}
