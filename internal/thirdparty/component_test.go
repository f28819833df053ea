package thirdparty

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
)

// TestSlixmppComponent runs a slixmpp external component (XEP-0114,
// slixmpp.ComponentXMPP) against the server's component listener, as
// `xmpp serve -component` opens it: it finds itself in the server's
// disco#items and exchanges messages both ways with the Canto client.
func TestSlixmppComponent(t *testing.T) {
	need(t, "slixmpp", "apt-get install python3-slixmpp", havePython("slixmpp"))
	const comp, secret = "component.localhost", "pw-component"
	srv, err := server.New(server.Config{Domain: domain, Users: map[string]string{"canto": "pw-canto"},
		Components: map[string]string{comp: secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ctx := context.Background()
	if err := srv.Listen(ctx, "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if err := srv.ListenComponents(ctx, "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	l := &lab{srv: srv, ca: filepath.Join(t.TempDir(), "ca.pem"), got: make(chan received, 16)}
	if err := os.WriteFile(l.ca, srv.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	l.startEcho(t)

	// The Canto side runs beside the script, which run waits for.
	side := make(chan error, 1)
	go func() { side <- l.talkWithComponent(comp) }()
	run(t, scriptEnv(), systemPython, "testdata/slixmpp_component.py",
		"127.0.0.1", port(srv.ComponentAddr()), comp, secret, domain, l.echo.Bare().String())
	if err := <-side; err != nil {
		t.Fatal(err)
	}
}

// talkWithComponent expects the component's message (which the echo
// answers), sends it one and expects its answer.
func (l *lab) talkWithComponent(comp string) error {
	want := func(from, text string) error {
		select {
		case r := <-l.got:
			if r.from.String() != from || r.body != text {
				return fmt.Errorf("the Canto client got %q from %s; want %q from %s", r.body, r.from, text, from)
			}
			return nil
		case <-time.After(clientTimeout):
			return fmt.Errorf("the Canto client got no %q from %s", text, from)
		}
	}
	if err := want("bot@"+comp, body); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.canto.Send(ctx, chat{to: jid.MustParse("greeter@" + comp), body: "hello"}); err != nil {
		return err
	}
	return want("greeter@"+comp, "re: hello")
}
