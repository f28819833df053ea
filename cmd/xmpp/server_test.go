package main

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestServe runs the server command and logs in to it with the certificate
// it wrote.
func TestServe(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "cert.pem")
	srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-direct-tls", "127.0.0.1:0", "-websocket", "127.0.0.1:0",
		"-domain", "localhost", "-user", "alice:wonderland", "-user", "bob:builder", "-cert-out", ca)
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	out := srv.stdout.String()
	m := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(out)
	d := regexp.MustCompile(`direct TLS +(\S+)`).FindStringSubmatch(out)
	// The URL names the certificate's name, which clients check, not the address.
	w := regexp.MustCompile(`WebSocket +(wss://localhost:\d+/xmpp-websocket) \(listening on 127\.0\.0\.1:\d+\)\n`).FindStringSubmatch(out)
	if m == nil || d == nil || w == nil || !strings.Contains(out, "accounts    alice, bob") {
		t.Fatalf("serve printed:\n%s", out)
	}
	for _, args := range [][]string{
		{"-server", m[1]},
		{"-server", d[1], "-direct-tls"},
		{"-websocket", w[1]},
	} {
		r := runCmd(t, "", append([]string{"ping", "-jid", "bob@localhost", "-password", "builder", "-ca", ca}, args...)...)
		if r.code != 0 {
			t.Errorf("ping %v: %s", args, r.stderr)
		}
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve exited %d: %s", code, srv.stderr)
	}
}

func TestServeErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-listen", "", "-websocket", "256.0.0.1:1"}, exitError, "-websocket"},
		{[]string{"-cert", "x.pem"}, exitError, "-cert and -key go together"},
		{[]string{"-user", "nopassword"}, exitUsage, "NAME:PASSWORD"},
		{[]string{"-listen", ""}, exitError, "nothing to listen on: give -listen, -direct-tls or -websocket"},
		{[]string{"-listen", "256.0.0.1:1"}, exitError, "-listen"},
		{[]string{"-domain", "bad@domain"}, exitError, "invalid domain"},
		{[]string{"-mechanisms", "SCRAM-SHA-1,DIGEST-MD5"}, exitError, `-mechanisms: "DIGEST-MD5" is not one of`},
		{[]string{"-cert", "x.pem", "-key", "y.pem", "-cert-dir", "d"}, exitError, "-cert-dir keeps a generated certificate"},
		{[]string{"-component", "nosecret"}, exitUsage, "DOMAIN=SECRET"},
		{[]string{"-component", "localhost=x"}, exitError, "the server's own"},
		{[]string{"-component", "c.localhost=x", "-component-listen", ""}, exitError, "-component needs -component-listen"},
		{[]string{"-component", "c.localhost=x", "-component-listen", "256.0.0.1:1"}, exitError, "-component-listen"},
	}
	for _, tt := range tests {
		r := runCmd(t, "", append([]string{"serve"}, tt.args...)...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("serve %v: exit %d, stderr %s", tt.args, r.code, r.stderr)
		}
	}
}

func TestDemo(t *testing.T) {
	r := runCmd(t, "", "demo")
	if r.code != 0 || !strings.Contains(r.stdout, "Demo finished") || !strings.Contains(r.stdout, "bob     ← alice@localhost/demo: Hello Bob!") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, "", "demo", "-v")
	if r.code != 0 || !regexp.MustCompile(`alice   │ C\d+ -> <auth xmlns=`).MatchString(r.stdout) {
		t.Fatalf("demo -v: exit %d\n%s", r.code, r.stderr)
	}
}

// TestServeWebSocketOnly runs the server with WebSocket as its only
// transport.
func TestServeWebSocketOnly(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "cert.pem")
	srv := startCmd(t, "serve", "-listen", "", "-websocket", "127.0.0.1:0", "-user", "carol:secret", "-cert-out", ca)
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	out := srv.stdout.String()
	w := regexp.MustCompile(`WebSocket +(\S+)`).FindStringSubmatch(out)
	if w == nil || strings.Contains(out, "STARTTLS") || strings.Contains(out, "direct TLS") {
		t.Fatalf("serve printed:\n%s", out)
	}
	r := runCmd(t, "", "disco", "-jid", "carol@localhost", "-password", "secret", "-ca", ca, "-websocket", w[1])
	if r.code != 0 || !strings.Contains(r.stdout, "identity: server/im") {
		t.Errorf("disco over WebSocket: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve exited %d: %s", code, srv.stderr)
	}
}

// TestServeCertDir: issue 18. With -cert-dir the generated certificate and
// key are kept and reused at the next start; -key-out writes the key.
func TestServeCertDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "certs")
	keyOut := filepath.Join(t.TempDir(), "key.pem")
	fingerprint := regexp.MustCompile(`SHA-256 fingerprint ([0-9a-f]+)`)
	var prints []string
	for i, want := range []string{"generated into " + dir, "kept in " + dir} {
		srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-user", "alice:pw", "-cert-dir", dir, "-key-out", keyOut,
			"-mechanisms", "SCRAM-SHA-256,PLAIN")
		srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
		out := srv.stdout.String()
		m := fingerprint.FindStringSubmatch(out)
		if m == nil || !strings.Contains(out, want) || !strings.Contains(out, "certificate for localhost") {
			t.Fatalf("start %d printed:\n%s", i, out)
		}
		prints = append(prints, m[1])
		addr := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(out)[1]
		r := runCmd(t, "", "ping", "-jid", "alice@localhost", "-password", "pw", "-server", addr, "-ca", filepath.Join(dir, certFileName))
		if r.code != 0 {
			t.Errorf("ping with the kept certificate: %s", r.stderr)
		}
		if code := srv.stop(t); code != 0 {
			t.Fatalf("serve exited %d: %s", code, srv.stderr)
		}
	}
	if prints[0] != prints[1] {
		t.Errorf("certificate changed between starts: %s, %s", prints[0], prints[1])
	}
	if _, err := tls.LoadX509KeyPair(filepath.Join(dir, certFileName), keyOut); err != nil {
		t.Errorf("-key-out does not match the certificate: %v", err)
	}
	if st, err := os.Stat(filepath.Join(dir, keyFileName)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("kept key: %v, %v", st, err)
	}
}

func TestParseMechanisms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"plain", []string{"PLAIN"}, true},
		{" SCRAM-SHA-256 , scram-sha-1,SCRAM-SHA-256", []string{"SCRAM-SHA-256", "SCRAM-SHA-1"}, true},
		{"EXTERNAL", nil, false},
		{"PLAIN,", nil, false},
	}
	for _, tt := range tests {
		got, err := parseMechanisms(tt.in)
		if (err == nil) != tt.ok || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("parseMechanisms(%q) = %v, %v", tt.in, got, err)
		}
	}
}
