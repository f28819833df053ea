package csi

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Bind2 returns client state indication as an inline feature of Bind 2
// (XEP-0386): the client's new session starts inactive (or active) as
// the client asks, without an element sent after binding. Both sides use
// it (the server then also needs [Feature] for the indications that
// follow); on the server, inactive is ignored.
func Bind2(inactive bool) xmpp.BindFeature { return bindFeature{inactive: inactive} }

type bindFeature struct{ inactive bool }

func (bindFeature) Var() string { return NS }

// BindRequest also records that the server offers CSI: it is called only
// when Bind 2 lists it, and a stream resumed inline, which skips Bind 2 and
// gets no stream features, learns it nowhere else. Such a stream starts
// active (XEP-0352 §5.2); Bound sets the state asked for otherwise.
func (f bindFeature) BindRequest(_ context.Context, n *xmpp.Negotiation) (xmlstream.Marshaler, error) {
	if _, ok := clientKey.Lookup(n); !ok {
		clientKey.Attach(n, &client{})
	}
	name := ActiveName
	if f.inactive {
		name = InactiveName
	}
	return indication{name}, nil
}

func (f bindFeature) Bound(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) error {
	c, ok := clientKey.Lookup(n)
	if !ok {
		c = &client{}
		clientKey.Attach(n, c)
	}
	c.inactive.Store(f.inactive)
	return nil
}

func (bindFeature) Enable(_ context.Context, n *xmpp.Negotiation, _ jid.JID, req *xmlstream.Element) (xmlstream.Marshaler, error) {
	switch req.Name() {
	case ActiveName, InactiveName:
	default:
		return nil, nil
	}
	sv := &server{max: DefaultMaxHeldBytes}
	sv.inactive.Store(req.Name() == InactiveName)
	serverKey.Attach(n, sv)
	return nil, nil
}
