package server_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// loadSize is the shape of a load test run.
type loadSize struct {
	sessions, slow, hostile int
	p99                     time.Duration // the latency to stay under
	perAccount              int           // resources per account
	duration                time.Duration // of the traffic
	rate                    time.Duration // between two messages of a normal user
	hostileMessages         int           // each hostile user's flood, at most

	// hops: in the small runs, p99 may exceed the bound by this many
	// times the longest scheduling lag the process saw meanwhile
	// (lagProbe): there the latency is checked against the server's
	// stalls, not the machine's. Zero in the acceptance run.
	hops int
}

// loadSizeFor: CANTO_LOAD=full runs the acceptance size (2,000 sessions, 10
// slow readers, 10 hostile users, p99 under 50 ms); by default a tenth of
// it runs, so that `go test ./...` stays fast and CI runs it every time.
// The small runs check the accounting exactly but the latency only
// against stalls (under a second, plus what the machine's own stalls
// explain: see loadSize.hops): on a shared CI machine the scheduler, not
// the server, decides a small run's tail.
func loadSizeFor(t *testing.T) loadSize {
	size := loadSizeOf()
	// CANTO_LOAD_SLOW and CANTO_LOAD_HOSTILE override the counts, to
	// compare a run with a quiet one.
	if v, err := strconv.Atoi(os.Getenv("CANTO_LOAD_SLOW")); err == nil {
		size.slow = v
	}
	if v, err := strconv.Atoi(os.Getenv("CANTO_LOAD_HOSTILE")); err == nil {
		size.hostile = v
	}
	return size
}

func loadSizeOf() loadSize {
	switch {
	case os.Getenv("CANTO_LOAD") == "full":
		return loadSize{sessions: 2000, slow: 10, hostile: 10, perAccount: 50, duration: 5 * time.Second, rate: time.Second, hostileMessages: 20000, p99: 50 * time.Millisecond}
	case testing.Short():
		return loadSize{sessions: 60, slow: 2, hostile: 2, perAccount: 20, duration: time.Second, rate: 100 * time.Millisecond, hostileMessages: 2000, p99: time.Second, hops: 4}
	}
	return loadSize{sessions: 200, slow: 4, hostile: 4, perAccount: 50, duration: 2 * time.Second, rate: 200 * time.Millisecond, hostileMessages: 5000, p99: time.Second, hops: 4}
}

// TestFault_Load: many sessions on loopback, among them slow readers that
// stop reading and hostile users that flood messages and subscription
// requests. The others' messages keep a low p99 latency, and every
// message a normal user sent is delivered or bounced: sent = delivered +
// bounced, once the slow readers read again.
func TestFault_Load(t *testing.T) {
	size := loadSizeFor(t)
	users := map[string]string{}
	for i := range (size.sessions + size.perAccount - 1) / size.perAccount {
		users[fmt.Sprint("u", i)] = fmt.Sprint("pw", i)
	}
	srv := newServer(t, server.Config{Users: users, MaxResources: size.perAccount})

	begin := time.Now()
	// Log in, a few at a time.
	clients := make([]*counter, size.sessions)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for range 8 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= size.sessions {
					return
				}
				acct := i / size.perAccount
				c, err := dialCounter(ctx, srv, fmt.Sprint("u", acct), fmt.Sprint("pw", acct), fmt.Sprint("r", i))
				if err != nil {
					errs <- err
					return
				}
				clients[i] = c
			}
		})
	}
	wg.Wait()
	t.Logf("logged in after %v", time.Since(begin))
	close(errs)
	for err := range errs {
		t.Fatalf("login: %v", err)
	}
	t.Cleanup(func() {
		var wg sync.WaitGroup
		for i, c := range clients {
			if i >= size.slow && i < size.slow+size.hostile {
				// Its sends still wait for the server: no clean close.
				_ = c.conn.Close()
				continue
			}
			wg.Go(c.close)
		}
		wg.Wait()
	})
	slow := clients[:size.slow]
	hostile := clients[size.slow : size.slow+size.hostile]
	normal := clients[size.slow+size.hostile:]

	var latMu sync.Mutex
	var lat []time.Duration
	var collecting atomic.Bool
	collecting.Store(true)
	for _, c := range append(slices.Clone(normal), slow...) {
		c.onMsg = func(d time.Duration) {
			if !collecting.Load() {
				return
			}
			latMu.Lock()
			lat = append(lat, d)
			latMu.Unlock()
		}
	}
	for _, c := range slow {
		c.stall()
	}
	targets := append(slices.Clone(normal), slow...)

	probe := startLagProbe()
	flood := strings.Repeat("flood ", 4<<10/6)
	stop := time.Now().Add(size.duration)
	var sent atomic.Int64
	// A hostile user's sends wait for the server to read (it paces them):
	// they are given up at the end of the traffic.
	hctx, hcancel := context.WithDeadline(ctx, stop)
	defer hcancel()
	for _, c := range hostile {
		// The hostile clients run in this process: small socket buffers
		// keep what they encode ahead of the server's pace (and so the CPU
		// they take from everyone here, unlike remote clients) small.
		_ = c.conn.Conn.(*net.TCPConn).SetWriteBuffer(16 << 10)
	}
	for _, c := range hostile {
		wg.Go(func() {
			for i := range size.hostileMessages {
				if time.Now().After(stop) {
					return
				}
				var err error
				switch {
				case i%4 == 0 && len(slow) > 0:
					// Fill the slow readers' queues: the normal users'
					// messages to them are bounced from then on.
					err = c.chat(hctx, slow[rand.IntN(len(slow))].jid, flood)
				case i%4 <= 1:
					err = c.chat(hctx, targets[rand.IntN(len(targets))].jid, "flood")
				default:
					to := jid.MustParse(fmt.Sprintf("nobody%d@%s", i, srv.Domain()))
					err = c.sess.Send(hctx, presenceTo(to, stanza.SubscribePresence))
				}
				if err != nil {
					return // the server may end a hostile stream
				}
			}
		})
	}
	for _, c := range normal {
		wg.Go(func() {
			// Spread the users' sends over the interval.
			time.Sleep(rand.N(size.rate))
			tick := time.NewTicker(size.rate)
			defer tick.Stop()
			for time.Now().Before(stop) {
				to := targets[rand.IntN(len(targets))].jid
				if err := c.chat(ctx, to, time.Now().Format(time.RFC3339Nano)); err != nil {
					t.Errorf("%s: %v", c.jid, err)
					return
				}
				sent.Add(1)
				<-tick.C
			}
		})
	}
	wg.Wait()
	lag := probe.end()
	t.Logf("traffic over after %v; the longest scheduling lag %v", time.Since(begin), lag)
	// Latency of what was delivered during the traffic (the slow readers'
	// messages wait until they read: they are not counted).
	collecting.Store(false)
	latMu.Lock()
	during := slices.Clone(lat)
	latMu.Unlock()
	for _, c := range slow {
		c.resume()
	}

	total := func() (delivered, bounced int64) {
		for _, c := range targets {
			delivered += c.timed.Load()
		}
		for _, c := range normal {
			bounced += c.errors.Load()
		}
		return delivered, bounced
	}
	settle(t, time.Minute, "sent = delivered + bounced", func() bool {
		d, b := total()
		return d+b == sent.Load()
	})
	t.Logf("settled after %v", time.Since(begin))
	d, b := total()
	var hb, hs int64
	for _, c := range hostile {
		hb += c.errors.Load()
	}
	for _, c := range slow {
		hs += c.messages.Load()
	}
	t.Logf("hostile users' messages bounced: %d; the slow readers got %d messages", hb, hs)
	slices.Sort(during)
	p := func(q float64) time.Duration {
		if len(during) == 0 {
			return 0
		}
		return during[min(len(during)-1, int(q*float64(len(during))))]
	}
	t.Logf("%d sessions (%d slow, %d hostile): normal users sent %d, delivered %d, bounced %d; latency p50 %v p99 %v max %v",
		size.sessions, size.slow, size.hostile, sent.Load(), d, b, p(0.5), p(0.99), p(1))
	want := size.p99 + time.Duration(size.hops)*lag
	if p99 := p(0.99); p99 > want && !raceEnabled {
		t.Errorf("p99 latency %v, want under %v (%v + %d × the longest scheduling lag, %v)", p99, want, size.p99, size.hops, lag)
	}
}
