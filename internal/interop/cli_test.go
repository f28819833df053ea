package interop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// cli is the xmpp command (cmd/xmpp), built once per test run into a
// temporary directory that TestMain removes.
var cli struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// cliTimeout bounds one run of the command.
const cliTimeout = 30 * time.Second

// xmppCommand returns the path of the built command.
func xmppCommand(t testing.TB) string {
	t.Helper()
	path, err := builtCLI()
	if err != nil {
		t.Fatalf("building cmd/xmpp: %v", err)
	}
	return path
}

func buildCLI() error {
	goTool, err := goCommand()
	if err != nil {
		return err
	}
	gomod, err := exec.Command(goTool, "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	if cli.dir, err = os.MkdirTemp("", "canto-interop-cli-"); err != nil {
		return err
	}
	cli.path = filepath.Join(cli.dir, "xmpp")
	build := exec.Command(goTool, "build", "-o", cli.path, "./cmd/xmpp")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build in %s: %w\n%s", root, err, out)
	}
	return nil
}

// goCommand finds the go command: the one of the toolchain running the
// tests ($GOROOT, which go test sets), else the first on PATH.
func goCommand() (string, error) {
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("the go command is neither in $GOROOT/bin nor on PATH")
	}
	return p, nil
}

// removeCLI deletes the built command.
func removeCLI() {
	if cli.dir != "" {
		_ = os.RemoveAll(cli.dir)
	}
}

// cliRun is one finished run of the command.
type cliRun struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command with args to completion.
func runCLI(t testing.TB, args ...string) cliRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, xmppCommand(t), args...)
	var stdout, stderr rawLog
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := cliRun{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("xmpp %s: %v", args[0], err)
	}
	return r
}

// cliProcess is a run of the command in the background.
type cliProcess struct {
	cmd            *exec.Cmd
	stdout, stderr *rawLog
	done           chan struct{} // closed when the process has been reaped
	err            error         // of Wait, once done is closed
}

// startCLI starts the command; the test's cleanup ends it by its process
// id if it is still running.
func startCLI(t testing.TB, args ...string) *cliProcess {
	t.Helper()
	p := &cliProcess{cmd: exec.Command(xmppCommand(t), args...), stdout: &rawLog{}, stderr: &rawLog{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// waitStderr waits until the process has written want to standard error.
func (p *cliProcess) waitStderr(t testing.TB, want string) {
	t.Helper()
	deadline := time.After(cliTimeout)
	for !strings.Contains(p.stderr.String(), want) {
		select {
		case <-p.done:
			t.Fatalf("xmpp exited (%v) before writing %q:\n%s", p.err, want, p.stderr)
		case <-deadline:
			t.Fatalf("xmpp did not write %q:\n%s", want, p.stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// wait waits for the process to exit by itself and returns its status.
func (p *cliProcess) wait(t testing.TB) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(cliTimeout):
		t.Fatalf("xmpp did not finish; stdout:\n%s\nstderr:\n%s", p.stdout, p.stderr)
		return -1
	}
}
