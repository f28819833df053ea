package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
)

// slixmppPython returns a Python that can import slixmpp (Debian's
// python3-slixmpp installs it for /usr/bin/python3, which may not be the
// python3 first on PATH). Without one the test is skipped, unless
// CANTO_REQUIRE_INTEROP is set (as in CI), when it fails.
func slixmppPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(py, "-c", "import slixmpp").Run(); err == nil {
			return py
		}
	}
	if os.Getenv("CANTO_REQUIRE_INTEROP") != "" {
		t.Fatal("slixmpp is not installed (apt-get install python3-slixmpp) and CANTO_REQUIRE_INTEROP is set")
	}
	t.Skip("slixmpp is not installed (apt-get install python3-slixmpp); set CANTO_REQUIRE_INTEROP to make this a failure")
	return ""
}

// TestInteropSlixmpp has two slixmpp clients log in to the server over
// STARTTLS and over direct TLS, exchange messages through it, and ping it
// and each other.
func TestInteropSlixmpp(t *testing.T) {
	py := slixmppPython(t)
	// slixmpp 1.8 tries -PLUS with tls-unique, which TLS 1.3 lacks, then
	// the other SCRAMs with the "y" flag, which a server that offered -PLUS
	// must refuse (RFC 5802 §6), and logs in with PLAIN: the default server
	// gives it an attempt per mechanism, so it gets there (issue 18).
	for _, tc := range []struct {
		name string
		cfg  server.Config
	}{
		{"default", server.Config{}},
		{"without -PLUS", server.Config{Mechanisms: []string{sasl.ScramSHA512, sasl.ScramSHA256, sasl.ScramSHA1}}},
	} {
		t.Run(tc.name, func(t *testing.T) { slixmppCheck(t, py, tc.cfg) })
	}
}

func slixmppCheck(t *testing.T, py string, cfg server.Config) {
	srv := newServer(t, cfg)
	if err := srv.ListenDirectTLS(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, srv.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"starttls", "direct-tls"} {
		t.Run(mode, func(t *testing.T) {
			addr := srv.Addr().String()
			if mode == "direct-tls" {
				addr = srv.DirectTLSAddr().String()
			}
			host, port, _ := strings.Cut(addr, ":")
			if _, err := strconv.Atoi(port); err != nil {
				t.Fatal(addr)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, py, "testdata/slixmpp_check.py", host, port, ca, "example.test", mode).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "OK") {
				t.Fatalf("slixmpp (%v):\n%s", err, out)
			}
		})
	}
}
