package mux

import (
	"context"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// An IQResponder answers the IQ requests of one route. The mux has checked
// the kind, the type and the payload's name before calling it, so
// RespondIQ only reads what it needs (req.Element.Child for the payload)
// and returns the answer:
//
//   - a payload, which the mux sends as the only child of the result;
//   - nil and nil, which the mux answers with an empty result;
//   - an error: a [stanza.Error] (value or pointer, wrapped or not) is sent
//     as the error reply, anything else as internal-server-error (and
//     logged). The mux returns it to the session, which answers it (see
//     [xmpp.Handler]).
//
// ctx is the handler's: pass it to what RespondIQ calls, SendIQ included.
type IQResponder interface {
	RespondIQ(ctx context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error)
}

// IQResponderFunc adapts a function to the [IQResponder] interface.
type IQResponderFunc func(ctx context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error)

// RespondIQ calls f.
func (f IQResponderFunc) RespondIQ(ctx context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	return f(ctx, s, req)
}

// Get routes IQ get requests whose payload (first child) is named payload
// to r. A payload with an empty Local matches every element of its
// namespace, after the routes that name one.
func Get(payload xml.Name, r IQResponder) Option { return iqRoute(stanza.GetIQ, payload, r) }

// Set routes IQ set requests whose payload is named payload to r, as for
// [Get].
func Set(payload xml.Name, r IQResponder) Option { return iqRoute(stanza.SetIQ, payload, r) }

func iqRoute(typ stanza.IQType, payload xml.Name, r IQResponder) Option {
	return func(m *ServeMux) {
		routes := m.iq
		if payload.Local == "" {
			routes = m.iqNS
		}
		k := iqKey{typ, payload}
		if _, dup := routes[k]; dup {
			panic(fmt.Sprintf("mux: duplicate IQ %s route for payload %s", typ, nameString(payload)))
		}
		routes[k] = r
	}
}

// iqResponder returns the responder for an IQ request, or nil.
func (m *ServeMux) iqResponder(st *xmpp.Stanza) IQResponder {
	typ := st.Header.IQType()
	if !typ.IsRequest() {
		return nil
	}
	payload, ok := st.Element.FirstChild()
	if !ok {
		return nil
	}
	if r, ok := m.iq[iqKey{typ, payload}]; ok {
		return r
	}
	return m.iqNS[iqKey{typ, xml.Name{Space: payload.Space}}]
}

// respond runs r and sends its answer as the result of st; errors go back
// to the session, which sends the error reply.
func respond(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza, r IQResponder) error {
	payload, err := r.RespondIQ(ctx, s, st)
	if err != nil {
		return err
	}
	return s.Send(ctx, st.Header.IQ().Result().Wrap(payload))
}
