package muc_test

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestBadInput_MUCService sends what a careless or hostile client might,
// and checks the error the spec names.
func TestBadInput_MUCService(t *testing.T) {
	long := strings.Repeat("s", 2000)
	for _, tc := range []struct {
		name  string
		cfg   []string // room configuration
		setup []string // stanzas sent first, their answers ignored
		from  string
		send  string
		want  []string
	}{
		{name: "NickConflict", from: bob,
			send: `<presence from='` + bob + `' to='r@conference.localhost/al'/>`,
			want: []string{"presence r@conference.localhost/al error conflict"}},
		{name: "NickConflictIgnoringCase", from: bob,
			send: `<presence from='` + bob + `' to='r@conference.localhost/AL'/>`,
			want: []string{"presence r@conference.localhost/AL error conflict"}},
		{name: "NickChangeConflict", from: bob,
			setup: []string{`<presence from='` + bob + `' to='r@conference.localhost/bob'/>`},
			send:  `<presence from='` + bob + `' to='r@conference.localhost/Al'/>`,
			want:  []string{"presence r@conference.localhost/Al error conflict"}},
		{name: "NickNotAllowed", from: bob,
			send: "<presence from='" + bob + "' to='r@conference.localhost/   '/>", // only spaces: empty once mapped
			want: []string{"presence r@conference.localhost/    error jid-malformed"}},
		{name: "NoNick", from: bob,
			send: `<presence from='` + bob + `' to='r@conference.localhost'/>`,
			want: []string{"presence r@conference.localhost error jid-malformed"}},
		{name: "NonOccupantGroupchat", from: bob,
			send: `<message type='groupchat' from='` + bob + `' to='r@conference.localhost'><body>x</body></message>`,
			want: []string{"message r@conference.localhost error not-acceptable"}},
		{name: "NonOccupantPrivate", from: bob,
			send: `<message type='chat' from='` + bob + `' to='r@conference.localhost/al'><body>x</body></message>`,
			want: []string{"message r@conference.localhost/al error not-acceptable"}},
		{name: "PrivateToNobody", from: alice,
			send: `<message type='chat' from='` + alice + `' to='r@conference.localhost/nobody'><body>x</body></message>`,
			want: []string{"message r@conference.localhost/nobody error item-not-found"}},
		{name: "GroupchatToOccupant", from: alice,
			send: `<message type='groupchat' from='` + alice + `' to='r@conference.localhost/al'><body>x</body></message>`,
			want: []string{"message r@conference.localhost/al error bad-request"}},
		{name: "NonModeratorKick", from: bob,
			setup: []string{`<presence from='` + bob + `' to='r@conference.localhost/bob'/>`},
			send:  adminIQ(bob, "r", "set", `<item nick='al' role='none'/>`),
			want:  []string{"iq r@conference.localhost error forbidden"}},
		{name: "NonAdminBan", from: bob,
			setup: []string{`<presence from='` + bob + `' to='r@conference.localhost/bob'/>`},
			send:  adminIQ(bob, "r", "set", `<item jid='alice@localhost' affiliation='outcast'/>`),
			want:  []string{"iq r@conference.localhost error forbidden"}},
		{name: "SelfKick", from: alice,
			send: adminIQ(alice, "r", "set", `<item nick='al' role='none'/>`),
			want: []string{"iq r@conference.localhost error conflict"}},
		{name: "AdminItemWithoutTarget", from: alice,
			send: adminIQ(alice, "r", "set", `<item role='none'/>`),
			want: []string{"iq r@conference.localhost error bad-request"}},
		{name: "AdminUnknownRole", from: alice,
			send: adminIQ(alice, "r", "set", `<item nick='al' role='king'/>`),
			want: []string{"iq r@conference.localhost error bad-request"}},
		{name: "OversizedSubject", from: alice,
			send: `<message type='groupchat' from='` + alice + `' to='r@conference.localhost'><subject>` + long + `</subject></message>`,
			want: []string{"message r@conference.localhost error not-acceptable"}},
		{name: "ParticipantSubject", from: bob,
			setup: []string{`<presence from='` + bob + `' to='r@conference.localhost/bob'/>`},
			send:  `<message type='groupchat' from='` + bob + `' to='r@conference.localhost'><subject>mine</subject></message>`,
			want:  []string{"message r@conference.localhost error forbidden"}},
		{name: "BannedRejoin", from: bob,
			setup: []string{adminIQ(alice, "r", "set", `<item jid='bob@localhost' affiliation='outcast'/>`)},
			send:  `<presence from='` + bob + `' to='r@conference.localhost/bob'/>`,
			want:  []string{"presence r@conference.localhost/bob error forbidden"}},
		{name: "MembersOnly", from: bob, cfg: []string{"muc#roomconfig_membersonly", "1"},
			send: `<presence from='` + bob + `' to='r@conference.localhost/bob'/>`,
			want: []string{"presence r@conference.localhost/bob error registration-required"}},
		{name: "WrongPassword", from: bob, cfg: []string{"muc#roomconfig_passwordprotectedroom", "1", "muc#roomconfig_roomsecret", "pw"},
			send: `<presence from='` + bob + `' to='r@conference.localhost/bob'><x xmlns='http://jabber.org/protocol/muc'><password>no</password></x></presence>`,
			want: []string{"presence r@conference.localhost/bob error not-authorized"}},
		{name: "Full", from: carol, cfg: []string{"muc#roomconfig_maxusers", "2"},
			setup: []string{`<presence from='` + bob + `' to='r@conference.localhost/bob'/>`},
			send:  `<presence from='` + carol + `' to='r@conference.localhost/carol'/>`,
			want:  []string{"presence r@conference.localhost/carol error service-unavailable"}},
		{name: "MalformedJoin", from: bob,
			send: `<presence from='` + bob + `' to='r@conference.localhost/bob'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='-1'/></x></presence>`,
			want: []string{"presence r@conference.localhost/bob error bad-request"}},
		{name: "BadConfigValue", from: alice,
			send: `<iq type='set' id='c' from='` + alice + `' to='r@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_maxusers'><value>lots</value></field></x></query></iq>`,
			want: []string{"iq r@conference.localhost error not-acceptable"}},
		{name: "PasswordWithoutSecret", from: alice,
			send: `<iq type='set' id='c' from='` + alice + `' to='r@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field></x></query></iq>`,
			want: []string{"iq r@conference.localhost error not-acceptable"}},
		{name: "MessageToMissingRoom", from: bob,
			send: `<message type='groupchat' from='` + bob + `' to='missing@conference.localhost'><body>x</body></message>`,
			want: []string{"message missing@conference.localhost error item-not-found"}},
		{name: "InviteWithoutRecipient", from: alice,
			send: `<message from='` + alice + `' to='r@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'><invite/></x></message>`,
			want: []string{"message r@conference.localhost error bad-request"}},
		{name: "ArchiveOfUnarchivedRoom", from: alice,
			send: `<iq type='set' id='q' from='` + alice + `' to='r@conference.localhost'><query xmlns='urn:xmpp:mam:2'/></iq>`,
			want: []string{"iq r@conference.localhost error feature-not-implemented"}},
		{name: "UnknownIQ", from: alice,
			send: `<iq type='get' id='q' from='` + alice + `' to='r@conference.localhost'><query xmlns='urn:example'/></iq>`,
			want: []string{"iq r@conference.localhost error service-unavailable"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newSvcHarness(t, muc.ServiceConfig{})
			h.create(alice, "r", "al", tc.cfg...)
			for _, s := range tc.setup {
				h.send(s)
			}
			h.clear()
			h.send(tc.send)
			wantSummary(t, tc.name, summary(h.take(tc.from)), tc.want...)
		})
	}
}

// TestBadInput_MUCServiceNoFrom checks that a stanza the stream did not
// stamp is refused, not acted on.
func TestBadInput_MUCServiceNoFrom(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.send(`<presence to='r@conference.localhost/ghost'/>`)
	h.send(`<iq type='get' id='n' from='` + alice + `' to='r@conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`)
	wantSummary(t, "no room was created", summary(h.take(alice)), "iq r@conference.localhost error item-not-found")
}

// TestBadInput_MUCServiceQuotas checks the per-user room quota and the
// service's occupant bound.
func TestBadInput_MUCServiceQuotas(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{MaxRoomsPerUser: 1, MaxOccupants: 1})
	h.create(alice, "one", "al")
	h.join(alice, "two", "al", "")
	wantSummary(t, "second room", summary(h.take(alice)), "presence two@conference.localhost/al error not-allowed")
	h.join(bob, "one", "bob", "")
	wantSummary(t, "occupant bound", summary(h.take(bob)), "presence one@conference.localhost/bob error service-unavailable")
}

// TestBadInput_MUCServiceOtherDomain checks that stanzas for another
// domain are dropped: any answer would come from outside the service's
// domain, which the server refuses with a stream error.
func TestBadInput_MUCServiceOtherDomain(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	for _, raw := range []string{
		`<iq type='get' id='z' from='a@b/c' to='other.localhost'><ping xmlns='urn:xmpp:ping'/></iq>`,
		`<message from='a@b/c' to='r@other.localhost'><body>x</body></message>`,
		`<presence from='a@b/c' to='r@other.localhost/n'/>`,
		`<iq type='set' id='w' from='a@b/c'><query xmlns='urn:example'/></iq>`,
	} {
		if err := h.router.Send(t.Context(), xmpptest.ElementIn(t, stanza.NSComponent, raw)); err != nil {
			t.Fatal(err)
		}
	}
	h.send(`<iq type='get' id='y' from='a@b/c' to='conference.localhost'><ping xmlns='urn:xmpp:ping'/></iq>`)
	wantSummary(t, "answers", summary(h.take("a@b/c")), "iq conference.localhost result")
}
