package muc

import (
	"context"
	"encoding/xml"
	"strconv"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// RoomInfoFormType is the FORM_TYPE of a room's extended disco#info
// (§15.5.4).
const RoomInfoFormType = NS + "#roominfo"

// mux routes the service's IQs; messages and presence go to fallback.
func (s *Service) mux() *mux.ServeMux {
	return mux.New(
		mux.Get(disco.InfoName, mux.IQResponderFunc(s.discoInfo)),
		mux.Get(disco.ItemsName, mux.IQResponderFunc(s.discoItems)),
		mux.Get(AdminName, mux.IQResponderFunc(s.adminGet)),
		mux.Set(AdminName, mux.IQResponderFunc(s.adminSet)),
		mux.Get(OwnerName, mux.IQResponderFunc(s.ownerGet)),
		mux.Set(OwnerName, mux.IQResponderFunc(s.ownerSet)),
		mux.Set(mam.QueryName, mux.IQResponderFunc(s.archiveQuery)),
		mux.Get(mam.QueryName, mux.IQResponderFunc(s.archiveFields)),
		mux.Get(ping.Name, mux.IQResponderFunc(s.ping)),
		mux.Fallback(xmpp.HandlerFunc(s.fallback)),
	)
}

func (s *Service) fallback(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	switch st.Header.Kind {
	case stanza.KindPresence:
		return s.presence(ctx, sess, st)
	case stanza.KindMessage:
		return s.message(ctx, sess, st)
	}
	if st.Header.IQType().IsRequest() {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	return nil
}

// discoInfo describes the service (§6.1) or a room (§6.4).
func (s *Service) discoInfo(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	to := st.Header.To
	if q, _ := st.Element.Child(disco.NSInfo, "query"); q.Attr("node") != "" {
		return nil, condError(stanza.ItemNotFound, "no such node")
	}
	if to.Localpart() == "" {
		return disco.Info{
			Identities: []disco.Identity{{Category: "conference", Type: "text", Name: s.cfg.Name}},
			Features:   []string{disco.NSInfo, disco.NSItems, NS, ping.NS},
		}, nil
	}
	if to.Resourcepart() != "" {
		return nil, condError(stanza.ServiceUnavailable, "occupants are not queried through the room")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.room(ctx, to.Bare())
	if err != nil {
		return nil, err
	}
	if r == nil || r.locked && s.affiliation(r, st.Header.From.Bare()) != AffiliationOwner {
		return nil, condError(stanza.ItemNotFound, "no such room")
	}
	return s.roomInfo(r), nil
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// roomInfo lists the room's features (§15.2.3) and its muc#roominfo form.
func (s *Service) roomInfo(r *chatRoom) disco.Info {
	c := r.Config
	features := []string{disco.NSInfo, NS, stanzaid.NS,
		pick(c.Persistent, "muc_persistent", "muc_temporary"),
		pick(c.Public, "muc_public", "muc_hidden"),
		pick(c.MembersOnly, "muc_membersonly", "muc_open"),
		pick(c.Moderated, "muc_moderated", "muc_unmoderated"),
		pick(c.NonAnonymous, "muc_nonanonymous", "muc_semianonymous"),
		pick(c.Password != "", "muc_passwordprotected", "muc_unsecured"),
	}
	if c.Archive {
		features = append(features, mam.NS)
	}
	name := c.Name
	if name == "" {
		name = r.JID.Localpart()
	}
	info := form.Form{Type: form.TypeResult, Fields: []form.Field{
		form.HiddenFormType(RoomInfoFormType),
		{Var: "muc#roominfo_description", Values: []string{c.Description}},
		{Var: "muc#roominfo_subject", Values: []string{r.Subject}},
		{Var: "muc#roominfo_occupants", Values: []string{strconv.Itoa(len(r.occupants))}},
		{Var: "muc#roomconfig_changesubject", Values: []string{pick(c.ChangeSubject, "1", "0")}},
	}}
	return disco.Info{
		Identities: []disco.Identity{{Category: "conference", Type: "text", Name: name}},
		Features:   features,
		Forms:      []form.Form{info},
	}
}

// discoItems lists the public rooms (§6.3); a room lists no occupants
// (§6.5 lets it keep them private).
func (s *Service) discoItems(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	to := st.Header.To
	var items []disco.Item
	if to.Localpart() == "" {
		s.mu.Lock()
		stored, err := s.cfg.Store.Rooms(ctx)
		if err == nil {
			items = s.publicRooms(stored)
		}
		s.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	return itemsResult(items), nil
}

func (s *Service) publicRooms(stored []RoomState) []disco.Item {
	var items []disco.Item
	seen := make(map[string]bool)
	add := func(st RoomState) {
		if seen[st.JID.String()] || !st.Config.Public {
			return
		}
		seen[st.JID.String()] = true
		items = append(items, disco.Item{JID: st.JID, Name: st.Config.Name})
	}
	for _, r := range s.rooms {
		if !r.locked {
			add(r.RoomState)
		}
	}
	for _, st := range stored {
		add(st)
	}
	sortItems(items)
	return items
}

type itemsResult []disco.Item

func (it itemsResult) WriteXML(w xmlstream.Encoder) error {
	return w.Element(disco.ItemsName, nil, func(w xmlstream.Encoder) error {
		for _, i := range it {
			a := []xml.Attr{{Name: xml.Name{Local: "jid"}, Value: i.JID.String()}}
			if i.Name != "" {
				a = append(a, xml.Attr{Name: xml.Name{Local: "name"}, Value: i.Name})
			}
			if err := w.EmptyElement(xml.Name{Space: disco.NSItems, Local: "item"}, a...); err != nil {
				return err
			}
		}
		return nil
	})
}

// ping answers XEP-0199 pings to the service and rooms, and XEP-0410
// self-pings to occupant JIDs: a result only for the occupant itself,
// not-acceptable for anyone else.
func (s *Service) ping(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	to := st.Header.To
	if to.Localpart() == "" {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.room(ctx, to.Bare())
	if err != nil {
		return nil, err
	}
	if to.Resourcepart() == "" {
		if r == nil {
			return nil, condError(stanza.ItemNotFound, "no such room")
		}
		return nil, nil
	}
	if r != nil {
		if o := r.sender(st.Header.From); o != nil && o.nick == to.Resourcepart() {
			return nil, nil
		}
	}
	return nil, condError(stanza.NotAcceptable, "not an occupant of the room")
}
