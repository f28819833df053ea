package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

// passwords of the test server's accounts.
var passwords = map[string]string{"alice": "alice-secret", "bob": "bob-secret"}

// testServer runs a server for "localhost" with STARTTLS, direct TLS and
// WebSocket, and writes its certificate to a file for -ca.
type testServer struct {
	srv    *server.Server
	caFile string
}

func newTestServer(t *testing.T) testServer {
	t.Helper()
	srv, err := server.New(server.Config{Domain: "localhost", Users: passwords})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	if err := srv.Listen(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if err := srv.ListenDirectTLS(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if err := srv.ListenWebSocket(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, srv.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return testServer{srv: srv, caFile: ca}
}

// flags returns the client flags that log user in to the test server.
func (ts testServer) flags(user string) []string {
	return []string{"-jid", user + "@localhost", "-password", passwords[user],
		"-server", ts.srv.Addr().String(), "-ca", ts.caFile, "-timeout", "10s"}
}

// wsFlags returns the client flags that log user in to the test server
// over WebSocket.
func (ts testServer) wsFlags(user string) []string {
	return []string{"-jid", user + "@localhost", "-password", passwords[user],
		"-websocket", ts.srv.WebSocketURL(), "-ca", ts.caFile, "-timeout", "10s"}
}

// result is what a command printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// runCmd runs a command line to completion.
func runCmd(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := run(ctx, args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// background runs a long-running command until the test cancels it.
type background struct {
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

func startCmd(t *testing.T, args ...string) *background {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b := &background{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() { b.done <- run(ctx, args, strings.NewReader(""), b.stdout, b.stderr) }()
	t.Cleanup(func() { b.stop(t) })
	return b
}

// stop interrupts the command and returns its exit status.
func (b *background) stop(t *testing.T) int {
	t.Helper()
	b.cancel()
	select {
	case code := <-b.done:
		b.done <- code
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("command did not stop")
		return -1
	}
}

// wait waits for the command to exit by itself.
func (b *background) wait(t *testing.T) int {
	t.Helper()
	select {
	case code := <-b.done:
		b.done <- code
		return code
	case <-time.After(10 * time.Second):
		t.Fatalf("command did not finish; stdout:\n%s\nstderr:\n%s", b.stdout, b.stderr)
		return -1
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until the buffer contains sub.
func (s *syncBuffer) waitFor(t *testing.T, sub string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s.String(), sub) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in:\n%s", sub, s.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{[]string{"help"}, exitOK, "usage: xmpp COMMAND", ""},
		{nil, exitUsage, "", "usage: xmpp COMMAND"},
		{[]string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{[]string{"send", "-h"}, exitOK, "usage: xmpp send [flags] TO [TEXT...]", ""},
		{[]string{"listen", "-h"}, exitOK, "-count N", ""},
		{[]string{"ping", "-h"}, exitOK, "-insecure-skip-verify", ""},
		{[]string{"disco", "-h"}, exitOK, "-direct-tls", ""},
		{[]string{"listen", "-h"}, exitOK, "-websocket URL", ""},
		{[]string{"serve", "-h"}, exitOK, "-websocket ADDR", ""},
		{[]string{"echo", "-h"}, exitOK, "-password-file FILE", ""},
		{[]string{"serve", "-h"}, exitOK, "-cert-out FILE", ""},
		{[]string{"demo", "-h"}, exitOK, "usage: xmpp demo [-v]", ""},
		{[]string{"send", "-nosuchflag"}, exitUsage, "", "flag provided but not defined"},
		{[]string{"send"}, exitUsage, "", "missing TO"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runCmd(t, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.out) || !strings.Contains(r.stderr, tt.err) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// wsHost is the host:port of the test server's WebSocket listener.
func (ts testServer) wsHost() string { return ts.srv.WebSocketAddr().String() }
