package server_test

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// imClient is a test client using the roster package: pushes go to a
// Local copy through roster.Handler (which logs refusals to logs); the
// rest is recorded as by login's clients.
type imClient struct {
	*client
	local *roster.Local
	logs  *xmpptest.LogBuffer
}

// loginIM logs user in with the roster versioning and pre-approval
// stream features recorded.
func loginIM(t *testing.T, srv *server.Server, user, resource string) *imClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c := &imClient{client: &client{t: t, in: make(chan *xmlstream.Element, 256), conn: &stallConn{Conn: conn}},
		local: &roster.Local{}, logs: &xmpptest.LogBuffer{}}
	h := roster.Handler{Push: c.local.Apply, Logger: slog.New(slog.NewTextHandler(c.logs, nil))}
	c.sess, err = xmpp.NewClientSession(ctx, jid.MustParse(user+"@"+srv.Domain().Domainpart()+"/"+resource), c.conn,
		xmpp.Config{Handler: mux.New(h.Handle(), mux.Fallback(xmpp.HandlerFunc(c.record)))},
		xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()}),
		xmpp.SASL("", testUsers[user]), xmpp.BindResource(), roster.Feature(), presence.PreApprovalFeature())
	if err != nil {
		t.Fatal(err)
	}
	c.jid = c.sess.LocalAddr()
	t.Cleanup(c.close)
	return c
}

// waitRoster polls c's local roster until cond holds.
func (c *imClient) waitRoster(what string, cond func(roster.Roster) bool) roster.Roster {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := c.local.Roster()
		if cond(r) {
			return r
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s: %s: local roster %+v", c.jid, what, r)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRosterVersioning checks RFC 6121 §2.6 on the embedded server: the
// feature is advertised; a get with the current version is answered with
// an empty result, one with another version with the whole roster and the
// current version, one without a version as before versioning; pushes
// carry the new version to the resources that asked with one.
func TestRosterVersioning(t *testing.T) {
	srv := newServer(t, server.Config{})
	phone := loginIM(t, srv, "alice", "phone")
	if !roster.VersioningOffered(phone.sess) {
		t.Fatal("the server does not advertise roster versioning")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := phone.local.Sync(ctx, phone.sess); err != nil {
		t.Fatal(err)
	}
	v0 := phone.local.Roster()
	if v0.Ver == "" || len(v0.Items) != 0 {
		t.Fatalf("first roster: %+v", v0)
	}
	plain := login(t, srv, "alice", "plain") // asks without a version
	rosterOf(t, plain)

	bob := jid.MustParse("bob@example.test")
	if err := roster.Set(ctx, phone.sess, roster.Item{JID: bob, Name: "Bob", Groups: []string{"Friends"}}); err != nil {
		t.Fatal(err)
	}
	v1 := phone.waitRoster("the push for bob", func(r roster.Roster) bool { return len(r.Items) == 1 })
	if v1.Ver == "" || v1.Ver == v0.Ver {
		t.Fatalf("the push did not carry a new version: %q after %q", v1.Ver, v0.Ver)
	}
	push := plain.expect("<iq", "type='set'", "bob@example.test")
	if q, _ := push.Child(server.NSRoster, "query"); q.Attr("ver") != "" {
		t.Errorf("a push to a resource that asked without a version has one: %s", serialise(push))
	}

	tablet := loginIM(t, srv, "alice", "tablet")
	query := func(ver *string) *xmlstream.Element {
		t.Helper()
		q := xmlstream.EmptyElement{Name: roster.Name}
		if ver != nil {
			q.Attr = append(q.Attr, verAttr(*ver))
		}
		res, err := tablet.sess.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		name    string
		ver     *string
		want    bool   // a <query/> in the result
		wantVer string // its ver attribute
		items   int
	}{
		{"current version: empty result", str(v1.Ver), false, "", 0},
		{"an older version: the whole roster", str(v0.Ver), true, v1.Ver, 1},
		{"empty version: the whole roster", str(""), true, v1.Ver, 1},
		{"another server's version", str("x-1"), true, v1.Ver, 1},
		{"no version: as before versioning", nil, true, "", 1},
	} {
		res := query(tc.ver)
		q, ok := res.Child(roster.NS, "query")
		if ok != tc.want {
			t.Errorf("%s: result %s", tc.name, serialise(res))
			continue
		}
		if !ok {
			continue
		}
		got, err := roster.Parse(q)
		if err != nil || got.Ver != tc.wantVer || len(got.Items) != tc.items {
			t.Errorf("%s: %+v, %v", tc.name, got, err)
		}
	}

	// Through roster.Get: the kept roster comes back when current, and a
	// change made meanwhile brings the whole roster.
	got, err := roster.Get(ctx, tablet.sess, v1)
	if err != nil || got.Ver != v1.Ver || len(got.Items) != 1 || got.Items[0].Name != "Bob" {
		t.Fatalf("Get with the current version: %+v, %v", got, err)
	}
	if err := roster.Remove(ctx, phone.sess, bob); err != nil {
		t.Fatal(err)
	}
	v2 := phone.waitRoster("the removal", func(r roster.Roster) bool { return len(r.Items) == 0 })
	got, err = roster.Get(ctx, tablet.sess, v1)
	if err != nil || got.Ver != v2.Ver || len(got.Items) != 0 {
		t.Fatalf("Get after a change: %+v, %v (want version %q)", got, err, v2.Ver)
	}
	if v2.Ver == v1.Ver {
		t.Error("the removal did not change the version")
	}
}

// TestForgedRosterPush has carol send bob's resource a roster push: the
// server routes it (it is addressed to a full JID) and bob's roster.Handler
// refuses it with service-unavailable and logs it, leaving his copy alone;
// the server's own pushes are accepted.
func TestForgedRosterPush(t *testing.T) {
	srv := newServer(t, server.Config{})
	bob := loginIM(t, srv, "bob", "desk")
	carol := login(t, srv, "carol", "laptop")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := bob.local.Sync(ctx, bob.sess); err != nil {
		t.Fatal(err)
	}
	_, err := carol.iq("set", bob.jid.String(), "<query xmlns='jabber:iq:roster'><item jid='carol@example.test' subscription='both'/></query>")
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("the forged push was answered with %v, want service-unavailable", err)
	}
	if r := bob.local.Roster(); len(r.Items) != 0 {
		t.Errorf("the forged push changed the copy: %+v", r)
	}
	if !strings.Contains(bob.logs.String(), "carol@example.test/laptop") {
		t.Errorf("the refusal was not logged: %q", bob.logs.String())
	}
	if err := roster.Set(ctx, bob.sess, roster.Item{JID: carol.jid.Bare()}); err != nil {
		t.Fatal(err)
	}
	bob.waitRoster("the server's push", func(r roster.Roster) bool { return len(r.Items) == 1 })
}
