package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/register"
)

// TestServeAllowRegistration registers an account in-band on "xmpp serve
// -allow-registration" and pings with it.
func TestServeAllowRegistration(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "cert.pem")
	srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-domain", "localhost", "-allow-registration", "-cert-out", ca)
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	m := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(srv.stdout.String())
	if m == nil {
		t.Fatalf("serve printed:\n%s", srv.stdout)
	}
	pem, err := os.ReadFile(ca)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", m[1])
	if err != nil {
		t.Fatal(err)
	}
	s, err := xmpp.NewClientSession(ctx, jid.MustParse("dave@localhost"), conn, xmpp.Config{},
		xmpp.StartTLS(&tls.Config{RootCAs: pool}), register.Feature("dave", "d4ve"), xmpp.SASL("", "d4ve"), xmpp.BindResource())
	if err != nil {
		conn.Close()
		t.Fatalf("register: %v", err)
	}
	_ = s.Close(ctx)
	if r := runCmd(t, "", "ping", "-jid", "dave@localhost", "-password", "d4ve", "-ca", ca, "-server", m[1]); r.code != 0 {
		t.Errorf("ping as the new account: %s", r.stderr)
	}
}
