package xmpp

import (
	"context"
	"errors"
	"io"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
)

// NegotiateFunc runs a negotiation other than RFC 6120's stream features,
// such as the XEP-0114 component handshake, through n: it opens the
// stream, checks the peer, and returns the state and addresses established.
type NegotiateFunc func(ctx context.Context, n *Negotiation) (FeatureResult, error)

// SessionParams describe a session that a custom negotiation sets up.
type SessionParams struct {
	// NS is the stream's content namespace, for example
	// jabber:component:accept (XEP-0114) or jabber:server. It is required.
	NS string
	// Local and Remote are the addresses known before negotiation.
	Local, Remote jid.JID
	// Received is true on the receiving side of the stream.
	Received bool
	// Negotiate runs the negotiation.
	Negotiate NegotiateFunc
}

// ErrNoNamespace is returned by [NewSession] when SessionParams.NS is empty.
var ErrNoNamespace = errors.New("xmpp: SessionParams.NS (the content namespace) is required")

// NewSession negotiates a session over rw with a custom negotiation (see
// package component for an example) and returns it ready. If negotiation
// fails, rw is closed.
func NewSession(ctx context.Context, rw io.ReadWriter, cfg Config, p SessionParams) (*Session, error) {
	if p.NS == "" {
		if c, ok := rw.(io.Closer); ok {
			_ = c.Close()
		}
		return nil, ErrNoNamespace
	}
	growStack()
	s := newSession(rw, cfg, p.NS)
	s.local, s.remote = p.Local, p.Remote
	if p.Received {
		s.state |= Received
	}
	stop := s.interruptWhenDone(ctx)
	// The Session's own Negotiation, as negotiate uses, saves allocating one.
	s.neg = Negotiation{s: s}
	res, err := p.Negotiate(ctx, &s.neg)
	if !stop() {
		s.clearDeadline()
		if err == nil {
			err = ctx.Err()
		}
	}
	s.neg = Negotiation{s: s} // keeps nothing the negotiation left in it
	if err != nil {
		s.closeTransport()
		s.ctx.end()
		return nil, err
	}
	s.apply(res)
	s.start()
	return s, nil
}

// OpenStream writes this side's stream header (or the stream open of an
// [ElementTransport], such as WebSocket's <open/>).
func (n *Negotiation) OpenStream(ctx context.Context, h stream.Header) error {
	return n.s.openStream(ctx, h)
}

// ReadHeader reads the peer's stream header. A bad header is answered with
// the stream error it calls for (after this side's header, if none was sent).
func (n *Negotiation) ReadHeader(ctx context.Context) (stream.Header, error) {
	h, err := n.s.readHeader(ctx)
	if err != nil {
		return h, n.s.headerError(err)
	}
	n.s.in = h
	return h, nil
}

// Fail sends the stream error serr, closes the stream, and returns an
// error describing cause that matches serr with errors.Is.
func (n *Negotiation) Fail(serr stream.Error, cause string) error {
	return n.s.failNegotiation(serr, cause)
}
