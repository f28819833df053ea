package interop

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	canto "github.com/canto-im/xmpp/server"
)

// embedded is Canto's own server (package server), run in the test's
// process on loopback with the same accounts, domain and certificate as
// the others: the third server of the tests of the services it has (PEP,
// message archives), so that one table checks the client packages against
// all three.
var embedded = &server{name: "canto", f: embeddedFlavour{}}

// serviceServers are the servers of the PEP and archive tests.
var serviceServers = []*server{prosody, ejabberd, embedded}

// eachServiceServer runs test against every server of serviceServers.
func eachServiceServer(t *testing.T, test func(t *testing.T, srv *server)) {
	for _, srv := range serviceServers {
		t.Run(srv.name, func(t *testing.T) { test(t, need(t, srv)) })
	}
}

// errInProcess is what the process-only methods of embeddedFlavour return.
var errInProcess = errors.New("interop: the embedded server runs in process")

// embeddedFlavour starts package server instead of a process.
type embeddedFlavour struct{}

func (embeddedFlavour) binaries() []string { return nil }
func (embeddedFlavour) configure(*server) (*exec.Cmd, error) {
	return nil, errInProcess
}
func (embeddedFlavour) register(context.Context, *server, string, string) error {
	return errInProcess
}
func (embeddedFlavour) registersOffline() bool    { return true }
func (embeddedFlavour) logFiles(*server) []string { return nil }
func (embeddedFlavour) websocketPath() string     { return "" }

// startInProcess starts the embedded server: its log (debug level) goes
// to stdout.log in s.dir, where the harness reads a failed test's logs.
func (embeddedFlavour) startInProcess(s *server) error {
	if err := loadPKI(); err != nil {
		return err
	}
	cert, err := tls.X509KeyPair(pki.certPEM, pki.keyPEM)
	if err != nil {
		return err
	}
	if s.dir, err = os.MkdirTemp("", "canto-interop-"+s.name+"-"); err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(s.dir, "stdout.log"))
	if err != nil {
		return err
	}
	s.accounts = make(map[string]string, len(users))
	for _, u := range users {
		s.accounts[u] = randomString()
	}
	srv, err := canto.New(canto.Config{Domain: domain, Users: s.accounts, Certificate: &cert,
		Logger: slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		_ = logFile.Close()
		return err
	}
	ctx := context.Background()
	if err := srv.Listen(ctx, net.JoinHostPort(loopback, "0")); err != nil {
		_ = srv.Close()
		_ = logFile.Close()
		return err
	}
	if err := srv.ListenDirectTLS(ctx, net.JoinHostPort(loopback, "0")); err != nil {
		_ = srv.Close()
		_ = logFile.Close()
		return err
	}
	s.ports.c2s = srv.Addr().(*net.TCPAddr).Port
	s.ports.directTLS = srv.DirectTLSAddr().(*net.TCPAddr).Port
	s.exited = make(chan struct{})
	s.inProcess = func() {
		_ = srv.Close()
		_ = logFile.Close()
		close(s.exited)
	}
	return nil
}
