package component

import (
	"context"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of component streams (XEP-0114).
const NS = stanza.NSComponent

var handshakeName = xml.Name{Space: NS, Local: "handshake"}

// ErrHandshake means the server did not accept the handshake.
var ErrHandshake = errors.New("component: handshake refused")

// Handshake returns the handshake value for a stream id and secret: the
// lowercase hex SHA-1 of id followed by secret (XEP-0114 §3).
func Handshake(streamID, secret string) string {
	sum := sha1.Sum([]byte(streamID + secret))
	return hex.EncodeToString(sum[:])
}

// NewSession connects the component for domain over rw and proves secret.
// The stream's content namespace is jabber:component:accept.
func NewSession(ctx context.Context, domain jid.JID, secret string, rw io.ReadWriter, cfg xmpp.Config) (*xmpp.Session, error) {
	return xmpp.NewSession(ctx, rw, cfg, xmpp.SessionParams{
		NS:     NS,
		Local:  domain.Domain(),
		Remote: domain.Domain(),
		Negotiate: func(ctx context.Context, n *xmpp.Negotiation) (xmpp.FeatureResult, error) {
			return initiate(ctx, n, domain.Domain(), secret)
		},
	})
}

func initiate(ctx context.Context, n *xmpp.Negotiation, domain jid.JID, secret string) (xmpp.FeatureResult, error) {
	if err := n.OpenStream(ctx, stream.Header{To: domain, NS: NS}); err != nil {
		return xmpp.FeatureResult{}, err
	}
	in, err := n.ReadHeader(ctx)
	if err != nil {
		return xmpp.FeatureResult{}, err
	}
	if in.ID == "" {
		return xmpp.FeatureResult{}, n.Fail(stream.InvalidXML, "server stream header without id")
	}
	if err := n.Send(ctx, xmlstream.TextElement{Name: handshakeName, Text: Handshake(in.ID, secret)}); err != nil {
		return xmpp.FeatureResult{}, err
	}
	el, err := n.Read(ctx)
	if err != nil {
		if errors.Is(err, stream.NotAuthorized) {
			return xmpp.FeatureResult{}, fmt.Errorf("%w: %w", ErrHandshake, err)
		}
		return xmpp.FeatureResult{}, err
	}
	if el.Name() != handshakeName {
		return xmpp.FeatureResult{}, fmt.Errorf("%w: got <%s/>", ErrHandshake, el.Name().Local)
	}
	return xmpp.FeatureResult{Add: xmpp.Authenticated | xmpp.Bound}, nil
}

// SecretFunc returns the shared secret of a component domain, and false for
// a domain the server does not serve.
type SecretFunc func(domain jid.JID) (secret string, ok bool)

// Receive accepts a component over rw for the server: it reads the
// component's header, checks the domain with secret and the handshake in
// constant time, and returns the session (its RemoteAddr is the
// component's domain). An unknown domain gets host-unknown, a wrong
// handshake not-authorized.
func Receive(ctx context.Context, rw io.ReadWriter, cfg xmpp.Config, secret SecretFunc) (*xmpp.Session, error) {
	return ReceiveAdmit(ctx, rw, cfg, secret, nil)
}

// AdmitFunc decides, once a component has proved its secret and before it
// is told so, whether the server takes it: a server registers the domain
// here, so that nothing sent to the component after its handshake finds it
// missing. An error refuses the component: a [stream.Error] (such as
// stream.Conflict for a domain that is connected already, XEP-0114 §3.1)
// is sent as it is, any other error as internal-server-error.
type AdmitFunc func(domain jid.JID) error

// ReceiveAdmit is [Receive] with admit called after the handshake is
// verified and before it is answered; nil admits every component. If
// ReceiveAdmit fails after admit returned nil (the answer could not be
// sent), the caller undoes what admit did.
func ReceiveAdmit(ctx context.Context, rw io.ReadWriter, cfg xmpp.Config, secret SecretFunc, admit AdmitFunc) (*xmpp.Session, error) {
	return xmpp.NewSession(ctx, rw, cfg, xmpp.SessionParams{
		NS:       NS,
		Received: true,
		Negotiate: func(ctx context.Context, n *xmpp.Negotiation) (xmpp.FeatureResult, error) {
			return receive(ctx, n, secret, admit)
		},
	})
}

func receive(ctx context.Context, n *xmpp.Negotiation, secret SecretFunc, admit AdmitFunc) (xmpp.FeatureResult, error) {
	in, err := n.ReadHeader(ctx)
	if err != nil {
		return xmpp.FeatureResult{}, err
	}
	id := stanza.NewStreamID()
	if err := n.OpenStream(ctx, stream.Header{From: in.To, ID: id, NS: NS}); err != nil {
		return xmpp.FeatureResult{}, err
	}
	if in.NS != NS {
		return xmpp.FeatureResult{}, n.Fail(stream.InvalidNamespace, "not a component stream")
	}
	domain := in.To.Domain()
	want, ok := secret(domain)
	if in.To.IsZero() || !ok {
		return xmpp.FeatureResult{}, n.Fail(stream.HostUnknown, "no component "+in.To.String())
	}
	el, err := n.Read(ctx)
	if err != nil {
		return xmpp.FeatureResult{}, err
	}
	if el.Name() != handshakeName {
		return xmpp.FeatureResult{}, n.Fail(stream.NotAuthorized, "expected <handshake/>")
	}
	expected := Handshake(id, want)
	if subtle.ConstantTimeCompare([]byte(el.Text()), []byte(expected)) != 1 {
		return xmpp.FeatureResult{}, n.Fail(stream.NotAuthorized, "wrong handshake")
	}
	if admit != nil {
		if err := admit(domain); err != nil {
			var serr stream.Error
			if !errors.As(err, &serr) {
				serr = stream.InternalServerError
			}
			return xmpp.FeatureResult{}, n.Fail(serr, err.Error())
		}
	}
	if err := n.Send(ctx, xmlstream.EmptyElement{Name: handshakeName}); err != nil {
		return xmpp.FeatureResult{}, err
	}
	return xmpp.FeatureResult{Add: xmpp.Authenticated | xmpp.Bound, Local: domain, Remote: domain}, nil
}
