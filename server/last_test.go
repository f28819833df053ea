package server_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// TestLastActivity checks XEP-0012 as the server answers it: for accounts
// (§3), only to the user and the contacts subscribed to the user's
// presence; for full JIDs, forwarding only what such contacts ask (§4);
// for itself, its uptime (§5).
func TestLastActivity(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	carol := login(t, srv, "carol", "laptop")
	befriend(t, alice, bob)
	get := func(c *client, to string) (lastactivity.Info, error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return lastactivity.Get(ctx, c.sess, jid.MustParse(to))
	}
	forbidden := stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden}
	unavailable := stanza.Error{Condition: stanza.ServiceUnavailable}

	check := func(name string, c *client, to string, wantErr error, ok func(lastactivity.Info) bool) {
		t.Helper()
		got, err := get(c, to)
		switch {
		case wantErr != nil && !errors.Is(err, wantErr):
			t.Errorf("%s: got %+v, %v; want %v", name, got, err, wantErr)
		case wantErr == nil && (err != nil || !ok(got)):
			t.Errorf("%s: got %+v, %v", name, got, err)
		}
	}
	online := func(i lastactivity.Info) bool { return i == lastactivity.Info{} }
	check("a contact, while the user is online", bob, "alice@example.test", nil, online)
	check("the user itself", alice, "alice@example.test", nil, online)
	check("a stranger", carol, "alice@example.test", forbidden, nil)
	check("a stranger, to a full JID", carol, "alice@example.test/phone", forbidden, nil)
	// Forwarded to the resource, whose client does not answer XEP-0012.
	check("a contact, to a full JID", bob, "alice@example.test/phone", unavailable, nil)
	check("no such account", bob, "nobody@example.test", unavailable, nil)
	check("the server's uptime", carol, "example.test", nil, func(i lastactivity.Info) bool {
		return i.Status == "" && i.Elapsed >= 0 && i.Elapsed < time.Minute
	})

	alice.send("<presence type='unavailable'><status>Heading Home</status></presence>")
	bob.expect("from='alice@example.test/phone'", "type='unavailable'")
	alice.close()
	time.Sleep(1100 * time.Millisecond) // a second passes
	check("a contact, after the user logged out", bob, "alice@example.test", nil, func(i lastactivity.Info) bool {
		return i.Status == "Heading Home" && i.Elapsed >= time.Second && i.Elapsed < time.Minute
	})
	check("a stranger, after the user logged out", carol, "alice@example.test", forbidden, nil)
	check("an account with no subscription either way", bob, "carol@example.test", forbidden, nil)
}

// TestLastActivityAdvertised: the server advertises XEP-0012 where it
// answers it, at its domain and at accounts (XEP-0012 §6).
func TestLastActivityAdvertised(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, to := range []string{"example.test", "alice@example.test"} {
		info, err := disco.GetInfo(ctx, alice.sess, jid.MustParse(to), "")
		if err != nil || !slices.Contains(info.Features, lastactivity.NS) {
			t.Errorf("%s: features %v, %v; want %s", to, info.Features, err, lastactivity.NS)
		}
	}
}
