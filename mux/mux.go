package mux

import (
	"context"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ServeMux routes stanzas to handlers. Build it with [New]; it is safe for
// concurrent use by many sessions once built.
type ServeMux struct {
	iq       map[iqKey]IQResponder
	iqNS     map[iqKey]IQResponder // routes by payload namespace only (Local == "")
	message  []route
	presence []route
	fallback xmpp.Handler
}

type iqKey struct {
	typ     stanza.IQType
	payload xml.Name
}

// route is a message or presence route.
type route struct {
	typ     string   // the type attribute, "normal" for a message without one
	anyType bool     // AnyMessage or AnyPresence: typ is ignored
	payload xml.Name // zero matches any payload; Local "" matches a namespace
	h       xmpp.Handler
}

// An Option adds routes to a ServeMux.
type Option func(*ServeMux)

// New returns a ServeMux with the given routes. When several message or
// presence routes match a stanza, the first one given wins. Routes must be
// unique: New panics on a second route for the same IQ type and payload,
// for the same message or presence type (or wildcard) and payload, or on a
// second fallback, as net/http does, since the second would otherwise
// replace or shadow the first without a word.
func New(opts ...Option) *ServeMux {
	m := &ServeMux{iq: make(map[iqKey]IQResponder), iqNS: make(map[iqKey]IQResponder)}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Options combines several options into one, for packages that register
// more than one route.
func Options(opts ...Option) Option {
	return func(m *ServeMux) {
		for _, o := range opts {
			o(m)
		}
	}
}

// Message routes messages of type typ that carry a child named payload
// (the zero Name for any message; an empty Local for any child of a
// namespace). A message without a type attribute is a normal message (RFC
// 6121 §5.2.2), so the empty type and stanza.NormalMessage name the same
// route. Use [AnyMessage] for every type. A payload in jabber:client, such
// as <body/>, matches on server and component streams too.
func Message(typ stanza.MessageType, payload xml.Name, h xmpp.Handler) Option {
	if typ == "" {
		typ = stanza.NormalMessage
	}
	return func(m *ServeMux) {
		m.message = addRoute(m.message, "message", route{typ: string(typ), payload: payload, h: h})
	}
}

// AnyMessage routes messages of every type that carry payload, as for
// [Message].
func AnyMessage(payload xml.Name, h xmpp.Handler) Option {
	return func(m *ServeMux) {
		m.message = addRoute(m.message, "message", route{anyType: true, payload: payload, h: h})
	}
}

// Presence routes presence of type typ that carries a child named payload,
// as for [Message]. The empty type is stanza.AvailablePresence, the
// presence without a type attribute. Use [AnyPresence] for every type.
func Presence(typ stanza.PresenceType, payload xml.Name, h xmpp.Handler) Option {
	return func(m *ServeMux) {
		m.presence = addRoute(m.presence, "presence", route{typ: string(typ), payload: payload, h: h})
	}
}

// AnyPresence routes presence of every type that carries payload, as for
// [Message].
func AnyPresence(payload xml.Name, h xmpp.Handler) Option {
	return func(m *ServeMux) {
		m.presence = addRoute(m.presence, "presence", route{anyType: true, payload: payload, h: h})
	}
}

// addRoute appends r, panicking if routes already has the same one.
func addRoute(routes []route, kind string, r route) []route {
	for _, o := range routes {
		if o.anyType == r.anyType && o.typ == r.typ && o.payload == r.payload {
			typ := r.typ
			if r.anyType {
				typ = "any type"
			}
			panic(fmt.Sprintf("mux: duplicate %s route for %s, payload %s", kind, typ, nameString(r.payload)))
		}
	}
	return append(routes, r)
}

// Fallback handles what no route matches: IQ requests (which it must
// answer, or fail with an error the session answers), IQ responses when
// the session delivers stray ones (xmpp.Config.DeliverStrayIQResponses),
// messages, presence and non-stanza elements.
func Fallback(h xmpp.Handler) Option {
	return func(m *ServeMux) {
		if m.fallback != nil {
			panic("mux: duplicate fallback")
		}
		m.fallback = h
	}
}

// HandleXMPP routes one stanza. An IQ request that no route matches, and
// that no fallback takes, fails with service-unavailable, which the
// session sends back (RFC 6120 §8.4).
func (m *ServeMux) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	var h xmpp.Handler
	switch st.Header.Kind {
	case stanza.KindIQ:
		if r := m.iqResponder(st); r != nil {
			return respond(ctx, s, st, r)
		}
	case stanza.KindMessage:
		typ := st.Header.Type
		if typ == "" {
			typ = string(stanza.NormalMessage)
		}
		h = match(m.message, typ, st.Element)
	case stanza.KindPresence:
		h = match(m.presence, st.Header.Type, st.Element)
	}
	if h == nil {
		h = m.fallback
	}
	if h != nil {
		return h.HandleXMPP(ctx, s, st)
	}
	if st.Header.Kind == stanza.KindIQ && st.Header.IQType().IsRequest() {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	return nil
}

// match returns the first route matching typ and one of el's children.
func match(routes []route, typ string, el *xmlstream.Element) xmpp.Handler {
	for _, r := range routes {
		if !r.anyType && r.typ != typ {
			continue
		}
		if r.payload == (xml.Name{}) || hasChild(el, r.payload) {
			return r.h
		}
	}
	return nil
}

// hasChild reports whether el has a child named name. Children in the
// stream's content namespace (such as <body/>) match a name in any of the
// content namespaces, so that a route for {jabber:client}body also works on
// server and component streams.
func hasChild(el *xmlstream.Element, name xml.Name) bool {
	content := stanza.IsContentNS(name.Space)
	for c := range el.Children() {
		n := c.Name()
		sameNS := n.Space == name.Space || content && stanza.IsContentNS(n.Space)
		if sameNS && (name.Local == "" || n.Local == name.Local) {
			return true
		}
	}
	return false
}

func nameString(n xml.Name) string {
	switch {
	case n == xml.Name{}:
		return "any"
	case n.Local == "":
		return "{" + n.Space + "}*"
	}
	return "{" + n.Space + "}" + n.Local
}
