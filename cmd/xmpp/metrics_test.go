package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeMetrics: "serve -metrics ADDR" serves the server's counters in
// the Prometheus text format, and they count what happened.
func TestServeMetrics(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "cert.pem")
	srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-metrics", "127.0.0.1:0",
		"-domain", "localhost", "-user", "alice:wonderland", "-cert-out", ca)
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	out := srv.stdout.String()
	m := regexp.MustCompile(`STARTTLS +(\S+)`).FindStringSubmatch(out)
	u := regexp.MustCompile(`metrics +(http://\S+/metrics)\n`).FindStringSubmatch(out)
	if m == nil || u == nil {
		t.Fatalf("serve printed:\n%s", out)
	}
	r := runCmd(t, "", "ping", "-jid", "alice@localhost", "-password", "guess", "-ca", ca, "-server", m[1])
	if r.code == 0 {
		t.Fatal("ping with a wrong password succeeded")
	}
	wants := []string{
		"# TYPE xmpp_server_failed_logins_total counter\nxmpp_server_failed_logins_total 1\n",
		"# TYPE xmpp_server_refused_connections_total counter\nxmpp_server_refused_connections_total 0\n",
		"xmpp_server_failed_negotiations_total 1\n",
		"xmpp_server_oversize_stanzas_total 0\n",
		"# TYPE xmpp_server_connections_total counter\nxmpp_server_connections_total ",
		"# TYPE xmpp_server_sessions gauge\nxmpp_server_sessions 0\n",
		"# TYPE xmpp_server_queued_bytes gauge\n",
		"xmpp_server_bounced_stanzas_total 0\n",
		"go_goroutines ",
	}
	// The server counts the failed negotiation when its side of the
	// connection ends, a moment after the client gave up: poll.
	var body []byte
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(u[1])
		if err != nil {
			t.Fatal(err)
		}
		body, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Fatalf("Content-Type %q", ct)
		}
		if containsAll(string(body), wants) || time.Now().After(deadline) {
			break
		}
	}
	for _, want := range wants {
		if !strings.Contains(string(body), want) {
			t.Errorf("no %q in:\n%s", want, body)
		}
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve exited %d: %s", code, srv.stderr)
	}
	if !strings.Contains(srv.stderr.String(), "level=WARN msg=\"server: login failed\" remote=127.0.0.1:") {
		t.Errorf("the failed login was not logged at Warn with the address:\n%s", srv.stderr)
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
