package muc_test

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/muc"
)

func adminIQ(from, room, typ, items string) string {
	return `<iq type='` + typ + `' id='a' from='` + from + `' to='` + room + `@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#admin'>` + items + `</query></iq>`
}

func TestServiceKickBanAndAffiliations(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "adm", "al")
	h.join(bob, "adm", "bob", "")
	h.join(carol, "adm", "carol", "")
	h.clear()

	// Kick (§8.2): 307 for everyone, 110 for the kicked, the actor named.
	h.send(adminIQ(alice, "adm", "set", `<item nick='carol' role='none'><reason>noise</reason></item>`))
	wantSummary(t, "kicked", summary(h.take(carol)), "presence adm@conference.localhost/carol unavailable 307 110")
	got := h.take(bob)
	wantSummary(t, "kick seen", summary(got), "presence adm@conference.localhost/carol unavailable 307")
	if u := userOf(t, got[0]); u.Items[0].Reason != "noise" || u.Items[0].Actor.Nick != "al" {
		t.Errorf("kick item %+v", u.Items[0])
	}
	wantSummary(t, "kick result", summary(h.take(alice)),
		"presence adm@conference.localhost/carol unavailable 307",
		"iq adm@conference.localhost result")

	// Ban (§9.1): 301, and the banned user cannot come back.
	h.send(adminIQ(alice, "adm", "set", `<item jid='bob@localhost' affiliation='outcast'/>`))
	wantSummary(t, "banned", summary(h.take(bob)), "presence adm@conference.localhost/bob unavailable 301 110")
	h.clear()
	h.join(bob, "adm", "bob", "")
	wantSummary(t, "banned rejoin", summary(h.take(bob)), "presence adm@conference.localhost/bob error forbidden")
	h.send(adminIQ(alice, "adm", "get", `<item affiliation='outcast'/>`))
	if got := dump(h.take(alice)); !strings.Contains(got, "bob@localhost") {
		t.Errorf("outcast list: %s", got)
	}

	// Grant admin to carol (owner only); she becomes a moderator on join.
	h.send(adminIQ(alice, "adm", "set", `<item jid='carol@localhost' affiliation='admin'/>`))
	wantSummary(t, "grant admin", summary(h.take(alice)), "iq adm@conference.localhost result")
	h.join(carol, "adm", "carol", "")
	got = h.take(carol)
	if u := userOf(t, got[len(got)-2]); u.Items[0].Role != muc.RoleModerator || u.Items[0].Affiliation != muc.AffiliationAdmin {
		t.Errorf("admin joins as %+v", u.Items[0])
	}
	// An admin cannot touch the owner, nor kick an admin.
	h.send(adminIQ(carol, "adm", "set", `<item jid='alice@localhost' affiliation='none'/>`))
	wantSummary(t, "admin demotes owner", summary(h.take(carol)), "iq adm@conference.localhost error not-allowed")
	h.send(adminIQ(carol, "adm", "set", `<item nick='al' role='none'/>`))
	wantSummary(t, "admin kicks owner", summary(h.take(carol)), "iq adm@conference.localhost error not-allowed")
	// The last owner stays.
	h.clear()
	h.send(adminIQ(alice, "adm", "set", `<item jid='alice@localhost' affiliation='member'/>`))
	wantSummary(t, "last owner", summary(h.take(alice)), "iq adm@conference.localhost error conflict")

	// Voice: a moderated room makes newcomers visitors; a moderator
	// grants voice.
	h.send(`<iq type='set' id='m' from='` + alice + `' to='adm@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_moderatedroom'><value>1</value></field></x></query></iq>`)
	h.join("dave@localhost/d", "adm", "dave", "")
	h.clear()
	h.send(`<message type='groupchat' from='dave@localhost/d' to='adm@conference.localhost'><body>hey</body></message>`)
	wantSummary(t, "visitor speaks", summary(h.take("dave@localhost/d")), "message adm@conference.localhost error forbidden")
	h.send(adminIQ(carol, "adm", "set", `<item nick='dave' role='participant'/>`))
	h.clear()
	h.send(`<message type='groupchat' from='dave@localhost/d' to='adm@conference.localhost'><body>hey</body></message>`)
	wantSummary(t, "voiced", summary(h.take("dave@localhost/d")), "message adm@conference.localhost/dave groupchat")
	h.send(adminIQ(carol, "adm", "get", `<item role='participant'/>`))
	if got := dump(h.take(carol)); !strings.Contains(got, "nick=\"dave\"") {
		t.Errorf("voice list: %s", got)
	}
}

func TestServiceDestroy(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "gone", "al", "muc#roomconfig_persistentroom", "1")
	h.join(bob, "gone", "bob", "")
	h.clear()
	h.send(`<iq type='set' id='x' from='` + bob + `' to='gone@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query></iq>`)
	wantSummary(t, "non-owner destroys", summary(h.take(bob)), "iq gone@conference.localhost error forbidden")
	h.send(`<iq type='set' id='x' from='` + alice + `' to='gone@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy jid='new@conference.localhost'><reason>moved</reason></destroy></query></iq>`)
	got := h.take(bob)
	wantSummary(t, "destroyed", summary(got), "presence gone@conference.localhost/bob unavailable 110")
	if u := userOf(t, got[0]); u.Destroy == nil || u.Destroy.JID.String() != "new@conference.localhost" || u.Destroy.Reason != "moved" {
		t.Errorf("destroy notice %+v", u.Destroy)
	}
	h.send(`<iq type='get' id='d' from='` + bob + `' to='gone@conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`)
	wantSummary(t, "after destroy", summary(h.take(bob)), "iq gone@conference.localhost error item-not-found")
}

func TestServiceInvitations(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "inv", "al", "muc#roomconfig_membersonly", "1", "muc#roomconfig_passwordprotectedroom", "1", "muc#roomconfig_roomsecret", "pw")
	h.send(`<message from='` + alice + `' to='inv@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='bob@localhost'><reason>come</reason></invite></x></message>`)
	got := h.take("bob@localhost")
	wantSummary(t, "invitation", summary(got), "message inv@conference.localhost")
	u := userOf(t, got[0])
	if len(u.Invites) != 1 || u.Invites[0].From.String() != alice || u.Invites[0].Reason != "come" || u.Password != "pw" {
		t.Errorf("invitation %+v", u)
	}
	// The owner's invitation made bob a member of the members-only room.
	h.join(bob, "inv", "bob", "<x xmlns='http://jabber.org/protocol/muc'><password>pw</password></x>")
	if s := summary(h.take(bob)); len(s) != 3 || !strings.HasSuffix(s[1], "110") {
		t.Errorf("invited member joins: %q", s)
	}
	// Decline (§7.8.3) goes back to the inviter.
	h.clear()
	h.send(`<message from='carol@localhost/x' to='inv@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'><decline to='` + alice + `'><reason>busy</reason></decline></x></message>`)
	wantSummary(t, "decline without invitation", summary(h.take("carol@localhost/x")), "message inv@conference.localhost error not-acceptable")
	h.send(`<message from='` + alice + `' to='inv@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='carol@localhost'/></x></message>`)
	h.clear()
	// The decline goes to the inviter, whatever address it names.
	h.send(`<message from='carol@localhost/x' to='inv@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'><decline to='victim@localhost'><reason>busy</reason></decline></x></message>`)
	got = h.take(alice)
	if u := userOf(t, got[0]); u.Decline == nil || u.Decline.From.String() != "carol@localhost" {
		t.Errorf("decline %s", dump(got))
	}
	if got := h.take("victim@localhost"); len(got) != 0 {
		t.Errorf("a decline went where the decliner said: %s", dump(got))
	}
	// A direct invitation (XEP-0249) passes through as a private message.
	h.send(`<message from='` + alice + `' to='inv@conference.localhost/bob'><x xmlns='jabber:x:conference' jid='other@conference.localhost'/></message>`)
	if got := dump(h.take(bob)); !strings.Contains(got, "jabber:x:conference") {
		t.Errorf("direct invitation: %s", got)
	}
	// A participant of a members-only room may not invite by default.
	h.send(`<message from='` + bob + `' to='inv@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='carol@localhost'/></x></message>`)
	wantSummary(t, "member invites", summary(h.take(bob)), "message inv@conference.localhost error forbidden")
}

func TestServiceSelfPing(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "ping", "al")
	for _, tc := range []struct{ from, to, want string }{
		{alice, "ping@conference.localhost/al", "iq ping@conference.localhost/al result"},
		{"alice@localhost/other", "ping@conference.localhost/al", "iq ping@conference.localhost/al error not-acceptable"},
		{bob, "ping@conference.localhost/al", "iq ping@conference.localhost/al error not-acceptable"},
		{bob, "none@conference.localhost/al", "iq none@conference.localhost/al error not-acceptable"},
		{bob, "ping@conference.localhost", "iq ping@conference.localhost result"},
	} {
		h.send(`<iq type='get' id='p' from='` + tc.from + `' to='` + tc.to + `'><ping xmlns='urn:xmpp:ping'/></iq>`)
		wantSummary(t, tc.from+" → "+tc.to, summary(h.take(tc.from)), tc.want)
	}
}

func TestServiceRemovalCodes(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "codes", "al")
	h.send(adminIQ(alice, "codes", "set", `<item jid='bob@localhost' affiliation='member'/>`))
	h.join(bob, "codes", "bob", "")
	h.join(carol, "codes", "carol", "")
	h.clear()

	// The room becomes members-only: carol, no member, leaves with 322.
	h.send(`<iq type='set' id='m' from='` + alice + `' to='codes@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_membersonly'><value>1</value></field></x></query></iq>`)
	wantSummary(t, "members-only", summary(h.take(carol)),
		"message codes@conference.localhost groupchat 104",
		"presence codes@conference.localhost/carol unavailable 322 110")
	wantSummary(t, "members-only, bob", summary(h.take(bob)),
		"message codes@conference.localhost groupchat 104",
		"presence codes@conference.localhost/carol unavailable 322")

	// Bob loses his membership: 321.
	h.send(adminIQ(alice, "codes", "set", `<item jid='bob@localhost' affiliation='none'/>`))
	wantSummary(t, "membership revoked", summary(h.take(bob)), "presence codes@conference.localhost/bob unavailable 321 110")

	// The service shuts down: 332.
	h.clear()
	if err := h.svc.Shutdown(t.Context(), h.comp); err != nil {
		t.Fatal(err)
	}
	wantSummary(t, "shutdown", summary(h.take(alice)), "presence codes@conference.localhost/al unavailable 332 110")
}
