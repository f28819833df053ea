package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// restartedServe is one run of "serve -data" and what a client needs to
// reach it.
type restartedServe struct {
	*background
	addr, ca string
}

// serveData starts "serve -data dir" with extra flags, and waits until it
// listens.
func serveData(t *testing.T, dir string, extra ...string) restartedServe {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "cert.pem")
	srv := startCmd(t, append([]string{"serve", "-listen", "127.0.0.1:0", "-domain", "localhost", "-data", dir, "-cert-out", ca}, extra...)...)
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	m := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(srv.stdout.String())
	if m == nil {
		t.Fatalf("serve printed:\n%s", srv.stdout)
	}
	return restartedServe{srv, m[1], ca}
}

// as runs a client command as user (password "pw-" + user) against s.
func (s restartedServe) as(t *testing.T, user, sub string, args ...string) result {
	t.Helper()
	flags := []string{sub, "-jid", user + "@localhost", "-password", "pw-" + user, "-server", s.addr, "-ca", s.ca, "-timeout", "10s"}
	return runCmd(t, "", append(flags, args...)...)
}

// TestServeRestart: what "serve -data DIR" keeps survives a restart on
// the same DIR: accounts made with -user, a roster entry, and a message
// sent to an account while it was offline, delivered when it logs in
// after the restart.
func TestServeRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first := serveData(t, dir, "-user", "alice:pw-alice", "-user", "bob:pw-bob")
	if r := first.as(t, "alice", "roster", "add", "bob@localhost", "-name", "Bob", "-group", "Builders"); r.code != 0 {
		t.Fatalf("roster add: %s", r.stderr)
	}
	if r := first.as(t, "alice", "send", "bob@localhost", "kept", "while", "you", "were", "away"); r.code != 0 {
		t.Fatalf("send: %s", r.stderr)
	}
	if code := first.stop(t); code != 0 {
		t.Fatalf("serve exited %d: %s", code, first.stderr)
	}

	// No -user flags now: the accounts come from DIR alone.
	second := serveData(t, dir)
	if out := second.stdout.String(); !strings.Contains(out, "accounts    alice, bob") {
		t.Errorf("after the restart, serve printed:\n%s", out)
	}
	r := second.as(t, "alice", "roster", "list")
	if r.code != 0 || !strings.Contains(r.stdout, `bob@localhost "Bob"`) || !strings.Contains(r.stdout, "groups=Builders") {
		t.Errorf("roster list after the restart: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
	r = second.as(t, "bob", "listen", "-count", "1")
	if r.code != 0 || !strings.Contains(r.stdout, "kept while you were away") || !strings.HasPrefix(r.stdout, "alice@localhost") {
		t.Errorf("bob's offline message after the restart: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
	if code := second.stop(t); code != 0 {
		t.Errorf("serve exited %d: %s", code, second.stderr)
	}
}
