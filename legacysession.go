package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSSession is the namespace of session establishment (RFC 3921 §3), which
// RFC 6121 removed; older clients (loudmouth-based ones such as mcabber)
// still send it.
const NSSession = "urn:ietf:params:xml:ns:xmpp-session"

var (
	sessionName  = xml.Name{Space: NSSession, Local: "session"}
	optionalName = xml.Name{Space: NSSession, Local: "optional"}
)

// LegacySession returns the session-establishment feature of RFC 3921 §3,
// kept for compatibility the way RFC 6121 Appendix E describes: the
// receiving side advertises it with <optional/> (as Prosody and ejabberd
// do) and answers a request with an empty result, establishing nothing,
// as RFC 6121 has no such step. The initiating side sends the request only
// to a server that does not mark it optional.
//
// Servers should also answer the request after negotiation, where clients
// that send it after binding do so (the server package does).
func LegacySession() StreamFeature { return legacySession{} }

type legacySession struct{}

func (legacySession) Name() xml.Name { return sessionName }

// States: it needs authentication only (it is advertised with binding, before
// the client is bound) and provides nothing.
func (legacySession) States() (needs, excludes, provides State) { return Authenticated, 0, 0 }

func (legacySession) Advertise(_ context.Context, _ *Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	err := w.Element(sessionName, nil, func(w xmlstream.Encoder) error { return w.EmptyElement(optionalName) })
	return err == nil, false, err
}

func (f legacySession) Negotiate(ctx context.Context, n *Negotiation, el *xmlstream.Element) (FeatureResult, error) {
	if n.State().Has(Received) {
		return FeatureResult{}, n.Send(ctx, SessionResult(el))
	}
	if _, optional := el.Child(NSSession, "optional"); optional {
		return FeatureResult{}, nil
	}
	id := stanza.NewID()
	req := stanza.IQ{ID: id, Type: stanza.SetIQ}.Wrap(xmlstream.EmptyElement{Name: sessionName})
	if err := n.Send(ctx, req); err != nil {
		return FeatureResult{}, err
	}
	resp, err := n.Read(ctx)
	if err != nil {
		return FeatureResult{}, err
	}
	if k, _ := stanza.KindOf(resp.Name()); k != stanza.KindIQ || resp.Attr("id") != id {
		return FeatureResult{}, fmt.Errorf("xmpp: unexpected <%s/> in answer to session establishment", resp.Name().Local)
	}
	if err := responseError(resp); err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: session establishment: %w", err)
	}
	return FeatureResult{}, nil
}

// SessionResult answers a session-establishment request (RFC 3921 §3) with
// the empty result that RFC 6121 Appendix E asks servers to keep sending;
// an IQ of another type or payload gets bad-request.
func SessionResult(req *xmlstream.Element) xmlstream.Marshaler {
	h, err := stanza.ParseHeader(req)
	if err == nil {
		if child, ok := req.FirstChild(); !ok || child != sessionName || h.IQType() != stanza.SetIQ {
			err = stanza.NewError(stanza.BadRequest)
		}
	}
	if err != nil {
		var se stanza.Error
		if !errors.As(err, &se) {
			se = stanza.NewError(stanza.BadRequest)
		}
		return errorReplyTo(req, se)
	}
	return xmlstream.MarshalerFunc(stanza.IQ{ID: h.ID, Type: stanza.ResultIQ}.WriteEmpty)
}
