package muc_test

import (
	"context"
	"encoding/xml"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// miniRouter is the least of a server: client sessions on one side, the
// service's component session on the other. It stamps 'from' on what
// clients send, and moves stanzas between the jabber:client and
// jabber:component:accept namespaces the way a server does.
type miniRouter struct {
	tb      testing.TB
	mu      sync.Mutex
	clients map[jid.JID]*xmpp.Session // full JID → the server side of its pair
	comp    *xmpp.Session             // the router side of the component session
}

func newMiniRouter(tb testing.TB, svc *muc.Service) *miniRouter {
	r := &miniRouter{tb: tb, clients: make(map[jid.JID]*xmpp.Session)}
	r.comp, _ = componentPair(tb, svc, xmpp.HandlerFunc(r.fromService))
	return r
}

// connect returns a client session for user whose handler is h.
func (r *miniRouter) connect(user jid.JID, h xmpp.Handler) *xmpp.Session {
	opts := xmpptest.Handlers(h, xmpp.HandlerFunc(r.fromClient))
	opts.ClientJID = user
	client, server := xmpptest.Pair(r.tb, opts)
	r.mu.Lock()
	r.clients[client.LocalAddr()] = server
	r.mu.Unlock()
	return client
}

// translate writes el in namespace from with its 'from' replaced, and
// reads it back as a stanza of namespace to.
func translate(el *xmlstream.Element, fromNS, toNS string, from jid.JID) (*xmlstream.Element, error) {
	attrs := el.Attrs()
	out := attrs[:0:0]
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == "from" || a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
			continue
		}
		out = append(out, a)
	}
	if !from.IsZero() {
		out = append(out, xmlAttr("from", from.String()))
	}
	restamped := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		name := el.Name()
		name.Space = ""
		if err := w.Start(name, out...); err != nil {
			return err
		}
		for c := range el.Children() {
			if err := c.WriteXML(w); err != nil {
				return err
			}
		}
		return w.End()
	})
	s, err := xmpptest.MarshalString(fromNS, restamped)
	if err != nil {
		return nil, err
	}
	return xmpptest.ReadElement(toNS, s)
}

// fromClient passes what a client sends to the service, stamped with the
// client's full JID.
func (r *miniRouter) fromClient(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.To.Domainpart() != svcDomain {
		if st.Header.Kind == stanza.KindIQ && st.Header.IQType().IsRequest() {
			return stanza.NewError(stanza.ServiceUnavailable)
		}
		return nil
	}
	el, err := translate(st.Element, stanza.NSClient, stanza.NSComponent, s.RemoteAddr())
	if err != nil {
		return err
	}
	return r.comp.Send(ctx, el)
}

// fromService delivers what the service sends to the addressed client.
func (r *miniRouter) fromService(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	r.mu.Lock()
	server := r.clients[st.Header.To]
	r.mu.Unlock()
	if server == nil {
		return nil // a bare JID (an invitation): no one to deliver to here
	}
	el, err := translate(st.Element, stanza.NSComponent, stanza.NSClient, st.Header.From)
	if err != nil {
		return err
	}
	return server.Send(ctx, el)
}

// TestServiceWithClient runs the package's Client and the mam package's
// queries against the Service: both sides of XEP-0045 (and XEP-0313 for
// rooms) agree.
func TestServiceWithClient(t *testing.T) {
	svc := muc.NewService(muc.ServiceConfig{DefaultRoom: muc.RoomConfig{Archive: true, Public: true}})
	router := newMiniRouter(t, svc)
	room := jid.MustParse("coven@" + svcDomain)

	recA, cfgA := newRecorder()
	clientA := muc.NewClient(cfgA)
	var archive mam.Handler
	sa := router.connect(jid.MustParse("alice@example.net"), mux.New(clientA.Handle(), archive.Handle()))
	recB, cfgB := newRecorder()
	clientB := muc.NewClient(cfgB)
	sb := router.connect(jid.MustParse("bob@example.net"), mux.New(clientB.Handle()))

	ra, err := clientA.Join(ctx(t), sa, room, "al", muc.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p := wait(t, recA.presence); !p.Self || p.Affiliation != muc.AffiliationOwner || p.Role != muc.RoleModerator {
		t.Errorf("creator's presence %+v", p)
	}
	wait(t, recA.messages) // the empty subject
	rb, err := clientB.Join(ctx(t), sb, room, "bob", muc.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if occ := rb.Occupants(); len(occ) != 2 {
		t.Errorf("bob sees %+v", occ)
	}
	if p := wait(t, recA.presence); p.Nick != "bob" || p.JID != sb.LocalAddr() {
		t.Errorf("alice (moderator) sees %+v", p)
	}

	for _, body := range []string{"one", "two", "three"} {
		if err := rb.Send(ctx(t), body); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		wait(t, recA.messages)
	}

	// The archive, page by page (two per page).
	var bodies []string
	for res, err := range archive.Query(ctx(t), sa, room, mam.Filter{}, paging.Request{Max: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if b, ok := res.Forwarded.Stanza.Child(stanza.NSClient, "body"); ok {
			bodies = append(bodies, b.Text())
		}
	}
	if len(bodies) != 3 || bodies[0] != "one" || bodies[2] != "three" {
		t.Errorf("archive bodies %q", bodies)
	}

	// A private message (§7.5), as the Client sends it.
	if err := ra.SendPrivate(ctx(t), "bob", "psst"); err != nil {
		t.Fatal(err)
	}
	for {
		if m := wait(t, recB.messages); m.Body == "psst" {
			if !m.Private || m.Nick != "al" {
				t.Errorf("private message %+v", m)
			}
			break
		}
	}

	// The query form (XEP-0313 §5.1.1).
	if f, err := mam.Fields(ctx(t), sa, room); err != nil || f.FormType() != mam.NS {
		t.Errorf("archive fields %+v, %v", f, err)
	} else if _, ok := f.Field("after-id"); !ok {
		t.Errorf("archive fields %+v", f)
	}

	// Kick through the admin helpers.
	if err := muc.Kick(ctx(t), sa, room, "bob", "enough"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-rb.Done():
	case <-ctx(t).Done():
		t.Fatal("bob's room did not end")
	}
	for {
		p := wait(t, recB.presence)
		if p.Self && p.Unavailable {
			if !slices.Contains(p.Status, muc.StatusKicked) || p.Reason != "enough" || p.Actor.Nick != "al" {
				t.Errorf("bob's kick %+v", p)
			}
			break
		}
	}
	if err := muc.Kick(ctx(t), sb, room, "al", ""); !errors.Is(err, stanza.NewError(stanza.Forbidden)) {
		t.Errorf("kick by a non-occupant: %v, want forbidden", err)
	}

	// Self-ping from the client side.
	if ok, err := ra.SelfPing(ctx(t)); !ok || err != nil {
		t.Errorf("self-ping: %v, %v", ok, err)
	}
	if items := collectRooms(t, sa); len(items) != 1 || items[0] != room {
		t.Errorf("rooms %v", items)
	}
	if err := ra.Leave(ctx(t), "bye"); err != nil {
		t.Fatal(err)
	}
}

func collectRooms(t *testing.T, s *xmpp.Session) []jid.JID {
	var out []jid.JID
	for it, err := range muc.Rooms(ctx(t), s, jid.MustParse(svcDomain)) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, it.JID)
	}
	return out
}

func xmlAttr(local, value string) xml.Attr {
	return xml.Attr{Name: xml.Name{Local: local}, Value: value}
}
