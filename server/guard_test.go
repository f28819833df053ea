package server_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
)

// logBuffer collects a server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// waitLog waits until the log holds a line with every fragment.
func (l *logBuffer) waitLog(t *testing.T, fragments ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(l.String(), "\n") {
			if containsAll(line, fragments) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no log line with %q; log:\n%s", fragments, l.String())
}

// failingListener fails its first n Accepts with err, then accepts.
type failingListener struct {
	net.Listener
	mu  sync.Mutex
	n   int
	err error
}

func (l *failingListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	if l.n > 0 {
		l.n--
		l.mu.Unlock()
		return nil, l.err
	}
	l.mu.Unlock()
	return l.Listener.Accept()
}

// TestFault_AcceptOutOfDescriptors: when descriptors run out, Accept fails
// with EMFILE (or ENFILE, ENOBUFS...) until connections close. The accept
// loop must wait and go on, logging it, instead of stopping for good.
func TestFault_AcceptOutOfDescriptors(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ECONNABORTED} {
		t.Run(errno.Error(), func(t *testing.T) {
			var logs logBuffer
			srv, err := server.New(server.Config{Domain: "example.test", Users: testUsers, Logger: logs.logger()})
			if err != nil {
				t.Fatal(err)
			}
			real, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			ln := &failingListener{Listener: real, n: 4,
				err: &net.OpError{Op: "accept", Net: "tcp", Addr: real.Addr(), Err: os.NewSyscallError("accept", errno)}}
			served := make(chan error, 1)
			go func() { served <- srv.Serve(ln) }()
			defer func() {
				_ = srv.Close()
				if err := <-served; !errors.Is(err, server.ErrClosed) {
					t.Errorf("Serve returned %v, want ErrClosed", err)
				}
			}()
			for srv.Addr() == nil {
				time.Sleep(time.Millisecond) // until Serve has recorded ln
			}
			c := login(t, srv, "alice", "phone")
			c.close()
			logs.waitLog(t, "level=WARN", "accept failed", errno.Error())
		})
	}
}

// dialFrom opens a TCP connection to addr from the loopback address ip,
// skipping the test where the system does not route it.
func dialFrom(t *testing.T, ip, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Skipf("cannot dial from %s: %v", ip, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// closedByServer reports whether the server closed conn within wait
// (rather than leaving it open, waiting for the client to negotiate).
func closedByServer(t *testing.T, conn net.Conn, wait time.Duration) bool {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(wait))
	_, err := conn.Read(make([]byte, 1))
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return err != nil
}

// TestBadInput_IdleConnectionsFromOneAddress: connections that never
// negotiate are capped per source address and in total, below the
// descriptor limit, so that one client cannot starve the process of
// descriptors; the refusals are logged and counted, and other addresses
// are still served.
func TestBadInput_IdleConnectionsFromOneAddress(t *testing.T) {
	var logs logBuffer
	srv := newServer(t, server.Config{Logger: logs.logger(), MaxUnauthenticated: 12, MaxUnauthenticatedPerAddr: 8})
	addr := srv.Addr().String()
	var kept, refused []net.Conn
	for range 8 {
		kept = append(kept, dialFrom(t, "127.0.0.1", addr))
	}
	for range 5 {
		refused = append(refused, dialFrom(t, "127.0.0.1", addr))
	}
	for range 4 {
		kept = append(kept, dialFrom(t, "127.0.0.3", addr))
	}
	refused = append(refused, dialFrom(t, "127.0.0.4", addr)) // over the total
	for i, c := range refused {
		if !closedByServer(t, c, 2*time.Second) {
			t.Errorf("connection %d over the caps was left open", i)
		}
	}
	for i, c := range kept {
		if closedByServer(t, c, 100*time.Millisecond) {
			t.Errorf("connection %d within the caps was closed", i)
		}
	}
	if got := srv.GuardStats().RefusedConnections; got != uint64(len(refused)) {
		t.Errorf("RefusedConnections = %d, want %d", got, len(refused))
	}
	logs.waitLog(t, "level=WARN", "connection refused", "remote=127.0.0.1:", "from this address")

	// Closing idle connections makes room again.
	for _, c := range kept[8:] {
		_ = c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := dialFrom(t, "127.0.0.4", addr)
		if !closedByServer(t, c, 200*time.Millisecond) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slots of closed idle connections were not released")
		}
	}
}

// TestBadInput_PasswordGuessingBacksOff: each consecutive failed login for
// an account, or from an address, waits longer for its failure reply (and
// is logged at Warn with the remote address); a right password is never
// delayed, so the guessing does not lock the account's owner out.
func TestBadInput_PasswordGuessingBacksOff(t *testing.T) {
	const base = 80 * time.Millisecond
	var logs logBuffer
	srv := newServer(t, server.Config{Logger: logs.logger()})
	server.SetLoginBackoff(srv, base, 8*base)
	var took []time.Duration
	for range 5 {
		start := time.Now()
		_, err := tryLogin(srv, "alice", "guess", "x")
		took = append(took, time.Since(start))
		if !errors.Is(err, sasl.ErrNotAuthorized) {
			t.Fatalf("wrong password: err = %v", err)
		}
	}
	for i, d := range took {
		want := min(base<<i, 8*base)
		if d < want {
			t.Errorf("failure %d answered after %v, want at least %v (all: %v)", i+1, d, want, took)
		}
	}
	logs.waitLog(t, "level=WARN", "login failed", "remote=127.0.0.1:", "user=alice", "failures=5")
	if got := srv.GuardStats().FailedLogins; got != 5 {
		t.Errorf("FailedLogins = %d, want 5", got)
	}

	// The owner still gets in at once.
	start := time.Now()
	c, err := tryLogin(srv, "alice", testUsers["alice"], "phone")
	if err != nil {
		t.Fatal(err)
	}
	c.t = t
	c.close()
	if d := time.Since(start); d >= 8*base {
		t.Errorf("the right password waited %v", d)
	}
}
