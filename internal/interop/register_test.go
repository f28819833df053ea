package interop

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/register"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
)

// connectRegistering logs in as user, registering the account first
// with reg if not nil (XEP-0077 §8 stream feature).
func connectRegistering(t *testing.T, srv *server, user, password string, reg xmpp.StreamFeature) (*xmpp.Session, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr(srv.ports.c2s))
	if err != nil {
		t.Fatal(err)
	}
	features := []xmpp.StreamFeature{xmpp.StartTLS(&tls.Config{RootCAs: pki.roots})}
	if reg != nil {
		features = append(features, reg)
	}
	features = append(features, xmpp.SASL("", password), xmpp.BindResource())
	s, err := xmpp.NewClientSession(ctx, jid.MustParse(user+"@"+domain), conn, xmpp.Config{}, features...)
	if err != nil {
		conn.Close()
		return nil, err
	}
	t.Cleanup(func() { closeSession(t, s) })
	return s, nil
}

// TestRegister registers an account in-band before logging in, reads
// the registration, changes the password, removes the account (XEP-0077
// §3, §8), and is refused a name already taken.
func TestRegister(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		user := "reg" + strings.ToLower(randomString())[:8]
		s, err := connectRegistering(t, srv, user, "first-pw", register.Feature(user, "first-pw"))
		if err != nil {
			t.Fatalf("register and log in: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		if q, err := register.Fields(ctx, s, jid.JID{}); err != nil || !q.Registered {
			t.Errorf("Fields: %+v, %v", q, err)
		}
		if err := register.ChangePassword(ctx, s, user, "second-pw"); err != nil {
			t.Fatalf("ChangePassword: %v", err)
		}
		s2, err := connectRegistering(t, srv, user, "second-pw", nil)
		if err != nil {
			t.Fatalf("log in with the new password: %v", err)
		}
		if err := register.Cancel(ctx, s2); err != nil {
			// ejabberd 23.01 ends the stream with conflict ("User
			// removed") where §3.2 asks for not-authorized; the login
			// below is what shows the account is gone.
			if srv != ejabberd || !errors.Is(s2.Err(), stream.Conflict) {
				t.Fatalf("Cancel: %v (stream: %v)", err, s2.Err())
			}
			t.Logf("Cancel: the stream ended with %v", s2.Err())
		}
		if _, err := connectRegistering(t, srv, user, "second-pw", nil); err == nil {
			t.Error("the removed account still logs in")
		}
		_, err = connectRegistering(t, srv, "alice", "x", register.Feature("alice", "x"))
		if !errors.Is(err, stanza.Error{Condition: stanza.Conflict}) {
			t.Errorf("registering alice: %v, want conflict", err)
		}
	})
}
