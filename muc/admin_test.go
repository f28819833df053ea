package muc_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// adminService records the admin and owner requests it gets and answers
// gets with fixed lists and a configuration form.
type adminService struct {
	mu  sync.Mutex
	got []string // each request written back as XML
}

func (a *adminService) record(ns string) mux.IQResponderFunc {
	return func(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
		q, _ := req.Element.Child(ns, "query")
		a.mu.Lock()
		x, _ := xmpptest.MarshalString("", q)
		a.got = append(a.got, req.Header.To.String()+" "+x)
		a.mu.Unlock()
		return nil, nil
	}
}

var configForm = form.Form{Type: form.TypeForm, Fields: []form.Field{form.HiddenFormType(muc.ConfigFormType), {Var: "muc#roomconfig_roomname", Type: form.TextSingle}}}

func TestAdmin(t *testing.T) {
	a := &adminService{}
	members := muc.Admin{Items: []muc.Item{{Affiliation: muc.AffiliationMember, JID: jid.MustParse("hag66@shakespeare.lit"), Nick: "thirdwitch"}}}
	server := mux.New(
		mux.Set(muc.AdminName, a.record(muc.NSAdmin)),
		mux.Set(muc.OwnerName, a.record(muc.NSOwner)),
		mux.Get(muc.AdminName, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) { return members, nil })),
		mux.Get(muc.OwnerName, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			return muc.Owner{Form: &configForm}, nil
		})),
		disco.Handler{Items: []disco.Item{{JID: coven, Name: "A Dark Cave"}}}.Handle(),
	)
	s, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, server))
	c := ctx(t)
	hag := jid.MustParse("hag66@shakespeare.lit/pda")
	for _, err := range []error{
		muc.Kick(c, s, coven, "pistol", "Avaunt"),
		muc.SetRole(c, s, coven, "pistol", muc.RoleParticipant, ""),
		muc.Ban(c, s, coven, hag, "Treason"),
		muc.SetAffiliation(c, s, coven, hag, muc.AffiliationAdmin, ""),
		muc.AcceptDefault(c, s, coven),
		muc.Configure(c, s, coven, form.Form{Fields: []form.Field{{Var: "muc#roomconfig_roomname", Values: []string{"Cave"}}}}),
		muc.DestroyRoom(c, s, coven, muc.Destroy{Reason: "bye"}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		`coven@chat.shakespeare.lit <query xmlns="http://jabber.org/protocol/muc#admin"><item nick="pistol" role="none"><reason>Avaunt</reason></item></query>`,
		`coven@chat.shakespeare.lit <query xmlns="http://jabber.org/protocol/muc#admin"><item nick="pistol" role="participant"></item></query>`,
		`coven@chat.shakespeare.lit <query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="outcast" jid="hag66@shakespeare.lit"><reason>Treason</reason></item></query>`,
		`coven@chat.shakespeare.lit <query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="admin" jid="hag66@shakespeare.lit"></item></query>`,
		`coven@chat.shakespeare.lit <query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"></x></query>`,
		`coven@chat.shakespeare.lit <query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="muc#roomconfig_roomname"><value>Cave</value></field></x></query>`,
		`coven@chat.shakespeare.lit <query xmlns="http://jabber.org/protocol/muc#owner"><destroy><reason>bye</reason></destroy></query>`,
	}
	a.mu.Lock()
	if len(a.got) != len(want) {
		t.Fatalf("requests:\n%q\nwant\n%q", a.got, want)
	}
	for i, g := range a.got {
		gTo, gXML, _ := strings.Cut(g, " ")
		wTo, wXML, _ := strings.Cut(want[i], " ")
		if same, err := xmpptest.SameXML(gXML, wXML); gTo != wTo || !same || err != nil {
			t.Errorf("request %d: %s, want %s (%v)", i, g, want[i], err)
		}
	}
	a.mu.Unlock()
	if err := muc.Kick(c, s, coven, "", ""); !errors.Is(err, muc.ErrNoTarget) {
		t.Errorf("kick nobody: %v", err)
	}
	if err := muc.Ban(c, s, coven, jid.JID{}, ""); !errors.Is(err, muc.ErrNoTarget) {
		t.Errorf("ban nobody: %v", err)
	}
	got, err := muc.Affiliations(c, s, coven, muc.AffiliationMember)
	if err != nil || !reflect.DeepEqual(got, members.Items) {
		t.Errorf("Affiliations: %+v, %v", got, err)
	}
	if _, err := muc.Roles(c, s, coven, muc.RoleModerator); err != nil {
		t.Errorf("Roles: %v", err)
	}
	f, err := muc.GetConfig(c, s, coven)
	if err != nil || f.FormType() != muc.ConfigFormType {
		t.Errorf("GetConfig: %+v, %v", f, err)
	}
	var rooms []disco.Item
	for it, err := range muc.Rooms(c, s, jid.MustParse("chat.shakespeare.lit")) {
		if err != nil {
			t.Fatal(err)
		}
		rooms = append(rooms, it)
	}
	if len(rooms) != 1 || rooms[0].JID != coven {
		t.Errorf("Rooms: %+v", rooms)
	}
}
