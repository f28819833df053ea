package thirdparty

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// clientTimeout bounds one run of a third-party client.
const clientTimeout = 60 * time.Second

// need skips the test when the program is missing, or fails it when
// CANTO_REQUIRE_INTEROP is set (as .ci/run does, after installing them).
func need(t *testing.T, what, install string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CANTO_REQUIRE_INTEROP") != "" {
		t.Fatalf("%s is missing (%s) and CANTO_REQUIRE_INTEROP is set", what, install)
	}
	t.Skipf("%s is missing (%s); set CANTO_REQUIRE_INTEROP to make this a failure", what, install)
}

// havePath reports whether file exists.
func havePath(file string) bool {
	_, err := os.Stat(file)
	return err == nil
}

// systemPython is Debian's Python, where the python3-* packages are (the
// python3 first on PATH may be another one).
const systemPython = "/usr/bin/python3"

// havePython reports whether the system Python imports module.
func havePython(module string) bool {
	return exec.Command(systemPython, "-c", "import "+module).Run() == nil
}

// run runs a client to completion and fails the test unless it exits 0
// and prints a line "OK".
func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil || !hasLine(string(out), "OK") {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func hasLine(out, line string) bool {
	for l := range strings.Lines(out) {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

// scriptArgs are the arguments every client script takes, in order.
func (l *lab) scriptArgs(client, host, port, mode string) []string {
	u, p := user(client)
	return []string{host, port, domain, u, p, l.ca, l.echo.Bare().String(), mode}
}

// scriptEnv passes the message body through the environment, out of reach
// of any quoting.
func scriptEnv() []string {
	return []string{"CANTO_BODY=" + body, "CANTO_ECHO_PREFIX=" + echoPrefix}
}
