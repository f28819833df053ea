package main

import (
	"context"
	"crypto/tls"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// restartable is a test server that can be stopped and started again on
// the same address with the same certificate.
type restartable struct {
	t      *testing.T
	cert   tls.Certificate
	addr   string
	caFile string
	srv    *server.Server
}

func newRestartable(t *testing.T) *restartable {
	t.Helper()
	cert, err := server.GenerateCertificate("localhost")
	if err != nil {
		t.Fatal(err)
	}
	r := &restartable{t: t, cert: cert, addr: "127.0.0.1:0"}
	r.start()
	r.addr = r.srv.Addr().String()
	r.caFile = filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(r.caFile, r.srv.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *restartable) start() {
	r.t.Helper()
	srv, err := server.New(server.Config{Domain: "localhost", Users: passwords, Certificate: &r.cert})
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { _ = srv.Close() })
	for i := 0; ; i++ { // the port of the server just closed may linger briefly
		err = srv.Listen(context.Background(), r.addr)
		if err == nil || i == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatal(err)
	}
	r.srv = srv
}

func (r *restartable) stop() {
	if err := r.srv.Close(); err != nil {
		r.t.Fatal(err)
	}
}

func (r *restartable) flags(user string) []string {
	return []string{"-jid", user + "@localhost", "-password", passwords[user], "-server", r.addr, "-ca", r.caFile, "-timeout", "10s"}
}

// TestEchoSurvivesRestart stops the server under a running echo bot and
// starts it again: the bot comes back online and echoes again.
func TestEchoSurvivesRestart(t *testing.T) {
	r := newRestartable(t)
	bot := startCmd(t, append([]string{"echo", "-resource", "bot", "-keepalive", "1s"}, r.flags("bob")...)...)
	bot.stdout.waitFor(t, "echo bot online as bob@localhost/bot")
	r.stop()
	bot.stderr.waitFor(t, "xmpp echo: connection lost")
	r.start()
	bot.stdout.waitFor(t, "echo bot back online as bob@localhost/bot (messages sent meanwhile may be lost)")

	echoed := make(chan string, 1)
	h := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		if body, ok := bodyOf(st.Element); ok && st.Header.Kind == stanza.KindMessage {
			echoed <- body
		}
		return nil
	})
	f := clientFlags{jid: "alice@localhost", password: passwords["alice"], server: r.addr, ca: r.caFile, timeout: 10 * time.Second}
	s, err := f.connect(context.Background(), &env{getenv: func(string) string { return "" }}, h)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSession(s)
	if err := s.Send(context.Background(), message.Chat(jid.MustParse("bob@localhost/bot"), "polo")); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-echoed:
		if got != "polo" {
			t.Errorf("echo %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no echo after the restart; bot printed:\n%s\n%s", bot.stdout, bot.stderr)
	}
	if code := bot.stop(t); code != exitOK {
		t.Errorf("echo exited %d: %s", code, bot.stderr)
	}
}

func TestGiveUpAfter(t *testing.T) {
	tests := []struct{ cmd, online string }{
		{"echo", "echo bot online as"},
		{"listen", "listening as"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			r := newRestartable(t)
			c := startCmd(t, append([]string{tt.cmd, "-give-up-after", "300ms"}, r.flags("bob")...)...)
			if tt.cmd == "echo" {
				c.stdout.waitFor(t, tt.online)
			} else {
				c.stderr.waitFor(t, tt.online)
			}
			r.stop()
			if code := c.wait(t); code != exitError {
				t.Errorf("exit %d", code)
			}
			if out := c.stderr.String(); !strings.Contains(out, "xmpp "+tt.cmd+": gave up after 300ms offline: cannot reach the server of localhost") {
				t.Errorf("stderr:\n%s", out)
			}
		})
	}
}
