package register_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/register"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

func TestWire(t *testing.T) {
	xmpptest.RunWire(t, register.Parse, []xmpptest.WireCase[register.Query]{
		{Name: "form", XML: `<query xmlns='jabber:iq:register'><instructions>Choose</instructions><username/><password/></query>`,
			Value: register.Query{Instructions: "Choose", Fields: []string{"username", "password"}}},
		{Name: "set", XML: `<query xmlns='jabber:iq:register'><username>bill</username><password>Calliope</password></query>`,
			Value: register.Query{Username: "bill", Password: "Calliope"}},
		{Name: "registered", XML: `<query xmlns='jabber:iq:register'><registered/><username>juliet</username></query>`,
			Value: register.Query{Registered: true, Username: "juliet"}},
		{Name: "remove", XML: `<query xmlns='jabber:iq:register'><remove/></query>`, Value: register.Query{Remove: true}},
		{Name: "other fields and a form", ParseOnly: true,
			XML:   `<query xmlns='jabber:iq:register'><email/><x xmlns='jabber:x:data' type='form'/><username/></query>`,
			Value: register.Query{Fields: []string{"email", "username"}}},
		{Name: "not a query", XML: `<query xmlns='jabber:iq:roster'/>`, WantErr: register.ErrNotQuery},
	})
}

func FuzzParse(f *testing.F) {
	f.Add(`<query xmlns='jabber:iq:register'><instructions>x</instructions><username>a</username><password/><remove/></query>`)
	f.Add(`<query xmlns='jabber:iq:register'><registered/><email/></query>`)
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		q, err := register.Parse(el)
		if err != nil {
			return
		}
		for _, fl := range q.Fields {
			if fl == "" {
				t.Fatalf("%q: empty field name", s)
			}
		}
	})
}

// newServer runs a server for example.test with alice, registration as
// allow says.
func newServer(t *testing.T, allow bool) *server.Server {
	t.Helper()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"alice": "ecila"}, AllowRegistration: allow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	if err := srv.Listen(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return srv
}

// connect logs in as user with password, registering first with reg if
// not nil.
func connect(t *testing.T, srv *server.Server, user, password string, reg xmpp.StreamFeature) (*xmpp.Session, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	features := []xmpp.StreamFeature{xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()})}
	if reg != nil {
		features = append(features, reg)
	}
	features = append(features, xmpp.SASL("", password), xmpp.BindResource())
	s, err := xmpp.NewClientSession(ctx, jid.MustParse(user+"@example.test"), conn, xmpp.Config{}, features...)
	if err != nil {
		conn.Close()
		return nil, err
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Close(ctx)
	})
	return s, nil
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestLifecycle registers in-band, changes the password, and removes the
// account.
func TestLifecycle(t *testing.T) {
	srv := newServer(t, true)
	s, err := connect(t, srv, "romeo", "r0meo", register.Feature("romeo", "r0meo"))
	if err != nil {
		t.Fatalf("register and log in: %v", err)
	}
	if info, err := disco.GetInfo(ctxT(t), s, jid.MustParse("example.test"), ""); err != nil || !info.HasFeature(register.NS) {
		t.Errorf("the server does not advertise %s: %+v, %v", register.NS, info.Features, err)
	}
	q, err := register.Fields(ctxT(t), s, jid.JID{})
	if err != nil || !q.Registered || q.Username != "romeo" {
		t.Errorf("Fields: %+v, %v", q, err)
	}
	if err := register.ChangePassword(ctxT(t), s, "alice", "x"); !errors.Is(err, stanza.Error{Condition: stanza.NotAuthorized}) {
		t.Errorf("changing alice's password: %v", err)
	}
	if err := register.ChangePassword(ctxT(t), s, "romeo", "n3w"); err != nil {
		t.Fatalf("ChangePassword: %v", err)
	}
	if _, err := connect(t, srv, "romeo", "r0meo", nil); err == nil {
		t.Error("the old password still works")
	}
	s2, err := connect(t, srv, "romeo", "n3w", nil)
	if err != nil {
		t.Fatalf("the new password: %v", err)
	}
	if err := register.Cancel(ctxT(t), s2); err != nil {
		t.Fatalf("Cancel: %v", err)
	}
	for _, sess := range []*xmpp.Session{s, s2} {
		select {
		case <-sess.Done():
			if err := sess.Err(); !errors.Is(err, stream.NotAuthorized) {
				t.Errorf("session ended with %v, want not-authorized", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("a session of the removed account is still open")
		}
	}
	if _, err := connect(t, srv, "romeo", "n3w", nil); err == nil {
		t.Error("the removed account still logs in")
	}
	if _, err := connect(t, srv, "romeo", "again", register.Feature("romeo", "again")); err != nil {
		t.Errorf("registering the name again: %v", err)
	}
}

func TestBadInput_Register(t *testing.T) {
	for _, tc := range []struct {
		name, user string
		want       stanza.Condition
	}{
		{"taken", "alice", stanza.Conflict},
		{"taken, other case", "ALICE", stanza.Conflict},
		{"invalid localpart", "a@b", stanza.NotAcceptable},
		{"forbidden character", "a\"b", stanza.NotAcceptable},
		{"empty", "", stanza.NotAcceptable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, true)
			_, err := connect(t, srv, "alice", "pw", register.Feature(tc.user, "pw"))
			if !errors.Is(err, stanza.Error{Condition: tc.want}) {
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
	t.Run("rate limit", func(t *testing.T) {
		srv := newServer(t, true)
		for i, name := range []string{"u1", "u2", "u3", "u4"} {
			_, err := connect(t, srv, name, "pw", register.Feature(name, "pw"))
			if i < 3 && err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if i == 3 && !errors.Is(err, stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint}) {
				t.Errorf("%s: %v, want resource-constraint", name, err)
			}
		}
	})
	t.Run("off by default", func(t *testing.T) {
		srv := newServer(t, false)
		if _, err := connect(t, srv, "romeo", "pw", register.Feature("romeo", "pw")); err == nil {
			t.Error("registered with registration off")
		}
		s, err := connect(t, srv, "alice", "ecila", nil)
		if err != nil {
			t.Fatal(err)
		}
		if info, err := disco.GetInfo(ctxT(t), s, jid.MustParse("example.test"), ""); err != nil || info.HasFeature(register.NS) {
			t.Errorf("registration off, advertised: %+v, %v", info.Features, err)
		}
		if err := register.ChangePassword(ctxT(t), s, "alice", "x"); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
			t.Errorf("ChangePassword: %v", err)
		}
		if err := register.Cancel(ctxT(t), s); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
			t.Errorf("Cancel: %v", err)
		}
	})
}
