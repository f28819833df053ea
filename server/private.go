package server

import (
	"context"
	"encoding/xml"
	"strings"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Private XML storage (XEP-0049) kept in the account's PEP service as
// XEP-0223 says: each namespace's element is the one item of a
// whitelisted node named by the namespace, so that a client reading
// through either protocol sees the same data (XEP-0048 bookmarks in
// storage:bookmarks, for instance).

// nsPrivate is the namespace of XEP-0049.
const nsPrivate = "jabber:iq:private"

var privateName = xml.Name{Space: nsPrivate, Local: "query"}

// privateRoutes returns the routes of the user's own private storage, and
// of another's: forbidden (XEP-0049 §3).
func (s *Server) privateRoutes() (own, other mux.Option) {
	no := mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
		return nil, stanza.NewError(stanza.Forbidden)
	})
	h := mux.IQResponderFunc(s.privateIQ)
	return mux.Options(mux.Get(privateName, h), mux.Set(privateName, h)), mux.Options(mux.Get(privateName, no), mux.Set(privateName, no))
}

// privateIQ answers a get (the stored element, or the empty one asked
// for) or a set (replaces it) on the sender's own storage. The query must
// hold exactly one element, outside the namespaces XEP-0049 §3 reserves.
func (s *Server) privateIQ(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	q, _ := st.Element.Child(nsPrivate, "query")
	var el *xmlstream.Element
	for c := range q.Children() {
		if el != nil {
			return nil, stanza.NewError(stanza.NotAcceptable)
		}
		el = c
	}
	if el == nil {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	ns := el.Name().Space
	if ns == "" || strings.HasPrefix(ns, "jabber:") || strings.HasPrefix(ns, "http://jabber.org/") || ns == "vcard-temp" {
		return nil, stanza.NewError(stanza.NotAcceptable)
	}
	owner := sess.RemoteAddr().Bare()
	if st.Header.IQType() == stanza.SetIQ {
		ev, err := s.pep.StorePrivate(owner, ns, el)
		if err != nil {
			return nil, err
		}
		s.notifyPEP(owner, *ev, pubsub.AccessWhitelist)
		return nil, nil
	}
	stored, err := s.pep.LoadPrivate(owner, ns)
	if err != nil {
		return nil, err
	}
	if stored == nil {
		stored = el.Clone() // the empty element asked for (§3)
	}
	return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		return e.Element(privateName, nil, stored.WriteXML)
	}), nil
}
