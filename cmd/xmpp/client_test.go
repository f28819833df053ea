package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xtime"
)

// TestSendListen sends two messages (arguments, then standard input) to a
// listener that exits after two.
func TestSendListen(t *testing.T) {
	ts := newTestServer(t)
	l := startCmd(t, append([]string{"listen", "-count", "2", "-resource", "cli"}, ts.flags("bob")...)...)
	l.stderr.waitFor(t, "listening as bob@localhost/cli")
	if r := runCmd(t, "", append(append([]string{"send"}, ts.flags("alice")...), "bob@localhost", "hello", "there")...); r.code != 0 {
		t.Fatalf("send: %d %s", r.code, r.stderr)
	}
	if r := runCmd(t, "second line\n", append(append([]string{"send"}, ts.flags("alice")...), "bob@localhost/cli")...); r.code != 0 {
		t.Fatalf("send from stdin: %d %s", r.code, r.stderr)
	}
	if code := l.wait(t); code != 0 {
		t.Fatalf("listen exited %d: %s", code, l.stderr)
	}
	lines := strings.Split(strings.TrimSpace(l.stdout.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "alice@localhost/") || !strings.HasSuffix(lines[0], ": hello there") ||
		!strings.HasSuffix(lines[1], ": second line") {
		t.Errorf("listen printed:\n%s", l.stdout)
	}
}

func TestPingAndDisco(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"ping the server", []string{"ping"}, []string{"pong from localhost in "}},
		{"ping over direct TLS", []string{"ping", "-direct-tls", "-server", ts.srv.DirectTLSAddr().String()}, []string{"pong from localhost"}},
		{"disco the server", []string{"disco"}, []string{"localhost\n", "identity: server/im \"Canto\"", "feature:  urn:xmpp:ping"}},
		{"disco an account", []string{"disco", "bob@localhost"}, []string{"identity: account/registered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{tt.args[0]}, ts.flags("alice")...)
			args = append(args, tt.args[1:]...)
			r := runCmd(t, "", args...)
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
}

// TestEcho runs the echo bot as bob and talks to it with the other
// commands, and with a library client that waits for the echo.
func TestEcho(t *testing.T) {
	ts := newTestServer(t)
	bot := startCmd(t, append([]string{"echo", "-resource", "bot"}, ts.flags("bob")...)...)
	bot.stdout.waitFor(t, "echo bot online as bob@localhost/bot")

	echoed := make(chan string, 1)
	h := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		if body, ok := bodyOf(st.Element); ok && st.Header.Kind == stanza.KindMessage {
			echoed <- st.Header.From.String() + ": " + body
		}
		return nil
	})
	f := clientFlags{jid: "alice@localhost", password: passwords["alice"], server: ts.srv.Addr().String(), ca: ts.caFile, timeout: 10 * time.Second}
	s, err := f.connect(context.Background(), &env{getenv: func(string) string { return "" }}, h)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSession(s)
	if err := s.Send(context.Background(), message.Chat(jid.MustParse("bob@localhost/bot"), "marco")); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-echoed:
		if got != "bob@localhost/bot: marco" {
			t.Errorf("echo %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no echo; bot printed:\n%s\n%s", bot.stdout, bot.stderr)
	}
	bot.stdout.waitFor(t, "alice@localhost/")
	bobBot := jid.MustParse("bob@localhost/bot")
	if v, err := version.Get(context.Background(), s, bobBot); err != nil || v.Name != "Canto xmpp echo" {
		t.Errorf("version: %+v, %v", v, err)
	}
	if tm, err := xtime.Get(context.Background(), s, bobBot); err != nil || time.Since(tm).Abs() > time.Minute {
		t.Errorf("time: %v, %v", tm, err)
	}
	for _, tt := range []struct{ cmd, want string }{
		{"ping", "pong from bob@localhost/bot"},
		{"disco", `identity: client/bot "Canto echo bot"`},
		{"disco", "feature:  jabber:iq:version"},
		{"disco", "feature:  urn:xmpp:time"},
	} {
		r := runCmd(t, "", append(append([]string{tt.cmd}, ts.flags("alice")...), "bob@localhost/bot")...)
		if r.code != 0 || !strings.Contains(r.stdout, tt.want) {
			t.Errorf("%s: %d %q %s", tt.cmd, r.code, r.stdout, r.stderr)
		}
	}
	if code := bot.stop(t); code != 0 {
		t.Errorf("echo exited %d: %s", code, bot.stderr)
	}
}

// TestPasswordSources checks -password-file and $XMPP_PASSWORD.
func TestPasswordSources(t *testing.T) {
	ts := newTestServer(t)
	base := []string{"ping", "-jid", "alice@localhost", "-server", ts.srv.Addr().String(), "-ca", ts.caFile}
	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte(passwords["alice"]+"\nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runCmd(t, "", append(base, "-password-file", file)...); r.code != 0 {
		t.Errorf("-password-file: %s", r.stderr)
	}
	t.Setenv("XMPP_PASSWORD", passwords["alice"])
	if r := runCmd(t, "", base...); r.code != 0 {
		t.Errorf("XMPP_PASSWORD: %s", r.stderr)
	}
}

// TestErrors checks that failures are explained in one line with exit
// status 1.
func TestErrors(t *testing.T) {
	ts := newTestServer(t)
	addr := ts.srv.Addr().String()
	ca := ts.caFile
	t.Setenv("XMPP_PASSWORD", "")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"wrong password", []string{"-jid", "alice@localhost", "-password", "nope", "-server", addr, "-ca", ca}, "login failed for alice@localhost: wrong user name or password"},
		{"unknown user", []string{"-jid", "mallory@localhost", "-password", "x", "-server", addr, "-ca", ca}, "wrong user name or password"},
		{"untrusted certificate", []string{"-jid", "alice@localhost", "-password", "x", "-server", addr}, "certificate for localhost is not trusted"},
		{"unreachable server", []string{"-jid", "alice@localhost", "-password", "x", "-server", closedPort(t), "-ca", ca}, "cannot reach the server of localhost"},
		{"websocket with -server", []string{"-jid", "alice@localhost", "-password", "x", "-websocket", "wss://localhost/ws", "-server", addr}, "-websocket replaces -server"},
		{"websocket with -direct-tls", []string{"-jid", "alice@localhost", "-password", "x", "-websocket", "wss://localhost/ws", "-direct-tls"}, "-websocket replaces"},
		{"websocket without TLS", []string{"-jid", "alice@localhost", "-password", "x", "-websocket", "ws://" + ts.wsHost() + "/xmpp-websocket"}, "ws:// is not encrypted; use a wss:// URL"},
		{"websocket untrusted certificate", []string{"-jid", "alice@localhost", "-password", "x", "-websocket", ts.srv.WebSocketURL()}, "certificate for localhost is not trusted"},
		{"websocket wrong password", []string{"-jid", "alice@localhost", "-password", "nope", "-websocket", ts.srv.WebSocketURL(), "-ca", ca}, "wrong user name or password"},
		{"websocket unreachable", []string{"-jid", "alice@localhost", "-password", "x", "-websocket", "wss://" + closedPort(t) + "/xmpp-websocket", "-ca", ca}, "cannot reach the server of localhost at wss://"},
		{"websocket bad scheme", []string{"-jid", "alice@localhost", "-password", "x", "-websocket", "https://" + ts.wsHost() + "/xmpp-websocket"}, `scheme "https"`},
		{"no jid", []string{"-password", "x"}, "-jid is required"},
		{"jid without user", []string{"-jid", "localhost", "-password", "x"}, "needs a user part"},
		{"no password", []string{"-jid", "alice@localhost", "-server", addr}, "no password"},
		{"bad ca file", []string{"-jid", "alice@localhost", "-password", "x", "-ca", "/nonexistent/ca.pem"}, "-ca"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, "", append([]string{"ping", "-timeout", "5s"}, tt.args...)...)
			if r.code != exitError {
				t.Errorf("exit %d, want 1", r.code)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "xmpp ping: ") || !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr:\n%s\nwant one line with %q", r.stderr, tt.want)
			}
		})
	}
	t.Run("ping a missing resource", func(t *testing.T) {
		r := runCmd(t, "", append(append([]string{"ping"}, ts.flags("alice")...), "bob@localhost/nowhere")...)
		if r.code != exitError || !strings.Contains(r.stderr, "service-unavailable") {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	})
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	ts := newTestServer(t)
	addr := ts.srv.Addr().String()
	_ = ts.srv.Close()
	return addr
}
