package server_test

import (
	"bufio"
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
)

// TestLoad_IdleSessionMemory measures what an idle session costs the
// server: CANTO_LOAD=rss opens 10,000 sessions (CANTO_LOAD_SESSIONS
// overrides) from a child process, so that the clients' memory is not
// counted, and reports the growth of the server process's resident set
// per session. It is a measurement, not a check: it runs only on demand.
func TestLoad_IdleSessionMemory(t *testing.T) {
	if os.Getenv("CANTO_LOAD") != "rss" {
		t.Skip("set CANTO_LOAD=rss to measure")
	}
	if os.Getenv("CANTO_LOAD_HEAPPROFILE") != "" {
		// Every allocation sampled, so that the profile accounts for
		// each session's few hundred bytes rather than a 512 KiB sample.
		runtime.MemProfileRate = 1
	}
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("CANTO_LOAD_SESSIONS")); err == nil {
		n = v
	}
	const accounts = 10
	users := map[string]string{}
	for i := range accounts {
		users[fmt.Sprint("u", i)] = fmt.Sprint("pw", i)
	}
	srv := newServer(t, server.Config{Users: users, MaxResources: n/accounts + 1})
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	if err := os.WriteFile(certFile, srv.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	before := settledRSS()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoad_HelperClients$")
	cmd.Env = append(os.Environ(), "CANTO_LOAD_HELPER="+srv.Addr().String(), "CANTO_LOAD_CERT="+certFile,
		fmt.Sprint("CANTO_LOAD_N=", n), fmt.Sprint("CANTO_LOAD_ACCOUNTS=", accounts))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	}()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && sc.Text() != "ready" {
	}
	time.Sleep(2 * time.Second)
	after := settledRSS()
	if f := os.Getenv("CANTO_LOAD_HEAPPROFILE"); f != "" {
		if out, err := os.Create(f); err == nil {
			_ = pprof.WriteHeapProfile(out)
			_ = out.Close()
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap in use %d KiB, stacks %d KiB, heap objects %d", ms.HeapInuse>>10, ms.StackInuse>>10, ms.HeapObjects)
	t.Logf("%d idle sessions: server RSS %d KiB → %d KiB, %.1f KiB per session; %d goroutines",
		n, before>>10, after>>10, float64(after-before)/float64(n)/1024, runtime.NumGoroutine())
}

// settledRSS returns the process's resident set after a collection.
func settledRSS() int64 {
	runtime.GC()
	debug.FreeOSMemory()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestLoad_HelperClients is the child process of
// TestLoad_IdleSessionMemory: it logs in the clients, says "ready" and
// holds them until its standard input closes.
func TestLoad_HelperClients(t *testing.T) {
	addr := os.Getenv("CANTO_LOAD_HELPER")
	if addr == "" {
		t.Skip("a helper process")
	}
	pem, err := os.ReadFile(os.Getenv("CANTO_LOAD_CERT"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	n, _ := strconv.Atoi(os.Getenv("CANTO_LOAD_N"))
	accounts, _ := strconv.Atoi(os.Getenv("CANTO_LOAD_ACCOUNTS"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	clients := make([]*counter, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				a := i % accounts
				c, err := dialCounterAt(ctx, addr, "example.test", roots, fmt.Sprint("u", a), fmt.Sprint("pw", a), fmt.Sprint("r", i))
				if err != nil {
					t.Error(err)
					return
				}
				clients[i] = c
			}
		})
	}
	wg.Wait()
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	for _, c := range clients {
		if c != nil {
			_ = c.conn.Close()
		}
	}
}
