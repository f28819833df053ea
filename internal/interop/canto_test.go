package interop

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
)

// cantoFlavour runs Canto's own embedded server through the CLI's
// `xmpp serve` (cmd/xmpp), built once per test run (see buildCLI), so it
// needs nothing installed and never skips. Accounts and the component are
// given as flags; the certificate is the test's own, as for the others.
type cantoFlavour struct{}

// binaries is empty: the command is built from the module, with the go
// command that runs the tests.
func (cantoFlavour) binaries() []string { return nil }

// registersOffline is true: the accounts are -user flags of the command,
// so they exist as soon as it listens.
func (cantoFlavour) registersOffline() bool { return true }

func (cantoFlavour) register(context.Context, *server, string, string) error { return nil }

func (cantoFlavour) websocketPath() string { return "/xmpp-websocket" }

// logFiles are none: the server logs to standard error, in stdout.log.
func (cantoFlavour) logFiles(*server) []string { return nil }

// plainWebSocket is false: Canto serves WebSocket over HTTPS only, never
// over plain HTTP (a secure default; RFC 7395 §9 wants TLS).
func (cantoFlavour) plainWebSocket() bool { return false }

func (cantoFlavour) configure(s *server) (*exec.Cmd, error) {
	cmd, err := builtCLI()
	if err != nil {
		return nil, fmt.Errorf("building cmd/xmpp: %w", err)
	}
	certFile, keyFile, err := writePKI(filepath.Join(s.dir, "certs"))
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "-domain", domain,
		"-listen", addr(s.ports.c2s), "-direct-tls", addr(s.ports.directTLS), "-websocket", addr(s.ports.https),
		"-component", "component." + domain + "=" + s.componentSecret, "-component-listen", addr(s.ports.component),
		"-cert", certFile, "-key", keyFile,
		// HTTP upload (XEP-0363) over HTTPS on the port the others serve
		// plain HTTP on, taking 1 MiB as the others are configured to.
		"-upload-listen", addr(s.ports.http), "-upload-dir", filepath.Join(s.dir, "upload"), "-upload-max-size", "1048576",
		// The tests try wrong passwords on purpose, many times, all from
		// 127.0.0.1: the back-off would hold each for up to 5 s.
		"-insecure-no-login-backoff",
		// In-band registration (XEP-0077), as Prosody and ejabberd are
		// configured: TestRegister creates and removes an account.
		"-allow-registration"}
	names := make([]string, 0, len(s.accounts))
	for u := range s.accounts {
		names = append(names, u)
	}
	slices.Sort(names)
	for _, u := range names {
		args = append(args, "-user", u+":"+s.accounts[u])
	}
	return exec.Command(cmd, args...), nil
}

// builtCLI builds the command if no test has yet, and returns its path.
func builtCLI() (string, error) {
	cli.once.Do(func() { cli.err = buildCLI() })
	return cli.path, cli.err
}
