package main

import (
	"context"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/jid"
)

// TestServeComponent runs the server with a component listener: a
// component connects with its secret and gets a message a user sends to
// its domain.
func TestServeComponent(t *testing.T) {
	srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-direct-tls", "127.0.0.1:0", "-component-listen", "127.0.0.1:0",
		"-component", "echo.localhost=s3cret", "-component", "b.localhost=x", "-user", "alice:x", "-cert-out", t.TempDir()+"/ca.pem")
	srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
	out := srv.stdout.String()
	c := regexp.MustCompile(`components +(\S+) \(b\.localhost, echo\.localhost\)`).FindStringSubmatch(out)
	d := regexp.MustCompile(`direct TLS +(\S+)`).FindStringSubmatch(out)
	ca := regexp.MustCompile(`written to +(\S+)`).FindStringSubmatch(out)
	if c == nil || d == nil || ca == nil {
		t.Fatalf("serve printed:\n%s", out)
	}
	conn, err := net.Dial("tcp", c[1])
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sess, err := component.NewSession(ctx, jid.MustParse("echo.localhost"), "s3cret", conn, xmpp.Config{
		Handler: xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			if body, ok := st.Element.Child(component.NS, "body"); ok {
				got <- st.Header.From.Bare().String() + ": " + body.Text()
			}
			return nil
		})})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sess.Close(ctx) }()
	r := runCmd(t, "", "send", "-jid", "alice@localhost", "-password", "x", "-server", d[1], "-direct-tls", "-ca", ca[1], "-timeout", "5s", "bot@echo.localhost", "hi")
	if r.code != 0 {
		t.Fatalf("send: %s", r.stderr)
	}
	select {
	case s := <-got:
		if s != "alice@localhost: hi" {
			t.Errorf("component got %q", s)
		}
	case <-ctx.Done():
		t.Fatal("the component got nothing")
	}
	if code := srv.stop(t); code != 0 || !strings.Contains(srv.stderr.String(), "component connected") {
		t.Errorf("serve exited %d: %s", code, srv.stderr)
	}
}
