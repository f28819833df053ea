package carbons

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Bind2 returns message carbons as an inline feature of Bind 2
// (XEP-0386 §Performing the bind): the client's new session has carbons
// enabled from its first stanza, with no IQ and no window in which a
// message is missed. On the server, enable is called for the session's
// full JID (XEP-0280 says enabling must succeed; an error fails the
// authentication); a client passes nil. [EnabledInline] tells whether
// the server enabled them.
func Bind2(enable func(ctx context.Context, full jid.JID) error) xmpp.BindFeature {
	return bindFeature{enable: enable}
}

type bindFeature struct {
	enable func(ctx context.Context, full jid.JID) error
}

// inline marks a session whose carbons were enabled with Bind 2.
type inline struct{}

var inlineKey = xmpp.NewExtensionKey[*inline]("carbons bind2")

func (bindFeature) Var() string { return NS }

func (bindFeature) BindRequest(context.Context, *xmpp.Negotiation) (xmlstream.Marshaler, error) {
	return xmlstream.EmptyElement{Name: EnableName}, nil
}

// Bound: XEP-0386 defines no answer for carbons; success means enabled.
func (bindFeature) Bound(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) error {
	inlineKey.Attach(n, &inline{})
	return nil
}

func (f bindFeature) Enable(ctx context.Context, n *xmpp.Negotiation, full jid.JID, req *xmlstream.Element) (xmlstream.Marshaler, error) {
	if req.Name() != EnableName {
		return nil, nil // nothing else is defined inline
	}
	if f.enable != nil {
		if err := f.enable(ctx, full); err != nil {
			return nil, err
		}
	}
	inlineKey.Attach(n, &inline{})
	return nil, nil
}

// EnabledInline reports whether carbons were enabled for s inside Bind 2
// (on either side).
func EnabledInline(s *xmpp.Session) bool {
	_, ok := inlineKey.Get(s)
	return ok
}
