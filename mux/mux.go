package mux

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ServeMux routes stanzas to handlers. Build it with [New]; it is safe for
// concurrent use by many sessions once built.
type ServeMux struct {
	iq       map[iqKey]xmpp.Handler
	iqNS     map[iqKey]xmpp.Handler // routes by payload namespace only (Local == "")
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
	typ     string   // "" matches any type
	anyType bool     // typ was given as a wildcard
	payload xml.Name // zero matches any payload; Local "" matches a namespace
	h       xmpp.Handler
}

// An Option adds routes to a ServeMux.
type Option func(*ServeMux)

// New returns a ServeMux with the given routes. When several message or
// presence routes match, the first one given wins; IQ routes must be unique.
func New(opts ...Option) *ServeMux {
	m := &ServeMux{iq: make(map[iqKey]xmpp.Handler), iqNS: make(map[iqKey]xmpp.Handler)}
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

// IQ routes IQs of type typ whose payload (first child) is named payload.
// A payload with an empty Local matches every element of its namespace.
func IQ(typ stanza.IQType, payload xml.Name, h xmpp.Handler) Option {
	return func(m *ServeMux) {
		k := iqKey{typ, payload}
		if payload.Local == "" {
			m.iqNS[k] = h
			return
		}
		m.iq[k] = h
	}
}

// IQFunc is IQ with a function.
func IQFunc(typ stanza.IQType, payload xml.Name, f xmpp.HandlerFunc) Option {
	return IQ(typ, payload, f)
}

// Message routes messages of type typ ("" for any type; use
// stanza.NormalMessage for messages without a type) that carry a child
// named payload (the zero Name for any message; an empty Local for any
// child of a namespace). A payload in jabber:client, such as <body/>,
// matches on server and component streams too.
func Message(typ stanza.MessageType, payload xml.Name, h xmpp.Handler) Option {
	return func(m *ServeMux) {
		m.message = append(m.message, route{typ: string(typ), anyType: typ == "", payload: payload, h: h})
	}
}

// MessageFunc is Message with a function.
func MessageFunc(typ stanza.MessageType, payload xml.Name, f xmpp.HandlerFunc) Option {
	return Message(typ, payload, f)
}

// Presence routes presence of type typ (stanza.AvailablePresence, the empty
// type, matches only available presence; use [AnyPresence] for all) that
// carries a child named payload, as for [Message].
func Presence(typ stanza.PresenceType, payload xml.Name, h xmpp.Handler) Option {
	return func(m *ServeMux) {
		m.presence = append(m.presence, route{typ: string(typ), payload: payload, h: h})
	}
}

// AnyPresence routes presence of every type that carries payload.
func AnyPresence(payload xml.Name, h xmpp.Handler) Option {
	return func(m *ServeMux) {
		m.presence = append(m.presence, route{anyType: true, payload: payload, h: h})
	}
}

// Fallback handles what no route matches (IQ requests included: a fallback
// must answer them).
func Fallback(h xmpp.Handler) Option {
	return func(m *ServeMux) { m.fallback = h }
}

// HandleXMPP routes one stanza.
func (m *ServeMux) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if h := m.handler(st); h != nil {
		return h.HandleXMPP(ctx, s, st)
	}
	if st.Header.Kind == stanza.KindIQ && stanza.IQType(st.Header.Type).IsRequest() {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	return nil
}

// handler finds the route for st, or the fallback, or nil.
func (m *ServeMux) handler(st *xmpp.Stanza) xmpp.Handler {
	var h xmpp.Handler
	switch st.Header.Kind {
	case stanza.KindIQ:
		h = m.iqHandler(st)
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
	return h
}

func (m *ServeMux) iqHandler(st *xmpp.Stanza) xmpp.Handler {
	payload, ok := st.Element.FirstChild()
	if !ok {
		return nil
	}
	typ := stanza.IQType(st.Header.Type)
	if h, ok := m.iq[iqKey{typ, payload}]; ok {
		return h
	}
	return m.iqNS[iqKey{typ, xml.Name{Space: payload.Space}}]
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
