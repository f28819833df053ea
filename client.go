package xmpp

import (
	"context"
	"io"

	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// NewClientSession negotiates a client stream (content namespace
// jabber:client) for origin over rw, running
// the given features in order (typically [StartTLS], [SASL] and
// [BindResource]), and returns the ready session. If negotiation fails, rw
// is closed (if it is an io.Closer).
//
// The stream must end up secure: unless rw is a *tls.Conn whose handshake is
// done (or another transport reporting a completed TLS handshake, such as a
// wss:// WebSocket) or cfg.InsecureAssumeSecure is set, the server must
// offer STARTTLS and the features must include [StartTLS]. If rw is an
// [ElementTransport], it frames the stream and STARTTLS is skipped.
func NewClientSession(ctx context.Context, origin jid.JID, rw io.ReadWriter, cfg Config, features ...StreamFeature) (*Session, error) {
	growStack()
	s := newSession(rw, cfg, stanza.NSClient)
	s.local = origin
	s.remote = origin.Domain()
	return s.begin(ctx, features)
}

// ReceiveClientSession negotiates the server side of a client stream
// (jabber:client) for the domain of location over rw, offering the given features, and returns the
// ready session: its RemoteAddr is the client's bound JID. If negotiation
// fails, a stream error is sent when one applies and rw is closed.
func ReceiveClientSession(ctx context.Context, location jid.JID, rw io.ReadWriter, cfg Config, features ...StreamFeature) (*Session, error) {
	growStack()
	s := newSession(rw, cfg, stanza.NSClient)
	s.state |= Received
	s.local = location.Domain()
	return s.begin(ctx, features)
}

// DialClientSession connects to origin's server as RFC 6120 §3 and
// XEP-0368 say (SRV records, direct TLS where offered, the domain on port
// 5222 otherwise; see [dial.DialClient]) and negotiates a client stream as
// [NewClientSession] does. Over direct TLS the stream is already secure
// and STARTTLS is skipped. For other dialing options, dial with a
// [dial.Dialer] and pass the connection to NewClientSession.
func DialClientSession(ctx context.Context, origin jid.JID, cfg Config, features ...StreamFeature) (*Session, error) {
	conn, err := dial.DialClient(ctx, origin)
	if err != nil {
		return nil, err
	}
	return NewClientSession(ctx, origin, conn, cfg, features...)
}

func (s *Session) begin(ctx context.Context, features []StreamFeature) (*Session, error) {
	if err := s.negotiate(ctx, features); err != nil {
		s.closeTransport()
		s.ctx.end()
		return nil, err
	}
	s.start()
	return s, nil
}
