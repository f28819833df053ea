package thirdparty

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
)

// TestCheckXMPPng runs the monitoring plugin check_xmppng (Debian
// nagios-check-xmppng) against the client port, with and without its
// STARTTLS check (it has no direct TLS), checking the certificate against
// the lab's CA.
func TestCheckXMPPng(t *testing.T) {
	const plugin = "/usr/lib/nagios/plugins/check_xmppng"
	need(t, "check_xmppng", "apt-get install nagios-check-xmppng", havePath(plugin) && havePython("defusedxml"))
	l := newLab(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"starttls", []string{"-p", port(l.srv.Addr()), "--starttls"}},
		{"plain-stream", []string{"-p", port(l.srv.Addr())}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{plugin, "-H", "127.0.0.1", "--c2s", "--servername", domain, "-r", l.ca}, tc.args...)
			// check_xmppng reads each answer for 100 ms only, which a
			// loaded machine (the race detector, parallel packages) can
			// miss: a run that saw part of the answer is tried again.
			var out []byte
			var err error
			for try := 0; try < 3; try++ {
				ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
				out, err = exec.CommandContext(ctx, systemPython, args...).CombinedOutput()
				cancel()
				if err == nil && strings.HasPrefix(string(out), "XMPP OK") {
					return
				}
				if !strings.Contains(string(out), "unexpected state") {
					break
				}
			}
			t.Fatalf("check_xmppng %s: %v\n%s", strings.Join(args[1:], " "), err, out)
		})
	}
}

// TestSendxmpp sends the message with Perl sendxmpp over STARTTLS, checking
// the certificate against the lab's CA.
func TestSendxmpp(t *testing.T) {
	bin, err := exec.LookPath("sendxmpp")
	need(t, "sendxmpp", "apt-get install sendxmpp", err == nil)
	l := newLab(t, "sendxmpp")
	u, p := user("sendxmpp")
	msg := filepath.Join(t.TempDir(), "msg")
	if err := os.WriteFile(msg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-t", "-a", l.ca, "-u", u, "-p", p,
		"-j", "127.0.0.1:"+port(l.srv.Addr()), "-o", domain, "--message-type", "chat", "-m", msg, l.echo.Bare().String())
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sendxmpp: %v\n%s", err, out)
	}
	l.expect(t, "sendxmpp", body)
}

// TestGoSendxmpp sends the message with go-sendxmpp (github.com/xmppo/go-xmpp)
// over STARTTLS and direct TLS, and receives one with its listen mode.
func TestGoSendxmpp(t *testing.T) {
	bin, err := exec.LookPath("go-sendxmpp")
	need(t, "go-sendxmpp", "apt-get install go-sendxmpp", err == nil)
	l := newLab(t, "gosendxmpp")
	u, p := user("gosendxmpp")
	env := append(os.Environ(), "SSL_CERT_FILE="+l.ca, "HOME="+t.TempDir())
	msg := filepath.Join(t.TempDir(), "msg")
	if err := os.WriteFile(msg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	account := []string{"-u", u + "@" + domain, "-p", p}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"starttls", []string{"-j", "localhost:" + port(l.srv.Addr())}},
		{"direct-tls", []string{"-t", "-j", "localhost:" + port(l.srv.DirectTLSAddr())}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
			defer cancel()
			args := append(append(append([]string{}, account...), tc.args...), "-m", msg, l.echo.Bare().String())
			cmd := exec.CommandContext(ctx, bin, args...)
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go-sendxmpp %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			l.expect(t, "gosendxmpp", body)
		})
	}
	t.Run("listen", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
		defer cancel()
		args := append(append([]string{}, account...), "-j", "localhost:"+port(l.srv.Addr()), "-r", "listen", "-l")
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = env
		cmd.WaitDelay = 5 * time.Second
		out := &lineBuffer{lines: make(chan string, 64)}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		defer func() {
			_ = cmd.Process.Kill()
			<-exited
		}()
		to := jid.MustParse(u + "@" + domain + "/listen")
		deadline := time.After(30 * time.Second)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		// Send until the listener is online and prints the message.
		l.send(t, to, body)
		for {
			select {
			case line := <-out.lines:
				if strings.Contains(line, body) {
					return
				}
			case err := <-exited:
				exited <- err
				t.Fatalf("go-sendxmpp -l exited (%v); output:\n%s", err, out.String())
			case <-tick.C:
				l.send(t, to, body)
			case <-deadline:
				t.Fatalf("go-sendxmpp -l printed no message; output:\n%s", out.String())
			}
		}
	})
}
