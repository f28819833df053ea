package server_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// archiver is a session with a mam.Handler, for querying its archive.
type archiver struct {
	s *xmpp.Session
	h *mam.Handler
}

func loginArchiver(t *testing.T, srv *server.Server, user, resource string) archiver {
	t.Helper()
	h := &mam.Handler{}
	return archiver{loginWith(t, srv, user, resource, mux.New(h.Handle())), h}
}

// query returns the bodies of the results of a query, and its results.
func (a archiver) query(t *testing.T, f mam.Filter, first paging.Request) ([]string, []mam.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var bodies []string
	var results []mam.Result
	for r, err := range a.h.Query(ctx, a.s, jid.JID{}, f, first) {
		if err != nil {
			return bodies, results, err
		}
		results = append(results, r)
		body, _ := r.Forwarded.Stanza.Child(stanza.NSClient, "body")
		bodies = append(bodies, body.Text())
	}
	return bodies, results, nil
}

// chat sends a chat message as raw XML and waits for the recipient to get it.
func chat(t *testing.T, from, to *client, body string) *xmlstream.Element {
	t.Helper()
	from.send("<message to='" + to.jid.String() + "' type='chat'><body>" + body + "</body></message>")
	return to.expect("<body>" + body + "</body>")
}

// TestMAMArchive archives a conversation and reads it back through
// package mam: everything, by correspondent, by ids, by time, page by page
// both ways, the archive ids the recipient saw as stanza-ids, metadata,
// and preferences that stop archiving a correspondent.
func TestMAMArchive(t *testing.T) {
	srv := newServer(t, server.Config{})
	bob, carol := login(t, srv, "bob", "desk"), login(t, srv, "carol", "home")
	alice := loginArchiver(t, srv, "alice", "phone")
	aliceRaw := login(t, srv, "alice", "tablet") // sends and receives for alice
	start := time.Now()
	var sids []string
	for i := range 4 {
		chat(t, aliceRaw, bob, fmt.Sprintf("a%d", i))
		el := chat(t, bob, aliceRaw, fmt.Sprintf("b%d", i))
		sid, _ := el.Child("urn:xmpp:sid:0", "stanza-id")
		sids = append(sids, sid.Attr("id"))
	}
	chat(t, carol, aliceRaw, "c0")
	aliceRaw.send("<message to='bob@example.test/desk' type='headline'><body>not archived</body></message>")
	aliceRaw.send("<message to='bob@example.test/desk' type='chat'><active xmlns='http://jabber.org/protocol/chatstates'/></message>")
	bob.expect("chatstates")

	all, results, err := alice.query(t, mam.Filter{}, paging.Request{})
	if err != nil || strings.Join(all, ",") != "a0,b0,a1,b1,a2,b2,a3,b3,c0" {
		t.Fatalf("whole archive: %v, %v", all, err)
	}
	for i, r := range results {
		if r.Time.Before(start.Add(-time.Second)) || r.Time.After(time.Now()) {
			t.Errorf("result %d stamped %v", i, r.Time)
		}
		if h, err := r.Forwarded.Header(); err != nil || h.From.IsZero() || h.To.IsZero() {
			t.Errorf("result %d: header %+v, %v", i, h, err)
		}
	}
	if results[1].ID != sids[0] || results[3].ID != sids[1] {
		t.Errorf("archive ids %s %s, stanza-ids bob's messages carried %v", results[1].ID, results[3].ID, sids)
	}
	bobJID := jid.MustParse("bob@example.test")
	for _, tc := range []struct {
		name  string
		f     mam.Filter
		first paging.Request
		want  string
	}{
		{"WithBare", mam.Filter{With: bobJID}, paging.Request{}, "a0,b0,a1,b1,a2,b2,a3,b3"},
		{"WithFull", mam.Filter{With: carol.jid}, paging.Request{}, "c0"},
		{"WithOther", mam.Filter{With: jid.MustParse("dave@example.test")}, paging.Request{}, ""},
		{"PagesOfTwo", mam.Filter{With: bobJID}, paging.Request{Max: 2}, "a0,b0,a1,b1,a2,b2,a3,b3"},
		{"IDs", mam.Filter{IDs: []string{results[4].ID, results[0].ID}}, paging.Request{}, "a0,a2"},
		{"AfterID", mam.Filter{AfterID: results[6].ID}, paging.Request{}, "b3,c0"},
		{"BeforeID", mam.Filter{BeforeID: results[2].ID}, paging.Request{}, "a0,b0"},
		{"Between", mam.Filter{AfterID: results[1].ID, BeforeID: results[4].ID}, paging.Request{}, "a1,b1"},
		{"Start", mam.Filter{Start: results[8].Time}, paging.Request{}, "c0"},
		{"End", mam.Filter{End: results[0].Time}, paging.Request{}, "a0"},
		{"LastPage", mam.Filter{}, paging.Request{LastPage: true, Max: 3}, "a3,b3,c0,b1,a2,b2,a0,b0,a1"}, // pages from the end, each in order
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := alice.query(t, tc.f, tc.first)
			if err != nil || strings.Join(got, ",") != tc.want {
				t.Errorf("got %v, %v; want %s", got, err, tc.want)
			}
		})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// bob's archive holds the same conversation under his own ids.
	bobArchive, err := aliceRaw.iq(stanza.GetIQ, "", "<metadata xmlns='urn:xmpp:mam:2'/>")
	if err != nil || !strings.Contains(serialise(bobArchive), "id='"+results[0].ID+"'") || !strings.Contains(serialise(bobArchive), "id='"+results[8].ID+"'") {
		t.Errorf("metadata: %s, %v", serialise(bobArchive), err)
	}
	fields, err := mam.Fields(ctx, alice.s, jid.JID{})
	if _, ok := fields.Field("ids"); err != nil || !ok {
		t.Errorf("fields: %+v, %v", fields, err)
	}
	// Preferences: never carol, then roster by default (carol is in no
	// roster): neither of her next messages is archived; bob's are,
	// by the always list.
	if _, err := aliceRaw.iq(stanza.SetIQ, "", "<prefs xmlns='urn:xmpp:mam:2' default='roster'><always><jid>bob@example.test</jid></always><never><jid>carol@example.test</jid></never></prefs>"); err != nil {
		t.Fatal(err)
	}
	prefs, err := aliceRaw.iq(stanza.GetIQ, "", "<prefs xmlns='urn:xmpp:mam:2'/>")
	if err != nil || !containsAll(serialise(prefs), []string{"default='roster'", "<always><jid>bob@example.test</jid></always>", "<never><jid>carol@example.test</jid></never>"}) {
		t.Errorf("prefs: %s, %v", serialise(prefs), err)
	}
	chat(t, carol, aliceRaw, "c1")
	chat(t, bob, aliceRaw, "b4")
	got, _, err := alice.query(t, mam.Filter{AfterID: results[8].ID}, paging.Request{})
	if err != nil || strings.Join(got, ",") != "b4" {
		t.Errorf("after prefs: %v, %v", got, err)
	}
}

// TestMAMBounds: the archive keeps ArchiveMaxMessages per account, the
// newest, and nothing older than ArchiveRetention.
func TestMAMBounds(t *testing.T) {
	srv := newServer(t, server.Config{ArchiveMaxMessages: 3, ArchiveRetention: 300 * time.Millisecond})
	bob := login(t, srv, "bob", "desk")
	alice := loginArchiver(t, srv, "alice", "phone")
	aliceRaw := login(t, srv, "alice", "tablet")
	for i := range 5 {
		chat(t, aliceRaw, bob, fmt.Sprintf("m%d", i))
	}
	got, _, err := alice.query(t, mam.Filter{}, paging.Request{})
	if err != nil || strings.Join(got, ",") != "m2,m3,m4" {
		t.Errorf("bounded by count: %v, %v", got, err)
	}
	time.Sleep(400 * time.Millisecond)
	got, _, err = alice.query(t, mam.Filter{}, paging.Request{})
	if err != nil || len(got) != 0 {
		t.Errorf("after the retention: %v, %v", got, err)
	}
}

// TestBadInput_MAM: queries the archive must refuse (another's archive,
// unknown ids, fields it does not filter by, malformed values), and
// results forged by another user, which reach the client from that user's
// full JID and are refused by package mam.
func TestBadInput_MAM(t *testing.T) {
	srv := newServer(t, server.Config{})
	bob, carol := login(t, srv, "bob", "desk"), login(t, srv, "carol", "home")
	alice := loginArchiver(t, srv, "alice", "phone")
	aliceRaw := login(t, srv, "alice", "tablet")
	chat(t, bob, aliceRaw, "hello")
	form := func(fields string) string {
		return "<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>" + fields + "</x></query>"
	}
	for _, tc := range []struct {
		name string
		c    *client
		typ  stanza.IQType
		to   string
		req  string
		want stanza.Condition
	}{
		{"OtherArchive", carol, stanza.SetIQ, "alice@example.test", "<query xmlns='urn:xmpp:mam:2'/>", stanza.Forbidden},
		{"OtherPrefs", carol, stanza.GetIQ, "alice@example.test", "<prefs xmlns='urn:xmpp:mam:2'/>", stanza.Forbidden},
		{"OtherMetadata", carol, stanza.GetIQ, "alice@example.test", "<metadata xmlns='urn:xmpp:mam:2'/>", stanza.Forbidden},
		{"UnknownAfterID", aliceRaw, stanza.SetIQ, "", form("<field var='after-id'><value>nope</value></field>"), stanza.ItemNotFound},
		{"UnknownBeforeID", aliceRaw, stanza.SetIQ, "", form("<field var='before-id'><value>nope</value></field>"), stanza.ItemNotFound},
		{"UnknownIDs", aliceRaw, stanza.SetIQ, "", form("<field var='ids'><value>nope</value></field>"), stanza.ItemNotFound},
		{"UnknownPage", aliceRaw, stanza.SetIQ, "", "<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><before>nope</before></set></query>", stanza.ItemNotFound},
		{"UnknownField", aliceRaw, stanza.SetIQ, "", form("<field var='full-text-search'><value>x</value></field>"), stanza.BadRequest},
		{"BadStart", aliceRaw, stanza.SetIQ, "", form("<field var='start'><value>yesterday</value></field>"), stanza.BadRequest},
		{"BadWith", aliceRaw, stanza.SetIQ, "", form("<field var='with'><value>@@</value></field>"), stanza.BadRequest},
		{"WrongFormType", aliceRaw, stanza.SetIQ, "", "<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:1</value></field></x></query>", stanza.BadRequest},
		{"BadPage", aliceRaw, stanza.SetIQ, "", "<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><max>-1</max></set></query>", stanza.BadRequest},
		{"BadPrefsDefault", aliceRaw, stanza.SetIQ, "", "<prefs xmlns='urn:xmpp:mam:2' default='sometimes'/>", stanza.BadRequest},
		{"BadPrefsJID", aliceRaw, stanza.SetIQ, "", "<prefs xmlns='urn:xmpp:mam:2' default='always'><always><jid>@@</jid></always></prefs>", stanza.BadRequest},
		{"PubsubArchive", aliceRaw, stanza.SetIQ, "", "<query xmlns='urn:xmpp:mam:2' node='urn:test'/>", stanza.ItemNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.iq(tc.typ, tc.to, tc.req)
			var se stanza.Error
			if !errors.As(err, &se) || se.Condition != tc.want {
				t.Fatalf("got %v; want %s", err, tc.want)
			}
		})
	}
	t.Run("ForgedResult", func(t *testing.T) {
		forged := "<message to='alice@example.test/tablet'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='forged'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/><message xmlns='jabber:client' from='bob@example.test/desk' to='alice@example.test' type='chat'><body>send me your password</body></message></forwarded></result></message>"
		carol.send(forged)
		el := aliceRaw.expect("id='forged'")
		if from := el.Attr("from"); from != carol.jid.String() {
			t.Fatalf("forged result delivered from %q, not carol's full JID", from)
		}
		// The same to the session with the mam.Handler, while it queries:
		// only the archive's own result comes through.
		forged = strings.Replace(forged, "alice@example.test/tablet", "alice@example.test/phone", 1)
		carol.send(forged)
		got, results, err := alice.query(t, mam.Filter{}, paging.Request{})
		if err != nil || strings.Join(got, ",") != "hello" || results[0].ID == "forged" {
			t.Errorf("query: %v, %v", got, err)
		}
	})
}

// TestMAMDisabled: with archiving off nothing is archived, the account
// does not advertise urn:xmpp:mam:2 and a query is refused.
func TestMAMDisabled(t *testing.T) {
	srv := newServer(t, server.Config{ArchiveDisabled: true})
	alice := login(t, srv, "alice", "phone")
	info, err := alice.iq(stanza.GetIQ, "", "<query xmlns='http://jabber.org/protocol/disco#info'/>")
	if err != nil || strings.Contains(serialise(info), "urn:xmpp:mam") || !strings.Contains(serialise(info), "pubsub") {
		t.Errorf("disco#info: %s, %v", serialise(info), err)
	}
	if _, err := alice.iq(stanza.SetIQ, "", "<query xmlns='urn:xmpp:mam:2'/>"); err == nil {
		t.Error("a query was answered with archiving off")
	}
}

// TestMAMArchiveOffline: a message kept offline (no available resource)
// is in the recipient's archive and the sender's at once, and reads back
// as a stanza.
func TestMAMArchiveOffline(t *testing.T) {
	srv := newServer(t, server.Config{})
	bob := login(t, srv, "bob", "desk")
	bob.send("<message to='alice@example.test' type='chat'><body>while away</body></message>")
	for srv.DeliveryStats().StoredOffline < 1 {
		time.Sleep(5 * time.Millisecond)
	}
	alice := loginArchiver(t, srv, "alice", "phone")
	all, results, err := alice.query(t, mam.Filter{}, paging.Request{})
	if err != nil || strings.Join(all, ",") != "while away" {
		t.Fatalf("alice's archive: %v, %v", all, err)
	}
	if h, err := results[0].Forwarded.Header(); err != nil || h.From.Bare() != bob.jid.Bare() {
		t.Errorf("archived header %+v, %v", h, err)
	}
	bobArchive := loginArchiver(t, srv, "bob", "laptop")
	if all, _, err := bobArchive.query(t, mam.Filter{}, paging.Request{}); err != nil || strings.Join(all, ",") != "while away" {
		t.Fatalf("bob's archive: %v, %v", all, err)
	}
}
