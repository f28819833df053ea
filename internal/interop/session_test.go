package interop

import (
	"context"
	"crypto/tls"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// testTimeout bounds one test's exchanges with a server.
const testTimeout = 20 * time.Second

// transport is how a client reaches the server.
type transport int

const (
	startTLS  transport = iota // TCP to the c2s port, then STARTTLS
	directTLS                  // TLS from the first byte (XEP-0368)
)

func (tr transport) String() string {
	if tr == directTLS {
		return "DirectTLS"
	}
	return "STARTTLS"
}

// login says how to log in.
type login struct {
	user      string // an account of the server's
	password  string // "" means the account's
	resource  string // "" lets the server choose
	transport transport
	// maxTLS caps the TLS version (tls.VersionTLS12 to get tls-unique);
	// 0 lets Go choose (TLS 1.3).
	maxTLS uint16
	// mechanisms are the SASL mechanisms allowed, in order; nil means the
	// library's default order.
	mechanisms []string
	handler    xmpp.Handler
	// offered, if non-nil, receives the SASL mechanisms the server offered.
	offered *[]string
	// features are more stream features, after resource binding.
	features []xmpp.StreamFeature
}

// session is a logged-in client with its raw XML.
type session struct {
	*xmpp.Session
	raw *rawLog
}

// login logs in as l says. The raw XML goes to the test's log if the test
// fails, and the session is closed when the test ends.
func (s *server) login(t testing.TB, l login) (*session, error) {
	t.Helper()
	raw := &rawLog{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("raw XML of %s's session on %s (%s):\n%s", l.user, s.name, l.transport, raw)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	origin, err := jid.New(l.user, domain, l.resource)
	if err != nil {
		return nil, err
	}
	password := l.password
	if password == "" {
		password = s.accounts[l.user]
	}
	tlsCfg := &tls.Config{RootCAs: pki.roots, MaxVersion: l.maxTLS}
	var auth xmpp.StreamFeature = xmpp.SASLWith(sasl.ClientConfig{Username: l.user, Password: password, Mechanisms: l.mechanisms})
	if l.offered != nil {
		auth = recordOffer{StreamFeature: auth, offered: l.offered}
	}
	features := append([]xmpp.StreamFeature{auth, xmpp.BindResource()}, l.features...)
	var conn net.Conn
	if l.transport == directTLS {
		d := dial.Dialer{Address: addr(s.ports.directTLS), DirectTLS: true, TLSConfig: tlsCfg}
		conn, err = d.DialClient(ctx, origin)
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr(s.ports.c2s))
		features = append([]xmpp.StreamFeature{xmpp.StartTLS(tlsCfg)}, features...)
	}
	if err != nil {
		return nil, err
	}
	xs, err := xmpp.NewClientSession(ctx, origin, conn, xmpp.Config{RawLog: raw, Handler: l.handler}, features...)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { closeSession(t, xs) })
	return &session{Session: xs, raw: raw}, nil
}

// mustLogin is login for a test that cannot go on without the session.
func (s *server) mustLogin(t testing.TB, l login) *session {
	t.Helper()
	sess, err := s.login(t, l)
	if err != nil {
		t.Fatalf("logging in as %s on %s over %s: %v", l.user, s.name, l.transport, err)
	}
	return sess
}

// closeSession closes a session, which must end within the timeout.
func closeSession(t testing.TB, s *xmpp.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.Close(ctx)
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Errorf("session of %s did not end after Close", s.LocalAddr())
	}
}

// loginAs logs in over STARTTLS with SCRAM-SHA-1, the mechanism every
// server offers on every connection, for the tests of what comes after
// the login.
func (s *server) loginAs(t testing.TB, user, resource string, h xmpp.Handler) *session {
	t.Helper()
	return s.mustLogin(t, login{user: user, resource: resource, mechanisms: []string{sasl.ScramSHA1}, handler: h})
}

// bareJID is the account's address on the server.
func bareJID(t testing.TB, user string) jid.JID {
	t.Helper()
	j, err := jid.New(user, domain, "")
	if err != nil {
		t.Fatal(err)
	}
	return j
}
