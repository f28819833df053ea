package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeInsecureNoLoginBackoff: with -insecure-no-login-backoff the
// server says so, and answers wrong passwords at once (its back-off would
// hold the third failure in a row for a second), while the right one still
// gets in.
func TestServeInsecureNoLoginBackoff(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "cert.pem")
	srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-user", "alice:wonderland", "-cert-out", ca, "-insecure-no-login-backoff")
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	out := srv.stdout.String()
	m := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "WARNING     failed logins are not slowed down (-insecure-no-login-backoff)") {
		t.Fatalf("serve printed:\n%s", out)
	}
	ping := func(password string) (result, time.Duration) {
		start := time.Now()
		r := runCmd(t, "", "ping", "-jid", "alice@localhost", "-password", password, "-ca", ca, "-server", m[1])
		return r, time.Since(start)
	}
	for i := range 3 {
		r, took := ping("guess")
		if r.code == 0 || took >= time.Second {
			t.Errorf("wrong password %d: exit %d after %v: %s", i+1, r.code, took, r.stderr)
		}
	}
	if r, _ := ping("wonderland"); r.code != 0 {
		t.Errorf("right password: exit %d: %s", r.code, r.stderr)
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve exited %d: %s", code, srv.stderr)
	}
}
