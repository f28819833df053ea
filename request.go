package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ErrNoPayload is returned by [Request] for a result without the payload
// asked for.
var ErrNoPayload = errors.New("xmpp: IQ result without the expected payload")

// Request sends the IQ request iq carrying payload (see [Session.SendIQ])
// and parses the result's child named want with parse. A nil payload sends
// an empty element named want, which is what most queries are. Request is
// the body of every "ask and read the answer" helper of the feature
// packages:
//
//	func Get(ctx context.Context, s *xmpp.Session, to jid.JID) (Info, error) {
//		return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: to}, nil, Name, Parse)
//	}
//
// An error answer comes back as the *[stanza.Error] SendIQ returns, a
// result without the child as an error matching [ErrNoPayload], and a
// child parse refuses as parse's error. parse may keep strings of the
// element it is given, not the element itself.
func Request[T any](ctx context.Context, s *Session, iq stanza.IQ, payload xmlstream.Marshaler, want xml.Name, parse func(*xmlstream.Element) (T, error)) (T, error) {
	var zero T
	if payload == nil {
		payload = xmlstream.EmptyElement{Name: want}
	}
	el, err := s.SendIQ(ctx, iq, payload)
	if err != nil {
		return zero, err
	}
	child, ok := el.Child(want.Space, want.Local)
	if !ok {
		return zero, fmt.Errorf("%w {%s}%s", ErrNoPayload, want.Space, want.Local)
	}
	return parse(child)
}
