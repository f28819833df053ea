package interop

import (
	"context"
	"crypto/tls"
	"net"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// TestSASL2Fallback: a client configured for SASL2 (XEP-0388) with Bind 2
// and FAST logs in to servers that do not offer it (Prosody 0.12,
// ejabberd 23.01) with RFC 6120 SASL and resource binding instead; to the
// embedded server, which offers it, with SASL2, getting a FAST token.
func TestSASL2Fallback(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		origin, err := jid.New("alice", domain, "")
		if err != nil {
			t.Fatal(err)
		}
		conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr(srv.ports.c2s))
		if err != nil {
			t.Fatal(err)
		}
		password := srv.accounts["alice"]
		raw := &rawLog{}
		store := xmpp.NewMemoryFASTClientStore()
		s, err := xmpp.NewClientSession(ctx, origin, conn, xmpp.Config{RawLog: raw},
			xmpp.StartTLS(&tls.Config{RootCAs: pki.roots}),
			xmpp.SASL2(xmpp.SASL2Config{
				SASL:      sasl.ClientConfig{Password: password},
				UserAgent: xmpp.UserAgent{ID: "6a0c3f0e-8d7b-4f43-a8f4-5b8e2c3d9e10", Software: "Canto interop"},
				Inline:    []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Tag: "canto"})},
				FAST:      store,
			}),
			xmpp.SASL("", password),
			xmpp.BindResource())
		if err != nil {
			t.Fatalf("login: %v\n%s", err, raw)
		}
		defer closeSession(t, s)
		offered := srv == canto // Prosody 0.12 and ejabberd 23.01 have no SASL2
		if _, ok := xmpp.SASL2Of(s); ok != offered {
			t.Errorf("%s: SASL2 used %v, want %v", srv.name, ok, offered)
		}
		if want := xmpp.Secure | xmpp.Authenticated | xmpp.Bound; !s.State().Has(want) {
			t.Errorf("state %v, want %v", s.State(), want)
		}
		if s.LocalAddr().Bare() != origin || s.LocalAddr().Resourcepart() == "" {
			t.Errorf("bound %s", s.LocalAddr())
		}
		if _, err := store.LoadToken(origin, "6a0c3f0e-8d7b-4f43-a8f4-5b8e2c3d9e10"); (err == nil) != offered {
			t.Errorf("%s: FAST token stored %v, want %v", srv.name, err == nil, offered)
		}
	})
}
