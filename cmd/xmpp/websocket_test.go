package main

import (
	"strings"
	"testing"
)

// TestWebSocketSendListen runs listen over WebSocket and sends to it over
// WebSocket and over TCP: the server routes between the transports.
func TestWebSocketSendListen(t *testing.T) {
	ts := newTestServer(t)
	l := startCmd(t, append([]string{"listen", "-count", "2", "-resource", "web"}, ts.wsFlags("bob")...)...)
	l.stderr.waitFor(t, "listening as bob@localhost/web")
	if r := runCmd(t, "", append(append([]string{"send", "-resource", "ws"}, ts.wsFlags("alice")...), "bob@localhost", "over", "websocket")...); r.code != 0 {
		t.Fatalf("send over WebSocket: %d %s", r.code, r.stderr)
	}
	if r := runCmd(t, "over tcp\n", append(append([]string{"send", "-resource", "tcp"}, ts.flags("alice")...), "bob@localhost/web")...); r.code != 0 {
		t.Fatalf("send over TCP: %d %s", r.code, r.stderr)
	}
	if code := l.wait(t); code != 0 {
		t.Fatalf("listen exited %d: %s", code, l.stderr)
	}
	want := "alice@localhost/ws: over websocket\nalice@localhost/tcp: over tcp\n"
	if got := l.stdout.String(); got != want {
		t.Errorf("listen printed:\n%s\nwant:\n%s", got, want)
	}
}

// TestWebSocketPingDisco pings and queries the server over WebSocket.
func TestWebSocketPingDisco(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"ping the server", []string{"ping"}, []string{"pong from localhost in "}},
		{"disco the server", []string{"disco"}, []string{"localhost\n", `identity: server/im "Canto"`, "feature:  urn:xmpp:ping"}},
		{"disco an account", []string{"disco", "bob@localhost"}, []string{"identity: account/registered"}},
		{"verbose", []string{"ping", "-v"}, []string{"pong from localhost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{tt.args[0]}, ts.wsFlags("alice")...)
			r := runCmd(t, "", append(args, tt.args[1:]...)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("no %q in:\n%s", w, r.stdout)
				}
			}
		})
	}
	t.Run("raw log shows WebSocket framing", func(t *testing.T) {
		r := runCmd(t, "", append([]string{"ping", "-v"}, ts.wsFlags("alice")...)...)
		if r.code != 0 || !strings.Contains(r.stderr, "urn:ietf:params:xml:ns:xmpp-framing") || strings.Contains(r.stderr, "<starttls") {
			t.Errorf("exit %d, raw log:\n%s", r.code, r.stderr)
		}
	})
}
