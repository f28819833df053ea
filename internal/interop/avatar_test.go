package interop

import (
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// slixmppImage is the image internal/thirdparty/testdata/slixmpp_avatar.py
// publishes.
const slixmppImage = "\x89PNG\r\n\x1a\nfrom slixmpp"

// mutualContacts makes alice and bob subscribe to each other's presence,
// which PEP's default access model (presence) needs for each to read the
// other's avatar.
func mutualContacts(ctx context.Context, t *testing.T, srv *server) (alice, bob *session) {
	t.Helper()
	aliceApproved, bobApproved := make(chan jid.JID, 2), make(chan jid.JID, 2)
	alice = srv.loginAs(t, "alice", "", mux.New(approving(aliceApproved)))
	bob = srv.loginAs(t, "bob", "", mux.New(approving(bobApproved)))
	// Subscription requests reach available resources only.
	for _, s := range []*session{alice, bob} {
		if err := s.Send(ctx, stanza.Presence{}.Wrap()); err != nil {
			t.Fatal(err)
		}
	}
	subscribe := func(s *xmpp.Session, to jid.JID, approved <-chan jid.JID) {
		t.Helper()
		if err := s.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{To: to, Type: stanza.SubscribePresence}.WriteEmpty)); err != nil {
			t.Fatal(err)
		}
		// A subscription left by an earlier test is not approved again
		// (RFC 6121 §3.1.3): the fetches below tell whether it holds.
		select {
		case <-approved:
		case <-time.After(3 * time.Second):
			t.Logf("%s: no approval from %s (subscribed before?)", s.LocalAddr(), to)
		}
	}
	subscribe(alice.Session, bareJID(t, "bob"), aliceApproved)
	subscribe(bob.Session, bareJID(t, "alice"), bobApproved)
	// Leave the rosters as found: other tests (TestPEP) wait for fresh
	// approvals.
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, p := range []struct {
			s  *session
			to string
		}{{alice, "bob"}, {bob, "alice"}} {
			for _, typ := range []stanza.PresenceType{stanza.UnsubscribePresence, stanza.UnsubscribedPresence} {
				_ = p.s.Send(cctx, xmlstream.MarshalerFunc(stanza.Presence{To: bareJID(t, p.to), Type: typ}.WriteEmpty))
			}
		}
		// The servers process them in order before the session closes.
		_, _ = alice.SendIQ(cctx, stanza.IQ{Type: stanza.GetIQ}, xmlstream.EmptyElement{Name: xml.Name{Space: "jabber:iq:roster", Local: "query"}})
		_, _ = bob.SendIQ(cctx, stanza.IQ{Type: stanza.GetIQ}, xmlstream.EmptyElement{Name: xml.Name{Space: "jabber:iq:roster", Local: "query"}})
	})
	return alice, bob
}

// TestAvatar publishes an XEP-0084 avatar as alice and fetches it as bob
// with its SHA-1 checked; alice's XEP-0153 vCard photo is read back with
// the hash her presence would advertise.
func TestAvatar(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capPEP) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		alice, bob := mutualContacts(ctx, t, srv)
		img := []byte("\x89PNG\r\n\x1a\nfrom canto " + strconv.FormatInt(time.Now().UnixNano(), 10))
		id, err := avatar.Publish(ctx, alice.Session, "image/png", img, 1, 1)
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		got, err := avatar.Fetch(ctx, bob.Session, bareJID(t, "alice"))
		if err != nil || got.ID != id || string(got.Data) != string(img) {
			t.Fatalf("bob fetches alice's avatar: %+v, %v", got, err)
		}
		conv, err := avatar.HasConversion(ctx, alice.Session)
		t.Logf("%s: XEP-0398 conversion %v (%v)", srv.name, conv, err)
	})
}

// TestAvatarSlixmpp: slixmpp (its xep_0084 plugin) publishes an avatar
// that Canto fetches with the hash verified, and fetches Canto's, checking
// its hash in turn.
func TestAvatarSlixmpp(t *testing.T) {
	if !python("slixmpp")() {
		skipOrFail(t, "slixmpp is missing (apt-get install python3-slixmpp)")
	}
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capPEP) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		_, bob := mutualContacts(ctx, t, srv)
		img := []byte("\x89PNG\r\n\x1a\nfrom canto to slixmpp")
		id, err := avatar.Publish(ctx, bob.Session, "image/png", img, 0, 0)
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		ca := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(ca, pki.certPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		run, cancelRun := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancelRun()
		client := exec.CommandContext(run, systemPython, scripts+"slixmpp_avatar.py", loopback, strconv.Itoa(srv.ports.c2s), domain,
			"alice", srv.accounts["alice"], ca, bareJID(t, "bob").String(), "starttls", id)
		client.WaitDelay = 5 * time.Second
		out, err := client.CombinedOutput()
		if err != nil || !slices.Contains(strings.Fields(string(out)), "OK") {
			t.Fatalf("slixmpp: %v\n%s", err, out)
		}
		got, err := avatar.Fetch(ctx, bob.Session, bareJID(t, "alice"))
		if err != nil || got.ID != avatar.ID([]byte(slixmppImage)) || string(got.Data) != slixmppImage {
			t.Fatalf("bob fetches slixmpp's avatar: %+v, %v", got, err)
		}
	})
}
