package muc_test

import (
	"context"
	"sync"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// fakeRoom answers as a MUC service would for one client, with one other
// occupant, romeo, already in each room. It is the server side of a pair.
type fakeRoom struct {
	mu       sync.Mutex
	nick     map[jid.JID]string // room → the client's nick
	owner    []muc.Owner        // owner queries received
	password string
	pingErr  stanza.Condition // the answer to self-pings; empty for a result
}

func (f *fakeRoom) ping(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pingErr != "" {
		return nil, stanza.NewError(f.pingErr)
	}
	return nil, nil
}

// forget drops the client from room without telling it, as a restarted
// service would.
func (f *fakeRoom) forget(room jid.JID) {
	f.mu.Lock()
	delete(f.nick, room)
	f.pingErr = stanza.NotAcceptable
	f.mu.Unlock()
}

func occ(room jid.JID, nick string) jid.JID {
	j, _ := jid.New(room.Localpart(), room.Domainpart(), nick)
	return j
}

func (f *fakeRoom) send(ctx context.Context, s *xmpp.Session, p stanza.Presence, u muc.User) error {
	p.To = s.RemoteAddr()
	return s.Send(ctx, p.Wrap(u))
}

func (f *fakeRoom) handle(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	to := st.Header.To
	room := to.Bare()
	f.mu.Lock()
	mine := f.nick[room]
	f.mu.Unlock()
	switch {
	case st.Header.Kind == stanza.KindPresence && st.Header.Type == string(stanza.UnavailablePresence):
		f.mu.Lock()
		delete(f.nick, room)
		f.mu.Unlock()
		return f.send(ctx, s, stanza.Presence{From: to, Type: stanza.UnavailablePresence},
			muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationOwner, Role: muc.RoleNone}}, Status: []int{110}})
	case st.Header.Kind == stanza.KindPresence && mine == "":
		if el, ok := st.Element.Child(muc.NS, "x"); ok {
			j, err := muc.ParseJoin(el)
			if err != nil || j.Password != f.password {
				e := stanza.NewError(stanza.NotAuthorized)
				return s.Send(ctx, stanza.Presence{From: to, To: s.RemoteAddr(), Type: stanza.ErrorPresence}.Wrap(e))
			}
		}
		if to.Resourcepart() == "romeo" {
			e := stanza.NewError(stanza.Conflict)
			return s.Send(ctx, stanza.Presence{From: to, To: s.RemoteAddr(), Type: stanza.ErrorPresence}.Wrap(e))
		}
		if err := f.send(ctx, s, stanza.Presence{From: occ(room, "romeo")},
			muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationMember, Role: muc.RoleParticipant, JID: jid.MustParse("romeo@example.net/orchard")}}}); err != nil {
			return err
		}
		f.mu.Lock()
		f.nick[room] = to.Resourcepart()
		f.mu.Unlock()
		status := []int{110}
		if room.Localpart() == "new" {
			status = append(status, 201)
		}
		return f.send(ctx, s, stanza.Presence{From: to},
			muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationOwner, Role: muc.RoleModerator, JID: s.RemoteAddr()}}, Status: status})
	case st.Header.Kind == stanza.KindPresence:
		// A nick change (§7.6.3).
		newNick := to.Resourcepart()
		f.mu.Lock()
		f.nick[room] = newNick
		f.mu.Unlock()
		if err := f.send(ctx, s, stanza.Presence{From: occ(room, mine), Type: stanza.UnavailablePresence},
			muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationOwner, Role: muc.RoleModerator, Nick: newNick}}, Status: []int{303, 110}}); err != nil {
			return err
		}
		return f.send(ctx, s, stanza.Presence{From: to},
			muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationOwner, Role: muc.RoleModerator}}, Status: []int{110}})
	case st.Header.Kind == stanza.KindMessage && st.Header.Type == string(stanza.GroupChatMessage):
		m, err := message.Parse(st.Element)
		if err != nil {
			return err
		}
		m.Header = stanza.Message{From: occ(room, mine), To: s.RemoteAddr(), Type: stanza.GroupChatMessage}
		return s.Send(ctx, m)
	case st.Header.Kind == stanza.KindMessage && to.Resourcepart() == "romeo":
		m := message.Message{Header: stanza.Message{From: to, To: s.RemoteAddr(), Type: stanza.ChatMessage},
			Bodies: []message.Text{{Text: "hi back"}}, Payload: []xmlstream.Marshaler{muc.User{}}}
		return s.Send(ctx, m)
	}
	return nil
}

func (f *fakeRoom) admin(ctx context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := req.Element.Child(muc.NSAdmin, "query")
	a, err := muc.ParseAdmin(el)
	if err != nil || len(a.Items) != 1 {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	room := req.Header.To.Bare()
	it := a.Items[0]
	if it.Role == muc.RoleNone && it.Nick != "" {
		f.mu.Lock()
		mine := f.nick[room]
		f.mu.Unlock()
		status := []int{307}
		if it.Nick == mine {
			status = append(status, 110)
		}
		err := f.send(ctx, s, stanza.Presence{From: occ(room, it.Nick), Type: stanza.UnavailablePresence},
			muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationNone, Role: muc.RoleNone, Reason: it.Reason, Actor: muc.Actor{Nick: "boss"}}}, Status: status})
		return nil, err
	}
	return nil, nil
}

func (f *fakeRoom) ownerQuery(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := req.Element.Child(muc.NSOwner, "query")
	o, err := muc.ParseOwner(el)
	if err != nil {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	f.mu.Lock()
	f.owner = append(f.owner, o)
	f.mu.Unlock()
	return nil, nil
}

// roomPair returns a client session whose handler is c's, connected to a
// fake MUC service.
func roomPair(t testing.TB, c *muc.Client, f *fakeRoom) *xmpp.Session {
	client, _ := roomPair2(t, c, f)
	return client
}

// roomPair2 is roomPair returning the service's session too.
func roomPair2(t testing.TB, c *muc.Client, f *fakeRoom) (client, service *xmpp.Session) {
	return xmpptest.Pair(t, xmpptest.Handlers(mux.New(c.Handle()), f.service()))
}

// service returns the handler of the service's session.
func (f *fakeRoom) service() *mux.ServeMux {
	f.nick = make(map[jid.JID]string)
	return mux.New(
		mux.Set(muc.AdminName, mux.IQResponderFunc(f.admin)),
		mux.Set(muc.OwnerName, mux.IQResponderFunc(f.ownerQuery)),
		mux.Get(ping.Name, mux.IQResponderFunc(f.ping)),
		mux.Fallback(xmpp.HandlerFunc(f.handle)),
	)
}
