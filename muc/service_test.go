package muc_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

const (
	alice = "alice@localhost/phone"
	bob   = "bob@localhost/pc"
	carol = "carol@localhost/tab"
)

func wantSummary(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestServiceCreateAndJoin(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.join(alice, "room", "al", "")
	wantSummary(t, "creator", summary(h.take(alice)),
		"presence room@conference.localhost/al 201 110",
		"message room@conference.localhost groupchat")

	// Locked until configured (§10.1.1).
	h.join(bob, "room", "bob", "")
	wantSummary(t, "joining a locked room", summary(h.take(bob)), "presence room@conference.localhost/bob error item-not-found")

	// The instant room: an empty submitted form (§10.1.2).
	h.send(`<iq type='set' id='i1' from='` + alice + `' to='room@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>`)
	wantSummary(t, "instant room", summary(h.take(alice)), "iq room@conference.localhost result")

	h.join(bob, "room", "bob", "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>")
	got := h.take(bob)
	wantSummary(t, "joiner", summary(got),
		"presence room@conference.localhost/al",
		"presence room@conference.localhost/bob 110",
		"message room@conference.localhost groupchat")
	// Semi-anonymous: bob does not see alice's real JID; alice, a
	// moderator, sees bob's.
	if u := userOf(t, got[0]); u.Items[0].JID.String() != "" || u.Items[0].Role != muc.RoleModerator || u.Items[0].Affiliation != muc.AffiliationOwner {
		t.Errorf("alice as bob sees her: %+v", u.Items)
	}
	got = h.take(alice)
	wantSummary(t, "announced", summary(got), "presence room@conference.localhost/bob")
	if u := userOf(t, got[0]); u.Items[0].JID.String() != bob || u.Items[0].Role != muc.RoleParticipant {
		t.Errorf("bob as alice sees him: %+v", u.Items)
	}

	// Groupchat goes to both, with the room's stanza-id.
	h.send(`<message type='groupchat' id='m1' xml:lang='en' from='` + bob + `' to='room@conference.localhost'><body>hi</body><stanza-id xmlns='urn:xmpp:sid:0' id='forged' by='room@conference.localhost'/></message>`)
	for _, to := range []string{alice, bob} {
		got := h.take(to)
		wantSummary(t, "groupchat to "+to, summary(got), "message room@conference.localhost/bob groupchat")
		id, ok := stanzaid.Trusted(got[0], mustJID("room@conference.localhost"))
		if !ok || id == "forged" || id == "" {
			t.Errorf("stanza-id %q %v: %s", id, ok, dump(got))
		}
		if d := dump(got); !strings.Contains(d, `xml:lang="en"`) || !strings.Contains(d, `id="m1"`) {
			t.Errorf("id or language lost: %s", d)
		}
		if b, _ := got[0].Child(got[0].Name().Space, "body"); b.Text() != "hi" {
			t.Errorf("body: %s", dump(got))
		}
	}

	// Nick change (§7.6).
	h.send(`<presence from='` + bob + `' to='room@conference.localhost/robert'/>`)
	wantSummary(t, "nick change, self", summary(h.take(bob)),
		"presence room@conference.localhost/bob unavailable 303 110",
		"presence room@conference.localhost/robert 110")
	got = h.take(alice)
	wantSummary(t, "nick change, others", summary(got),
		"presence room@conference.localhost/bob unavailable 303",
		"presence room@conference.localhost/robert")
	if u := userOf(t, got[0]); u.Items[0].Nick != "robert" {
		t.Errorf("303 item: %+v", u.Items)
	}

	// Private message (§7.5) goes to the real JID, from the occupant JID.
	h.send(`<message type='chat' from='` + alice + `' to='room@conference.localhost/robert'><body>psst</body></message>`)
	wantSummary(t, "private", summary(h.take(bob)), "message room@conference.localhost/al chat")

	// Leaving (§7.14).
	h.send(`<presence type='unavailable' from='` + bob + `' to='room@conference.localhost/robert'/>`)
	wantSummary(t, "leave, self", summary(h.take(bob)), "presence room@conference.localhost/robert unavailable 110")
	wantSummary(t, "leave, others", summary(h.take(alice)), "presence room@conference.localhost/robert unavailable")

	// The last occupant leaving destroys a temporary room.
	h.send(`<presence type='unavailable' from='` + alice + `' to='room@conference.localhost/al'/>`)
	h.clear()
	h.send(`<iq type='get' id='d1' from='` + bob + `' to='room@conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`)
	wantSummary(t, "gone", summary(h.take(bob)), "iq room@conference.localhost error item-not-found")
}

func TestServiceNickRewritten(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "nick", "al")
	// U+FB01 (the fi ligature) becomes "fi" under the Nickname profile.
	h.join(bob, "nick", "\ufb01sh", "")
	wantSummary(t, "rewritten", summary(h.take(bob)),
		"presence nick@conference.localhost/al",
		"presence nick@conference.localhost/fish 210 110",
		"message nick@conference.localhost groupchat")
}

func TestServiceHistory(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "hist", "al")
	for _, b := range []string{"one", "two", "three"} {
		h.send(`<message type='groupchat' from='` + alice + `' to='hist@conference.localhost'><body>` + b + `</body></message>`)
	}
	for _, tc := range []struct {
		name, history string
		want          []string
	}{
		{"default", "", []string{"one", "two", "three"}},
		{"maxstanzas", "<history maxstanzas='2'/>", []string{"two", "three"}},
		{"none", "<history maxstanzas='0'/>", nil},
		{"maxchars", "<history maxchars='1'/>", nil},
		{"seconds", "<history seconds='3600'/>", []string{"one", "two", "three"}},
		{"since", "<history since='2999-01-01T00:00:00Z'/>", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.join(bob, "hist", "bob", "<x xmlns='http://jabber.org/protocol/muc'>"+tc.history+"</x>")
			var bodies []string
			for _, el := range h.take(bob) {
				if b, ok := el.Child(el.Name().Space, "body"); ok {
					bodies = append(bodies, b.Text())
					if _, ok := el.Child("urn:xmpp:delay", "delay"); !ok {
						t.Errorf("history without delay: %s", dump([]*xmlstream.Element{el}))
					}
				}
			}
			if !slices.Equal(bodies, tc.want) {
				t.Errorf("history %q, want %q", bodies, tc.want)
			}
			h.send(`<presence type='unavailable' from='` + bob + `' to='hist@conference.localhost/bob'/>`)
			h.clear()
		})
	}
}

func TestServiceMultipleDevices(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "dev", "al")
	second := "alice@localhost/laptop"
	h.join(second, "dev", "al", "")
	wantSummary(t, "second device", summary(h.take(second)),
		"presence dev@conference.localhost/al 110",
		"message dev@conference.localhost groupchat")
	h.send(`<message type='groupchat' from='` + alice + `' to='dev@conference.localhost'><body>x</body></message>`)
	if len(h.take(second)) != 1 || len(h.take(alice)) != 1 {
		t.Error("groupchat not sent to both devices")
	}
	h.send(`<presence type='unavailable' from='` + second + `' to='dev@conference.localhost/al'/>`)
	wantSummary(t, "one device leaves", summary(h.take(second)), "presence dev@conference.localhost/al unavailable 110")
	if got := h.take(alice); len(got) != 0 {
		t.Errorf("the other device saw %s", dump(got))
	}
}

func TestServiceSubjectAndConfig(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "cfg", "al", "muc#roomconfig_roomname", "The Room", "muc#roomconfig_publicroom", "1",
		"muc#roomconfig_whois", "anyone", "muc#roomconfig_persistentroom", "1", "muc#roomconfig_enablearchiving", "1")
	h.send(`<message type='groupchat' from='` + alice + `' to='cfg@conference.localhost'><subject>Plans</subject></message>`)
	h.clear()
	h.join(bob, "cfg", "bob", "")
	got := h.take(bob)
	wantSummary(t, "join non-anonymous logged", summary(got),
		"presence cfg@conference.localhost/al",
		"presence cfg@conference.localhost/bob 100 170 110",
		"message cfg@conference.localhost/al groupchat")
	if u := userOf(t, got[0]); u.Items[0].JID.String() != alice {
		t.Errorf("non-anonymous room hides the JID: %+v", u.Items)
	}
	if s, _ := got[2].Child(got[2].Name().Space, "subject"); s.Text() != "Plans" {
		t.Errorf("subject: %s", dump(got))
	}

	// disco#info shows the configuration; disco#items lists the room.
	h.send(`<iq type='get' id='d1' from='` + bob + `' to='cfg@conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`)
	info := dump(h.take(bob))
	for _, f := range []string{"muc_persistent", "muc_public", "muc_open", "muc_unmoderated", "muc_nonanonymous", "muc_unsecured", "urn:xmpp:mam:2", "The Room"} {
		if !strings.Contains(info, f) {
			t.Errorf("disco#info lacks %s: %s", f, info)
		}
	}
	h.send(`<iq type='get' id='d2' from='` + bob + `' to='conference.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`)
	if items := dump(h.take(bob)); !strings.Contains(items, "cfg@conference.localhost") {
		t.Errorf("disco#items: %s", items)
	}

	// Only owners get the form; a change is announced with 104 and 173.
	h.send(`<iq type='get' id='c1' from='` + bob + `' to='cfg@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>`)
	wantSummary(t, "form to a participant", summary(h.take(bob)), "iq cfg@conference.localhost error forbidden")
	h.send(`<iq type='get' id='c2' from='` + alice + `' to='cfg@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>`)
	if f := dump(h.take(alice)); !strings.Contains(f, "muc#roomconfig_whois") {
		t.Errorf("form: %s", f)
	}
	h.send(`<iq type='set' id='c3' from='` + alice + `' to='cfg@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_whois'><value>moderators</value></field></x></query></iq>`)
	wantSummary(t, "change announced", summary(h.take(bob)), "message cfg@conference.localhost groupchat 104 173")
}

func TestServicePersistentRoomInStore(t *testing.T) {
	store := new(muc.MemoryStore)
	h := newSvcHarness(t, muc.ServiceConfig{Store: store})
	h.create(alice, "keep", "al", "muc#roomconfig_persistentroom", "1", "muc#roomconfig_roomname", "Kept",
		"muc#roomconfig_enablearchiving", "1")
	h.send(`<message type='groupchat' from='` + alice + `' to='keep@conference.localhost'><body>remember me</body></message>`)
	h.send(`<presence type='unavailable' from='` + alice + `' to='keep@conference.localhost/al'/>`)
	h.clear()
	// The owner renames the empty room.
	h.send(`<iq type='set' id='r' from='` + alice + `' to='keep@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_roomname'><value>Renamed</value></field></x></query></iq>`)
	wantSummary(t, "rename", summary(h.take(alice)), "iq keep@conference.localhost result")

	// Another service over the same store knows the room and its owner.
	h2 := newSvcHarness(t, muc.ServiceConfig{Store: store})
	h2.join(alice, "keep", "al", "")
	got := h2.take(alice)
	// The history comes back from the archive.
	wantSummary(t, "rejoin", summary(got),
		"presence keep@conference.localhost/al 170 110",
		"message keep@conference.localhost/al groupchat",
		"message keep@conference.localhost groupchat")
	if d := dump(got[1:2]); !strings.Contains(d, "remember me") || !strings.Contains(d, "urn:xmpp:delay") || !strings.Contains(d, "stanza-id") {
		t.Errorf("history from the archive: %s", d)
	}
	h2.send(`<iq type='get' id='c' from='` + alice + `' to='keep@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>`)
	if f := dump(h2.take(alice)); !strings.Contains(f, "Renamed") {
		t.Errorf("stored config lost: %s", f)
	}
}

func mustJID(s string) jid.JID { return jid.MustParse(s) }
