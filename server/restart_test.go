package server_test

import (
	"context"
	"github.com/canto-im/xmpp"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// startOn starts a server on the SQLite store in dir; the returned stop
// closes both.
func startOn(t *testing.T, dir string) (*server.Server, func()) {
	t.Helper()
	srv, _, stop := startOnStore(t, dir)
	return srv, stop
}

// startOnStore is startOn that also returns the store, to look into.
func startOnStore(t *testing.T, dir string) (*server.Server, store.Store, func()) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "canto.db"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Domain: "example.test", Users: testUsers, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(stop)
	return srv, st, stop
}

// TestRestartKeepsData: what a server on an SQLite store keeps (accounts,
// rosters and their versions, pending requests, block lists, vCards,
// offline messages) is there again after Close and New on the same
// directory.
func TestRestartKeepsData(t *testing.T) {
	dir := t.TempDir()
	srv, stop := startOn(t, dir)
	if err := srv.AddUser("dave", "evad"); err != nil {
		t.Fatal(err)
	}
	alice := login(t, srv, "alice", "desk")
	alice.online()
	if _, err := alice.iq("set", "", "<query xmlns='jabber:iq:roster'><item jid='bob@example.test' name='Bobby'><group>Friends</group></item></query>"); err != nil {
		t.Fatal(err)
	}
	alice.send("<presence type='subscribe' to='carol@example.test'/>") // carol is offline: pending
	if _, err := alice.iq("set", "", "<vCard xmlns='vcard-temp'><FN>Alice Liddell</FN></vCard>"); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.iq("set", "", "<block xmlns='urn:xmpp:blocking'><item jid='mallory@example.test'/></block>"); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	alice.send("<message id='off1' to='carol@example.test' type='chat'><body>kept</body></message>")
	alice.send("<message id='off2' to='carol@example.test' type='chat'><body>kept too</body></message>")
	alice.quiet()
	res, err := alice.iq("get", "", "<query xmlns='jabber:iq:roster' ver=''/>")
	if err != nil {
		t.Fatal(err)
	}
	q, _ := res.Child("jabber:iq:roster", "query")
	ver := q.Attr("ver")
	alice.close()
	stop()

	srv, _ = startOn(t, dir)
	dave, err := tryLogin(srv, "dave", "evad", "x") // added at run time, password kept
	if err != nil {
		t.Fatalf("dave after restart: %v", err)
	}
	dave.close()
	alice = login(t, srv, "alice", "desk")
	res, err = alice.iq("get", "", "<query xmlns='jabber:iq:roster' ver='"+ver+"'/>")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Child("jabber:iq:roster", "query"); ok {
		t.Errorf("the roster version %s is no longer current: %s", ver, serialise(res))
	}
	res, err = alice.iq("get", "", "<query xmlns='jabber:iq:roster'/>")
	if err != nil {
		t.Fatal(err)
	}
	if s := serialise(res); !containsAll(s, []string{"jid='bob@example.test'", "name='Bobby'", "<group>Friends</group>", "jid='carol@example.test'", "ask='subscribe'"}) {
		t.Errorf("roster after restart: %s", s)
	}
	res, err = alice.iq("get", "", "<vCard xmlns='vcard-temp'/>")
	if err != nil || !strings.Contains(serialise(res), "<FN>Alice Liddell</FN>") {
		t.Errorf("vCard after restart: %v %v", res, err)
	}
	res, err = alice.iq("get", "", "<blocklist xmlns='urn:xmpp:blocking'/>")
	if err != nil || !strings.Contains(serialise(res), "jid='mallory@example.test'") {
		t.Errorf("block list after restart: %v %v", res, err)
	}
	carol := login(t, srv, "carol", "phone")
	carol.send("<presence/>")
	after := time.Now()
	carol.expect("<presence", "type='subscribe'", "from='alice@example.test'")
	for _, id := range []string{"off1", "off2"} {
		checkDelay(t, carol.expect("id='"+id+"'", "<body>kept"), before, after)
	}
}

// TestRestartKeepsPEPAndArchive: PEP items and message archives (with
// the archiving preferences) on an SQLite store are there again after a
// restart.
func TestRestartKeepsPEPAndArchive(t *testing.T) {
	dir := t.TempDir()
	srv, stop := startOn(t, dir)
	alice := login(t, srv, "alice", "desk")
	bob := login(t, srv, "bob", "desk")
	alice.online()
	bob.online()
	if _, err := alice.iq("set", "", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='"+nsTune+"'><item id='t1'><tune xmlns='"+nsTune+"'><title>Yesterday</title></tune></item></publish></pubsub>"); err != nil {
		t.Fatal(err)
	}
	alice.send("<message id='arch1' to='bob@example.test/desk' type='chat'><body>archived</body></message>")
	bob.expect("<body>archived</body>")
	if _, err := alice.iq("set", "", "<prefs xmlns='urn:xmpp:mam:2' default='roster'><always><jid>carol@example.test</jid></always></prefs>"); err != nil {
		t.Fatal(err)
	}
	meta, err := alice.iq("get", "", "<metadata xmlns='urn:xmpp:mam:2'/>")
	if err != nil || !strings.Contains(serialise(meta), "<start") {
		t.Fatalf("metadata before the restart: %v, %v", meta, err)
	}
	alice.close()
	bob.close()
	stop()

	srv, _ = startOn(t, dir)
	alice = login(t, srv, "alice", "desk")
	res, err := alice.iq("get", "", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='"+nsTune+"'/></pubsub>")
	if err != nil || !containsAll(serialise(res), []string{"id='t1'", "<title>Yesterday</title>"}) {
		t.Errorf("PEP items after restart: %v, %v", res, err)
	}
	after, err := alice.iq("get", "", "<metadata xmlns='urn:xmpp:mam:2'/>")
	m0, _ := meta.Child("urn:xmpp:mam:2", "metadata")
	if m1, ok := after.Child("urn:xmpp:mam:2", "metadata"); err != nil || !ok || serialise(m1) != serialise(m0) {
		t.Errorf("archive metadata after restart: %s (%v), want %s", serialise(after), err, serialise(m0))
	}
	alice.send("<iq type='set' id='q1'><query xmlns='urn:xmpp:mam:2' queryid='f1'/></iq>")
	alice.expect("<result", "queryid='f1'", "<body>archived</body>")
	prefs, err := alice.iq("get", "", "<prefs xmlns='urn:xmpp:mam:2'/>")
	if err != nil || !containsAll(serialise(prefs), []string{"default='roster'", "carol@example.test"}) {
		t.Errorf("archive prefs after restart: %v, %v", prefs, err)
	}
}

// TestRestartKeepsFASTTokens: a client's FAST token, issued by a server
// on an SQLite store, logs it in after a restart, without the password.
func TestRestartKeepsFASTTokens(t *testing.T) {
	dir := t.TempDir()
	srv, stop := startOn(t, dir)
	tokens := xmpp.NewMemoryFASTClientStore()
	phone, err := loginSASL2(t, srv, "alice", "ecila", tokens)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := xmpp.SASL2Of(phone.sess); !info.TokenIssued {
		t.Fatalf("no token issued: %+v", info)
	}
	phone.close()
	stop()

	srv, _ = startOn(t, dir)
	again, err := loginSASL2(t, srv, "alice", "", tokens)
	if err != nil {
		t.Fatalf("FAST login after restart: %v", err)
	}
	if info, _ := xmpp.SASL2Of(again.sess); !info.FAST {
		t.Errorf("login after restart %+v, want FAST", info)
	}
}
