package muc_test

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWireUser(t *testing.T) {
	xmpptest.RunWire(t, muc.ParseUser, []xmpptest.WireCase[muc.User]{
		{Name: "self presence (§7.2.3 example 24)", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/><status code='110'/></x>`,
			Value: muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationMember, Role: muc.RoleParticipant}}, Status: []int{110}}},
		{Name: "real jid (§7.2.4)", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' jid='crone1@shakespeare.lit/desktop' role='moderator'/></x>`,
			Value: muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationOwner, Role: muc.RoleModerator, JID: jid.MustParse("crone1@shakespeare.lit/desktop")}}}},
		{Name: "kick (§8.2 example 92)", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'><actor nick='Fluellen'/><reason>Avaunt, you cullion!</reason></item><status code='110'/><status code='307'/></x>`,
			Value: muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationNone, Role: muc.RoleNone, Actor: muc.Actor{Nick: "Fluellen"}, Reason: "Avaunt, you cullion!"}}, Status: []int{110, 307}}},
		{Name: "nick change (§7.6.3)", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' nick='oldhag' role='participant'/><status code='303'/></x>`,
			Value: muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationMember, Role: muc.RoleParticipant, Nick: "oldhag"}}, Status: []int{303}}},
		{Name: "invite to room (§7.8.2)", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><invite to='hecate@shakespeare.lit'><reason>Hey Hecate</reason></invite></x>`,
			Value: muc.User{Invites: []muc.Invite{{To: jid.MustParse("hecate@shakespeare.lit"), Reason: "Hey Hecate"}}}},
		{Name: "invite from room with password", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><invite from='crone1@shakespeare.lit/desktop'/><password>cauldronburn</password></x>`,
			Value: muc.User{Invites: []muc.Invite{{From: jid.MustParse("crone1@shakespeare.lit/desktop")}}, Password: "cauldronburn"}},
		{Name: "decline", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><decline to='crone1@shakespeare.lit'><reason>Sorry</reason></decline></x>`,
			Value: muc.User{Decline: &muc.Invite{To: jid.MustParse("crone1@shakespeare.lit"), Reason: "Sorry"}}},
		{Name: "destroyed (§10.9)", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/><destroy jid='coven@chat.shakespeare.lit'><reason>Macbeth doth come.</reason></destroy></x>`,
			Value: muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationNone, Role: muc.RoleNone}}, Destroy: &muc.Destroy{JID: jid.MustParse("coven@chat.shakespeare.lit"), Reason: "Macbeth doth come."}}},
		{Name: "empty", XML: `<x xmlns='http://jabber.org/protocol/muc#user'/>`, Value: muc.User{}},
		{Name: "foreign children ignored", ParseOnly: true, XML: `<x xmlns='http://jabber.org/protocol/muc#user'><foo xmlns='urn:example'/><bar/><status code='100'/></x>`, Value: muc.User{Status: []int{100}}},
		{Name: "bad role", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item role='king'/></x>`, WantErr: muc.ErrRole},
		{Name: "bad affiliation", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='king'/></x>`, WantErr: muc.ErrAffiliation},
		{Name: "bad jid", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item jid='@'/></x>`, WantErr: muc.ErrInvalid},
		{Name: "bad actor jid", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><item><actor jid='a@'/></item></x>`, WantErr: muc.ErrInvalid},
		{Name: "bad status", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><status code='11'/></x>`, WantErr: muc.ErrStatus},
		{Name: "status not a number", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><status code='+10'/></x>`, WantErr: muc.ErrStatus},
		{Name: "no status code", XML: `<x xmlns='http://jabber.org/protocol/muc#user'><status/></x>`, WantErr: muc.ErrStatus},
		{Name: "wrong element", XML: `<x xmlns='http://jabber.org/protocol/muc'/>`, WantErr: muc.ErrInvalid},
		{Name: "write: status out of range", Value: muc.User{Status: []int{1000}}, WantErr: muc.ErrStatus},
		{Name: "write: bad role", Value: muc.User{Items: []muc.Item{{Role: "x"}}}, WantErr: muc.ErrRole},
	})
}

func TestWireJoin(t *testing.T) {
	since := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	xmpptest.RunWire(t, muc.ParseJoin, []xmpptest.WireCase[muc.Join]{
		{Name: "plain (§7.2.2)", XML: `<x xmlns='http://jabber.org/protocol/muc'/>`, Value: muc.Join{}},
		{Name: "password (§7.2.6)", XML: `<x xmlns='http://jabber.org/protocol/muc'><password>cauldronburn</password></x>`, Value: muc.Join{Password: "cauldronburn"}},
		{Name: "no history (§7.2.15)", XML: `<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>`, Value: muc.Join{History: &muc.History{MaxStanzas: muc.Limit(0)}}},
		{Name: "all limits", XML: `<x xmlns='http://jabber.org/protocol/muc'><history maxchars='65000' maxstanzas='20' seconds='180' since='1970-01-01T00:00:00Z'/></x>`,
			Value: muc.Join{History: &muc.History{MaxChars: muc.Limit(65000), MaxStanzas: muc.Limit(20), Seconds: muc.Limit(180), Since: since}}},
		{Name: "negative limit", XML: `<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='-1'/></x>`, WantErr: muc.ErrInvalid},
		{Name: "bad since", XML: `<x xmlns='http://jabber.org/protocol/muc'><history since='yesterday'/></x>`, WantErr: muc.ErrInvalid},
		{Name: "wrong element", XML: `<x xmlns='http://jabber.org/protocol/muc#user'/>`, WantErr: muc.ErrInvalid},
		{Name: "write: negative", Value: muc.Join{History: &muc.History{Seconds: muc.Limit(-5)}}, WantErr: muc.ErrInvalid},
	})
}

func TestWireAdmin(t *testing.T) {
	xmpptest.RunWire(t, muc.ParseAdmin, []xmpptest.WireCase[muc.Admin]{
		{Name: "kick (§8.2 example 89)", XML: `<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='pistol' role='none'><reason>Avaunt, you cullion!</reason></item></query>`,
			Value: muc.Admin{Items: []muc.Item{{Nick: "pistol", Role: muc.RoleNone, Reason: "Avaunt, you cullion!"}}}},
		{Name: "ban (§9.1)", XML: `<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast' jid='earlofcambridge@shakespeare.lit'><reason>Treason</reason></item></query>`,
			Value: muc.Admin{Items: []muc.Item{{Affiliation: muc.AffiliationOutcast, JID: jid.MustParse("earlofcambridge@shakespeare.lit"), Reason: "Treason"}}}},
		{Name: "member list request (§9.5)", XML: `<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member'/></query>`,
			Value: muc.Admin{Items: []muc.Item{{Affiliation: muc.AffiliationMember}}}},
		{Name: "empty", XML: `<query xmlns='http://jabber.org/protocol/muc#admin'/>`, Value: muc.Admin{}},
		{Name: "actor jid", XML: `<query xmlns='http://jabber.org/protocol/muc#admin'><item role='none'><actor jid='a@b' nick='n'/></item></query>`,
			Value: muc.Admin{Items: []muc.Item{{Role: muc.RoleNone, Actor: muc.Actor{JID: jid.MustParse("a@b"), Nick: "n"}}}}},
		{Name: "bad role", XML: `<query xmlns='http://jabber.org/protocol/muc#admin'><item role='god'/></query>`, WantErr: muc.ErrRole},
		{Name: "wrong element", XML: `<query xmlns='http://jabber.org/protocol/muc#owner'/>`, WantErr: muc.ErrInvalid},
	})
}

func TestWireOwner(t *testing.T) {
	xmpptest.RunWire(t, muc.ParseOwner, []xmpptest.WireCase[muc.Owner]{
		{Name: "config request (§10.2)", XML: `<query xmlns='http://jabber.org/protocol/muc#owner'/>`, Value: muc.Owner{}},
		{Name: "instant room (§10.1.2)", XML: `<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query>`,
			Value: muc.Owner{Form: &form.Form{Type: form.TypeSubmit}}},
		{Name: "config form", XML: `<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_roomname'><value>A Dark Cave</value></field></x></query>`,
			Value: muc.Owner{Form: &form.Form{Type: form.TypeSubmit, Fields: []form.Field{form.HiddenFormType(muc.ConfigFormType), {Var: "muc#roomconfig_roomname", Values: []string{"A Dark Cave"}}}}}},
		{Name: "destroy (§10.9)", XML: `<query xmlns='http://jabber.org/protocol/muc#owner'><destroy jid='coven@chat.shakespeare.lit'><password>cauldronburn</password><reason>Macbeth doth come.</reason></destroy></query>`,
			Value: muc.Owner{Destroy: &muc.Destroy{JID: jid.MustParse("coven@chat.shakespeare.lit"), Password: "cauldronburn", Reason: "Macbeth doth come."}}},
		{Name: "bad destroy jid", XML: `<query xmlns='http://jabber.org/protocol/muc#owner'><destroy jid='@'/></query>`, WantErr: muc.ErrInvalid},
		{Name: "wrong element", XML: `<query xmlns='http://jabber.org/protocol/muc#admin'/>`, WantErr: muc.ErrInvalid},
	})
}

func TestWireDirectInvite(t *testing.T) {
	xmpptest.RunWire(t, muc.ParseDirectInvite, []xmpptest.WireCase[muc.DirectInvite]{
		{Name: "XEP-0249 example 1", XML: `<x xmlns='jabber:x:conference' jid='darkcave@macbeth.shakespeare.lit' password='cauldronburn' reason='Hey Hecate, this is the place for all good witches!'/>`,
			Value: muc.DirectInvite{Room: jid.MustParse("darkcave@macbeth.shakespeare.lit"), Password: "cauldronburn", Reason: "Hey Hecate, this is the place for all good witches!"}},
		{Name: "continue", XML: `<x xmlns='jabber:x:conference' jid='a@b' continue='true' thread='e0ffe42b28561960c6b12b944a092794b9683a38'/>`,
			Value: muc.DirectInvite{Room: jid.MustParse("a@b"), Continue: true, Thread: "e0ffe42b28561960c6b12b944a092794b9683a38"}},
		{Name: "continue 1", ParseOnly: true, XML: `<x xmlns='jabber:x:conference' jid='a@b' continue='1'/>`, Value: muc.DirectInvite{Room: jid.MustParse("a@b"), Continue: true}},
		{Name: "no jid", XML: `<x xmlns='jabber:x:conference'/>`, WantErr: muc.ErrInvalid},
		{Name: "bad continue", XML: `<x xmlns='jabber:x:conference' jid='a@b' continue='yes'/>`, WantErr: muc.ErrInvalid},
		{Name: "write: no room", Value: muc.DirectInvite{}, WantErr: muc.ErrInvalid},
	})
}
