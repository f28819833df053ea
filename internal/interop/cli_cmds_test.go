package interop

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cliFlags are the command's flags that log user in to srv: over STARTTLS
// at the c2s port by default, or as the transport says.
func cliFlags(t testing.TB, srv *server, user, transport string) []string {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pki.certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	flags := []string{"-jid", user + "@" + domain, "-password", srv.accounts[user], "-ca", ca, "-timeout", "20s"}
	switch transport {
	case "direct-tls":
		return append(flags, "-server", addr(srv.ports.directTLS), "-direct-tls")
	case "websocket":
		return append(flags, "-websocket", "wss://"+addr(srv.ports.https)+srv.f.websocketPath())
	}
	return append(flags, "-server", addr(srv.ports.c2s))
}

// cmdLine is a subcommand, its flags and its arguments.
func cmdLine(sub string, flags []string, args ...string) []string {
	return append(append([]string{sub}, flags...), args...)
}

var rttRE = regexp.MustCompile(`^pong from localhost in [0-9.]+(µs|ms|s)\n$`)

// TestCLI runs the xmpp command against each server: listen and send over
// STARTTLS, then ping over each transport and disco.
func TestCLI(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		t.Run("send and listen", func(t *testing.T) {
			listen := startCLI(t, cmdLine("listen", cliFlags(t, srv, "bob", "starttls"), "-count", "1", "-resource", "cli")...)
			listen.waitStderr(t, "listening as bob@localhost/cli")
			send := runCLI(t, cmdLine("send", cliFlags(t, srv, "alice", "starttls"), "-resource", "sender", "bob@localhost/cli", "hello", "from", "Canto")...)
			if send.code != 0 {
				t.Fatalf("send exited %d: %s", send.code, send.stderr)
			}
			if code := listen.wait(t); code != 0 {
				t.Fatalf("listen exited %d: %s", code, listen.stderr)
			}
			if got, want := listen.stdout.String(), "alice@localhost/sender: hello from Canto\n"; got != want {
				t.Errorf("listen printed %q, want %q", got, want)
			}
		})
		for _, transport := range []string{"starttls", "direct-tls", "websocket"} {
			t.Run("ping/"+transport, func(t *testing.T) {
				r := runCLI(t, cmdLine("ping", cliFlags(t, srv, "alice", transport))...)
				if r.code != 0 || !rttRE.MatchString(r.stdout) {
					t.Errorf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
				}
			})
		}
		t.Run("disco", func(t *testing.T) {
			r := runCLI(t, cmdLine("disco", cliFlags(t, srv, "alice", "starttls"))...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, want := range []string{"localhost\n", "  identity: server/im", "  feature:  http://jabber.org/protocol/disco#info\n", "  feature:  urn:xmpp:ping\n"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("no %q in:\n%s", want, r.stdout)
				}
			}
			t.Logf("disco printed:\n%s", r.stdout)
			// Prosody lists its component among the items (see TestDisco).
			if srv == prosody && !strings.Contains(r.stdout, "  item:     component.localhost") {
				t.Errorf("no component item in:\n%s", r.stdout)
			}
		})
	})
}
