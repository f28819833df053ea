package bench

import (
	"cmp"
	"context"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// The embedded server's workload: clients log in over STARTTLS with
// SCRAM-SHA-256 at 4,096 iterations (the least RFC 7677 allows) and route
// messages to each other, client and server in one process.

// benchServer starts a server with accounts u0 … u(n-1) (password "pw"
// and the account's name), unshaped, since a benchmark floods.
func benchServer(tb testing.TB, accounts int) *server.Server {
	tb.Helper()
	srv, err := newBenchServer(accounts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return srv
}

// newBenchServer is benchServer for a caller that closes the server.
func newBenchServer(accounts int) (*server.Server, error) {
	return startBenchServer(benchConfig(accounts))
}

// benchConfig is the benchmark server's configuration.
func benchConfig(accounts int) server.Config {
	users := make(map[string]string, accounts)
	for i := range accounts {
		users[fmt.Sprint("u", i)] = fmt.Sprint("pw", i)
	}
	return server.Config{
		Domain:     "example.test",
		Users:      users,
		Mechanisms: []string{sasl.ScramSHA256},
		Iterations: 4096,
		ShapeRate:  1 << 30, ShapeBurst: 1 << 30,
		MaxUnauthenticatedPerAddr: 1 << 20, MaxUnauthenticated: 1 << 20,
		Logger: benchLogger(),
	}
}

// startBenchServer starts a server listening on loopback.
func startBenchServer(cfg server.Config) (*server.Server, error) {
	srv, err := server.New(cfg)
	if err != nil {
		return nil, err
	}
	if err := srv.Listen(context.Background(), "127.0.0.1:0"); err != nil {
		_ = srv.Close()
		return nil, err
	}
	return srv, nil
}

// benchLogger is the benchmark server's logger: silent unless
// CANTO_BENCH_LOG names a level (debug, info, warn, error), then text on
// standard error, so that a session the server ends in a run says why.
func benchLogger() *slog.Logger {
	v := os.Getenv("CANTO_BENCH_LOG")
	if v == "" {
		return nil
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(v)); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// scramCache is shared by every login of the benchmarks, as an application
// logging its accounts in again and again shares one: a login to an account
// seen before skips the client's PBKDF2.
var scramCache = sasl.NewSCRAMCache(0)

// benchLogin logs account u<i> in over STARTTLS with resource r.
func benchLogin(ctx context.Context, srv *server.Server, i int, r string, h xmpp.Handler) (*xmpp.Session, error) {
	return benchLoginWith(ctx, srv, i, r, xmpp.Config{Handler: h})
}

// benchLoginWith is benchLogin with the session's configuration.
func benchLoginWith(ctx context.Context, srv *server.Server, i int, r string, cfg xmpp.Config) (*xmpp.Session, error) {
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		return nil, err
	}
	j, err := jid.New(fmt.Sprint("u", i), "example.test", r)
	if err != nil {
		return nil, err
	}
	s, err := xmpp.NewClientSession(ctx, j, conn, cfg,
		xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()}),
		xmpp.SASLWith(sasl.ClientConfig{Password: fmt.Sprint("pw", i), Mechanisms: []string{sasl.ScramSHA256}, Cache: scramCache}),
		xmpp.BindResource())
	if err != nil {
		_ = conn.Close()
	}
	return s, err
}

// BenchmarkLoginTLS measures logins: TCP connect, STARTTLS, SCRAM-SHA-256
// at 4,096 iterations, resource binding and close, from 4 clients at once
// per core, logging 8 accounts in again and again. The server keeps the
// derived keys (StoredKey, ServerKey) and runs no PBKDF2 per login; the
// client keeps them too, in a sasl.SCRAMCache, after each account's first
// login. What is left is mostly the TLS handshake, paid on both sides
// since client and server share the machine.
func BenchmarkLoginTLS(b *testing.B) {
	srv := benchServer(b, 8)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(4)
	start, cpu := time.Now(), startCPU()
	var mu sync.Mutex
	next := 0
	b.RunParallel(func(pb *testing.PB) {
		mu.Lock()
		i := next % 8
		next++
		mu.Unlock()
		for n := 0; pb.Next(); n++ {
			s, err := benchLogin(ctx, srv, i, fmt.Sprint("r", n), nil)
			if err != nil {
				b.Error(err)
				return
			}
			cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_ = s.Close(cctx)
			cancel()
		}
	})
	b.StopTimer()
	cpu.report(b, b.N)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "logins/s")
}

// arrivals signals each message a client receives.
type arrivals chan struct{}

func (a arrivals) HandleXMPP(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind == stanza.KindMessage {
		a <- struct{}{}
	}
	return refuseRequest(st)
}

// refuseRequest answers an IQ request with service-unavailable, as
// RFC 6120 §8.2.3 asks of a client that does not serve it. The server
// pings a client it has not heard from for 30 seconds and ends its stream
// if no answer (an error will do) comes within 15: a benchmark client that
// left its pings unanswered was dropped mid-run once setting up its pairs
// took that long.
func refuseRequest(st *xmpp.Stanza) error {
	if st.Header.Kind == stanza.KindIQ && st.Header.IQType().IsRequest() {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	return nil
}

// BenchmarkRouteTLS measures messages routed through the server between
// pairs of clients over STARTTLS, one message in flight per pair: msgs/s in
// all, and the 50th and 99th percentile of the time from send to arrival.
// Each pair's sender sends a message to its receiver and waits for it to
// arrive before sending the next. pairs=1000 is the size the routing target
// is stated at; pairs=100 is the quick run. Client and server share the
// process, so the clients' cost is in the figures too. The sessions are set
// up once per size, outside the timer, and kept across the runs that
// scale b.N. BenchmarkFloorRouteTLS is its floor: the same bytes over the
// same TLS with no XML.
func BenchmarkRouteTLS(b *testing.B) {
	for _, n := range []int{100, 1000} {
		var env *routeEnv
		b.Run(fmt.Sprint("pairs=", n), func(b *testing.B) {
			if env == nil {
				var err error
				if env, err = newRouteEnv(n); err != nil {
					if env != nil {
						env.close()
					}
					b.Fatal(err)
				}
			}
			env.run(b)
		})
		if env != nil {
			env.close()
		}
	}
}

// bounces passes on the errors a sender gets back: a message the server
// could not deliver ends the benchmark at once, with its error, rather
// than when the run's context ends.
type bounces chan error

func (c bounces) HandleXMPP(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind == stanza.KindMessage && st.Header.IsError() {
		err, perr := stanza.ParseError(st.Element)
		if perr != nil {
			err.Condition = stanza.UndefinedCondition
		}
		select {
		case c <- err:
		default:
		}
	}
	return refuseRequest(st)
}

// routePair is one sender and its receiver.
type routePair struct {
	from, to *xmpp.Session
	in       arrivals
	errs     bounces
	msg      *benchMessage
}

// routeEnv is a server and its logged-in pairs.
type routeEnv struct {
	srv   *server.Server
	pairs []routePair
}

// routeLogins is how many logins newRouteEnv runs at once.
const routeLogins = 32

func newRouteEnv(n int) (*routeEnv, error) {
	srv, err := newBenchServer(2 * n)
	if err != nil {
		return nil, err
	}
	env := &routeEnv{srv: srv, pairs: make([]routePair, n)}
	err = forPairs(n, func(ctx context.Context, i int) error {
		p := &env.pairs[i]
		p.in, p.errs = make(arrivals, 1), make(bounces, 1)
		var err error
		if p.from, err = benchLogin(ctx, srv, 2*i, "bench", p.errs); err == nil {
			p.to, err = benchLogin(ctx, srv, 2*i+1, "bench", p.in)
		}
		if err != nil {
			return err
		}
		p.msg = &benchMessage{Message: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"},
			To: p.to.LocalAddr(), Type: stanza.ChatMessage}, Body: "hello"}
		return nil
	})
	return env, err
}

// forPairs runs set(ctx, i) for each of n pairs, routeLogins at once,
// and returns the first error.
func forPairs(n int, set func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, routeLogins)
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := set(ctx, i); err != nil {
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}

// close ends every session and the server.
func (env *routeEnv) close() {
	var wg sync.WaitGroup
	for _, p := range env.pairs {
		for _, s := range []*xmpp.Session{p.from, p.to} {
			if s != nil {
				wg.Go(func() {
					cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					_ = s.Close(cctx)
					cancel()
				})
			}
		}
	}
	wg.Wait()
	_ = env.srv.Close()
}

// run sends b.N messages spread over the pairs.
func (env *routeEnv) run(b *testing.B) {
	runPairs(b, len(env.pairs), func(ctx context.Context, i int) error {
		p := &env.pairs[i]
		p.msg.ID = stanza.NewID()
		if err := p.from.Send(ctx, p.msg); err != nil {
			// The session's own error says why it ended (a stream
			// error the server sent, say).
			return fmt.Errorf("%w (session: %v)", err, p.from.Err())
		}
		select {
		case <-p.in:
			return nil
		case err := <-p.errs:
			return fmt.Errorf("message bounced: %w", err)
		case <-ctx.Done():
			return errors.New("message lost")
		}
	})
}

// runPairs sends b.N messages spread over pairs pairs, each pair's one at
// a time through send, and reports the run (reportRoute).
func runPairs(b *testing.B, pairs int, send func(ctx context.Context, pair int) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	var failed sync.Once
	latencies := make([][]time.Duration, pairs)
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), startCPU()
	for i := range pairs {
		n := pairShare(b.N, pairs, i)
		if n == 0 {
			continue
		}
		wg.Go(func() {
			lat := make([]time.Duration, 0, n)
			for range n {
				t := time.Now()
				if err := send(ctx, i); err != nil {
					failed.Do(func() { b.Errorf("pair %d: %v", i, err) })
					return
				}
				lat = append(lat, time.Since(t))
			}
			latencies[i] = lat
		})
	}
	wg.Wait()
	b.StopTimer()
	reportRoute(b, start, cpu, latencies)
}

// reportRoute reports a routing run's metrics: cpu-ns/op, msgs/s and the
// 50th and 99th percentile of the latencies of all pairs.
func reportRoute(b *testing.B, start time.Time, cpu cpuClock, latencies [][]time.Duration) {
	cpu.report(b, b.N)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	all := slices.Concat(latencies...)
	if len(all) > 0 {
		slices.Sort(all)
		b.ReportMetric(float64(all[len(all)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds()), "p99-µs")
	}
}

// pairShare is how many of n messages pair i of pairs sends: n spread
// evenly, the first n%pairs pairs sending one more.
func pairShare(n, pairs, i int) int {
	share := n / pairs
	if i < n%pairs {
		share++
	}
	return share
}
