package interop

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds a server's start: configuration, accounts, ports.
const startTimeout = 60 * time.Second

// errNotInstalled means a binary of the server's Debian package is missing.
var errNotInstalled = errors.New("interop: server not installed")

// A flavour is what differs between servers.
type flavour interface {
	// binaries are the executables the server needs.
	binaries() []string
	// configure writes the configuration into s.dir and returns the
	// command that runs the server in the foreground.
	configure(s *server) (*exec.Cmd, error)
	// register creates an account. It runs before the start when
	// registersOffline is true, after it otherwise.
	register(ctx context.Context, s *server, user, password string) error
	registersOffline() bool
	// logFiles are the server's own logs.
	logFiles(s *server) []string
	// websocketPath is where the server serves XMPP over WebSocket
	// (RFC 7395) on its HTTP port.
	websocketPath() string
}

// ports are a server's listeners, all on 127.0.0.1.
type ports struct {
	c2s       int // STARTTLS (RFC 6120)
	directTLS int // direct TLS (XEP-0368)
	component int // external components (XEP-0114)
	http      int // plain HTTP: WebSocket (RFC 7395), and ejabberd's API
	https     int // HTTPS: WebSocket over TLS
	dist      int // ejabberd's Erlang distribution (loopback only)
}

// byName names the ports for the configuration templates.
func (p ports) byName() map[string]int {
	return map[string]int{"C2S": p.c2s, "DirectTLS": p.directTLS, "Component": p.component,
		"HTTP": p.http, "HTTPS": p.https, "Dist": p.dist}
}

// server is one running XMPP server, shared by the tests that need it.
type server struct {
	name string // also the Debian package
	f    flavour

	once sync.Once
	err  error // why the start failed

	dir             string
	ports           ports
	componentSecret string
	accounts        map[string]string // user -> password
	cmd             *exec.Cmd
	exited          chan struct{} // closed when the process has been reaped
}

// users are the accounts every server gets. smalice and smbob are
// TestClientResumesUnderDrops's own: it turns their archiving off (see
// there), which no other test may find.
var users = []string{"alice", "bob", "carol", "smalice", "smbob"}

var (
	prosody  = &server{name: "prosody", f: prosodyFlavour{}}
	ejabberd = &server{name: "ejabberd", f: ejabberdFlavour{}}
	canto    = &server{name: "canto", f: cantoFlavour{}}
	servers  = []*server{prosody, ejabberd, canto}
)

// need starts s if no test has yet, and returns it running. It skips (or
// fails, see interopRequired) if the server is not installed, and puts
// what the server logged during the test into the test's log if the test
// fails.
func need(t testing.TB, s *server) *server {
	t.Helper()
	s.once.Do(func() { s.err = s.start() })
	switch {
	case errors.Is(s.err, errNotInstalled):
		skipOrFail(t, fmt.Sprintf("%v: install the Debian package: apt-get install %s", s.err, s.name))
	case s.err != nil:
		t.Fatalf("starting %s: %v\n%s", s.name, s.err, s.logsSince(nil))
	}
	select {
	case <-s.exited:
		t.Fatalf("%s is no longer running\n%s", s.name, s.logsSince(nil))
	default:
	}
	mark := s.logSizes()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s logged during the test:\n%s", s.name, s.logsSince(mark))
		}
	})
	return s
}

// start configures and starts the server and creates its accounts. A
// server whose logs say that a port was taken is started again on other
// ports: freePorts can only say that they were free a moment before the
// server binds them, and in that moment another process (a test of
// another package, run alongside) may take one, for a listener or as the
// local port of a connection it makes. ejabberd and the embedded server
// exit then; Prosody keeps running without the port, so it is stopped
// first, even if its other ports answered (another listener may answer on
// the taken one).
func (s *server) start() error {
	for _, b := range s.f.binaries() {
		if _, err := exec.LookPath(b); err != nil {
			return fmt.Errorf("%w: %s not found", errNotInstalled, b)
		}
	}
	for attempt := 1; ; attempt++ {
		err := s.startOnce()
		if attempt == startAttempts || !s.portTaken() {
			return err
		}
		s.stop()
		s.cmd = nil
		_ = os.RemoveAll(s.dir)
	}
}

// startAttempts bounds how many times start tries (see there).
const startAttempts = 3

// portTaken reports whether the server's logs say that an address it was
// to listen on was in use.
func (s *server) portTaken() bool {
	if s.dir == "" {
		return false
	}
	logs := strings.ToLower(s.logsSince(nil))
	return strings.Contains(logs, "address already in use") || strings.Contains(logs, "eaddrinuse") ||
		strings.Contains(logs, "port is in use") // Prosody
}

// startOnce is one attempt of start, in a directory and on ports of its
// own.
func (s *server) startOnce() error {
	s.exited = nil
	dir, err := os.MkdirTemp("", "canto-interop-"+s.name+"-")
	if err != nil {
		return err
	}
	s.dir = dir
	p, err := freePorts(6)
	if err != nil {
		return err
	}
	s.ports = ports{c2s: p[0], directTLS: p[1], component: p[2], http: p[3], https: p[4], dist: p[5]}
	s.componentSecret = randomString()
	s.accounts = make(map[string]string, len(users))
	for _, u := range users {
		s.accounts[u] = randomString()
	}
	cmd, err := s.f.configure(s)
	if err != nil {
		return fmt.Errorf("configuring: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if s.f.registersOffline() {
		if err := s.registerAll(ctx); err != nil {
			return err
		}
	}
	if err := s.run(cmd); err != nil {
		return err
	}
	err = waitListening(ctx, s.exited, s.listening()...)
	if err != nil {
		return err
	}
	if !s.f.registersOffline() {
		return s.registerAll(ctx)
	}
	return nil
}

// listening are the ports the server listens on: all but the Erlang
// distribution's. The HTTP port serves WebSocket and uploads over plain
// HTTP for Prosody and ejabberd, uploads over HTTPS for Canto.
func (s *server) listening() []int {
	return []int{s.ports.c2s, s.ports.directTLS, s.ports.component, s.ports.https, s.ports.http}
}

// plainWebSocket reports whether the server serves WebSocket over plain
// HTTP too (on ports.http), as Prosody and ejabberd do.
func (s *server) plainWebSocket() bool {
	f, ok := s.f.(interface{ plainWebSocket() bool })
	return !ok || f.plainWebSocket()
}

// run starts the server process with its output in stdout.log.
func (s *server) run(cmd *exec.Cmd) error {
	out, err := os.Create(filepath.Join(s.dir, "stdout.log"))
	if err != nil {
		return err
	}
	defer out.Close() // the child has its own copy
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	s.exited = make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	return nil
}

// registerAll creates every account, in parallel.
func (s *server) registerAll(ctx context.Context) error {
	errs := make([]error, len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() { errs[i] = s.f.register(ctx, s, u, s.accounts[u]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("registering accounts: %w", err)
	}
	return nil
}

// stop ends the server by its process id (SIGTERM, then SIGKILL) and
// removes its directory.
func (s *server) stop() {
	if s.cmd != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	if s.dir != "" && os.Getenv("CANTO_INTEROP_KEEP") == "" {
		_ = os.RemoveAll(s.dir)
	}
}

// stopServers stops every server a test started.
func stopServers() {
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Go(s.stop)
	}
	wg.Wait()
}

func randomString() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
