package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestServeData administers a -data directory's accounts, serves it, and
// serves it again: the accounts and the generated certificate are kept.
func TestServeData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	steps := []struct {
		stdin string
		args  []string
		code  int
		out   string // in stdout (exit 0) or stderr
	}{
		{"wonderland\n", []string{"-add-user", "alice"}, exitOK, "-add-user: done for alice"},
		{"builder\n", []string{"-add-user", "Bob"}, exitOK, "done for Bob"},
		{"again\n", []string{"-add-user", "alice"}, exitError, "already exists"},
		{"", []string{"-add-user", "carol"}, exitError, "no password on standard input"},
		{"x\n", []string{"-add-user", "a@b"}, exitError, "invalid username"},
		{"", []string{"-list-users"}, exitOK, "alice\nbob\n"},
		{"x\n", []string{"-set-password", "nobody"}, exitError, "no such account"},
		{"", []string{"-remove-user", "nobody"}, exitError, "no such account"},
		{"", []string{"-list-users", "-remove-user", "bob"}, exitError, "give one of"},
	}
	for _, s := range steps {
		r := runCmd(t, s.stdin, append([]string{"serve", "-data", dir}, s.args...)...)
		got := r.stdout
		if s.code != exitOK {
			got = r.stderr
		}
		if r.code != s.code || !strings.Contains(got, s.out) {
			t.Errorf("serve %v: exit %d, stdout %q, stderr %q; want exit %d and %q", s.args, r.code, r.stdout, r.stderr, s.code, s.out)
		}
	}
	if r := runCmd(t, "", "serve", "-list-users"); r.code != exitError || !strings.Contains(r.stderr, "need -data") {
		t.Errorf("-list-users without -data: exit %d, %s", r.code, r.stderr)
	}

	fingerprint := regexp.MustCompile(`SHA-256 fingerprint ([0-9a-f]+)`)
	var prints []string
	for run, password := range []string{"wonderland", "looking-glass"} {
		ca := filepath.Join(t.TempDir(), "cert.pem")
		srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-domain", "localhost", "-data", dir, "-cert-out", ca)
		srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
		out := srv.stdout.String()
		addr := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(out)
		fp := fingerprint.FindStringSubmatch(out)
		if addr == nil || fp == nil || !strings.Contains(out, "accounts    alice, bob") {
			t.Fatalf("run %d: serve printed:\n%s", run, out)
		}
		prints = append(prints, fp[1])
		r := runCmd(t, "", "ping", "-server", addr[1], "-jid", "alice@localhost", "-password", password, "-ca", ca)
		if r.code != 0 {
			t.Errorf("run %d: ping as alice: %s", run, r.stderr)
		}
		if code := srv.stop(t); code != 0 {
			t.Errorf("run %d: serve exited %d: %s", run, code, srv.stderr)
		}
		if run == 0 {
			if r := runCmd(t, "looking-glass\n", "serve", "-data", dir, "-set-password", "alice"); r.code != 0 {
				t.Fatalf("-set-password: %s", r.stderr)
			}
		}
	}
	if prints[0] != prints[1] {
		t.Errorf("the certificate changed across restarts: %s, then %s", prints[0], prints[1])
	}
	if r := runCmd(t, "", "serve", "-data", dir, "-remove-user", "bob"); r.code != 0 {
		t.Errorf("-remove-user: %s", r.stderr)
	}
	if r := runCmd(t, "", "serve", "-data", dir, "-list-users"); r.stdout != "alice\n" {
		t.Errorf("after -remove-user bob: %q", r.stdout)
	}
}
