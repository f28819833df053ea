package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// faultSizes returns the number of connection kills and of messages each
// way: 40 and 3,000 by default (about 20 s, for every test run), fewer
// with -short or the race detector, and whatever CANTO_FAULT_KILLS and CANTO_FAULT_MESSAGES say
// for the full run by hand (CANTO_FAULT_KILLS=100
// CANTO_FAULT_MESSAGES=10000: about 80 s on two cores). With
// CANTO_FAULT_LATE_PRESENCE set, bob's initial presence is sent during
// the exchange: alice's first messages go through offline storage.
func faultSizes(t *testing.T) (kills, messages int) {
	kills, messages = 40, 3_000
	if testing.Short() || raceEnabled {
		kills, messages = 20, 1_000
	}
	for env, v := range map[string]*int{"CANTO_FAULT_KILLS": &kills, "CANTO_FAULT_MESSAGES": &messages} {
		if s := os.Getenv(env); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				t.Fatalf("%s=%q", env, s)
			}
			*v = n
		}
	}
	return kills, messages
}

// inboxOf records the numbered messages a client receives from one peer.
type inboxOf struct {
	mu    sync.Mutex
	from  string
	got   []int
	other int      // stanzas that are not the peer's numbered messages
	bad   []string // the peer's messages whose number could not be read
	errs  []string // the first error stanzas received (bounces)
	// bounced counts error messages: messages of this client's that the
	// server returned (received by the sender's inbox).
	bounced int
	all     chan struct{}
	want    int
}

func newInboxOf(from string, want int) *inboxOf {
	return &inboxOf{from: from, want: want, all: make(chan struct{})}
}

func (in *inboxOf) HandleXMPP(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage || st.Header.From.Localpart() != in.from || st.Header.IsError() {
		in.mu.Lock()
		in.other++
		if st.Header.Kind == stanza.KindMessage && st.Header.IsError() {
			in.bounced++
		}
		if st.Header.IsError() && len(in.errs) < 5 {
			raw, err := xmpptest.MarshalString(stanza.NSClient, st.Element)
			if err != nil {
				raw = err.Error()
			}
			in.errs = append(in.errs, raw) // a bounce: which message, and why
		}
		in.mu.Unlock()
		return nil
	}
	m, err := message.Parse(st.Element)
	var n int
	if err == nil {
		n, err = strconv.Atoi(strings.TrimPrefix(m.Body(""), "n"))
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if err != nil {
		// Counted as lost; kept to tell a mangled element from a loss.
		raw, _ := xmpptest.MarshalString(stanza.NSClient, st.Element)
		in.bad = append(in.bad, fmt.Sprintf("%v: %s", err, raw))
		return nil
	}
	in.got = append(in.got, n)
	if len(in.got) == in.want {
		close(in.all)
	}
	return nil
}

// missing returns the numbers in 1..want never received.
func (in *inboxOf) missing() []int {
	in.mu.Lock()
	defer in.mu.Unlock()
	seen := make(map[int]bool, len(in.got))
	for _, n := range in.got {
		seen[n] = true
	}
	var out []int
	for i := 1; i <= in.want; i++ {
		if !seen[i] {
			out = append(out, i)
		}
	}
	return out
}

// check counts what is missing, duplicated and out of order in 1..want.
func (in *inboxOf) check() (lost, dup, disorder int) {
	in.mu.Lock()
	defer in.mu.Unlock()
	seen := make(map[int]int, len(in.got))
	last := 0
	for _, n := range in.got {
		seen[n]++
		if seen[n] == 2 {
			dup++
		}
		if n < last {
			disorder++
		}
		last = max(last, n)
	}
	for i := 1; i <= in.want; i++ {
		if seen[i] == 0 {
			lost++
		}
	}
	return lost, dup, disorder
}

// presenceHandled returns once the server has handled c's initial
// presence: c's Online event only says that it was sent. The server
// handles a stream's stanzas in order, so the answer to a ping sent after
// the presence on the same stream comes after the presence was handled.
func presenceHandled(ctx context.Context, t *testing.T, c *Client) {
	t.Helper()
	s, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ping.Send(ctx, s, jid.JID{}); err != nil {
		t.Fatalf("%v: ping after the initial presence: %v", c.Addr(), err)
	}
}

// pingUntilKilled pings the server from c until f counts a kill more than
// before (the connection armed to die has carried its last bytes), for at
// most a few seconds.
func pingUntilKilled(ctx context.Context, c *Client, f *faults, before int) {
	for end := time.Now().Add(5 * time.Second); f.count() == before && ctx.Err() == nil && time.Now().Before(end); {
		pctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		if s, err := c.Session(pctx); err == nil {
			_, _ = ping.Send(pctx, s, jid.JID{}) // fails when the cut comes: that is the point
		}
		cancel()
	}
}

// latePresence is the InitialPresence of a client of TestFaultInjection:
// with late set, its first session sends none (sendLatePresence sends it
// during the exchange, so that what its peer sends first goes to offline
// storage and is delivered under the kills); later fresh sessions send
// the default one.
func latePresence(late bool) func() xmlstream.Marshaler {
	if !late {
		return nil
	}
	var first atomic.Bool
	return func() xmlstream.Marshaler {
		if !first.Swap(true) {
			return nil
		}
		return available{}
	}
}

// sendLatePresence sends c's initial presence a few milliseconds into the
// exchange, again while stream management refuses it (c's own messages
// fill its queue of unacknowledged stanzas).
func sendLatePresence(ctx context.Context, log *faultLog, c *Client) {
	time.Sleep(time.Duration(5+time.Now().UnixNano()%40) * time.Millisecond)
	for {
		s, err := c.Session(ctx)
		if err != nil {
			return
		}
		if err = s.Send(ctx, sm.Unreported(available{})); err == nil {
			return
		}
		log.logf("%v: late presence: %v", c.Addr(), err)
		time.Sleep(time.Millisecond)
	}
}

// TestFaultInjection is the acceptance test of stream resumption: two
// clients exchange numbered messages through the embedded server, each way,
// while their TCP connections are killed at random points (inside a
// stanza, inside an acknowledgement, during the negotiation and
// resumption of the next connection). Every message must arrive exactly
// once and in order.
func TestFaultInjection(t *testing.T) {
	kills, messages := faultSizes(t)
	cert := testCert()
	diag := &faultLog{}
	debug := os.Getenv("CANTO_FAULT_DEBUG") != ""
	late := os.Getenv("CANTO_FAULT_LATE_PRESENCE") != ""
	var trace *wireTrace
	// Online only says that the initial presence was sent: what the
	// server routes to the peer's bare JID before it has handled that
	// presence goes to offline storage, delivered when the presence comes
	// (see TestMessagesBeforePresenceHandled). Room for every message
	// there, so that none is bounced past the default limit (100), and the
	// offline delivery runs under the kills when it happens.
	// The delivery queues take all of it at once (what does not fit stays
	// in the store for the next availability, which a resumed stream
	// never has).
	st := store.NewMemory()
	offline := 2*messages + 16
	offlineBytes := 1 << 20 * max(1, messages/1000)
	level := slog.LevelInfo
	if debug {
		level = slog.LevelDebug // failed deliveries, a full offline store
	}
	scfg := server.Config{Domain: testDomain, Users: testUsers, Certificate: &cert, Logger: diag.logger(level), Store: st,
		MaxOfflineMessages: offline, MaxOfflineBytes: offlineBytes,
		DeliveryQueueStanzas: max(1000, 2*offline), DeliveryQueueBytes: max(256<<10, 2*offlineBytes)}
	if debug {
		trace = &wireTrace{}
		scfg.RawLog = trace.party("server")
	}
	srv, err := server.New(scfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()

	f := newFaults(uint64(time.Now().UnixNano()))
	names := []string{"alice", "bob"}
	peers := map[string]string{"alice": "bob", "bob": "alice"}
	inbox := map[string]*inboxOf{}
	clients := map[string]*Client{}
	var lostMu sync.Mutex
	var lost []string
	resumes := make(chan time.Duration, 4*kills+8)
	fresh := 0
	for _, name := range names {
		inbox[name] = newInboxOf(peers[name], messages)
		var session xmpp.Config
		if debug {
			session.RawLog = trace.party(name)
		}
		c, _ := newClient(t, name, "", Config{
			InitialPresence: latePresence(name == "bob" && late),
			Session:         session,
			Handler:         inbox[name],
			Dial:            dial.Dialer{Address: ln.Addr().String(), TLSConfig: trusting(), NetDialer: f.dialer(name)},
			KeepAlive:       -1,
			MinBackoff:      time.Millisecond, MaxBackoff: 20 * time.Millisecond,
			Resumer: &loggingResumer{Resumer: sm.NewResumer(sm.Config{}), name: name, log: diag},
			OnLost: func(l []*xmlstream.Element) {
				diag.logf("%s: %d stanzas reported lost", name, len(l))
				lostMu.Lock()
				defer lostMu.Unlock()
				for _, el := range l {
					lost = append(lost, fmt.Sprintf("%s: %v", name, el))
				}
			},
		})
		clients[name] = c
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// The first sessions, then the watchers of the later ones.
	for _, name := range names {
		waitFor(t, clients[name], Online)
	}
	var freshMu sync.Mutex
	for _, name := range names {
		c := clients[name]
		go func() { // until Run returns
			var down time.Time
			for ev := range c.Events() {
				diag.logf("%s: %v %v", c.Addr().Localpart(), ev.State, ev.Cause)
				switch ev.State {
				case Offline:
					if debug {
						t.Logf("%v offline: %v", c.Addr(), ev.Cause)
					}
					if down.IsZero() {
						down = ev.Time
					}
				case Resumed:
					if !down.IsZero() {
						resumes <- ev.Time.Sub(down)
					}
					down = time.Time{}
				case Online:
					freshMu.Lock()
					fresh++
					freshMu.Unlock()
					down = time.Time{}
				}
			}
		}()
	}

	// Both send at once; a Send refused while offline waits for the
	// next session and tries again (one accepted is never repeated).
	progress := make(chan struct{}, 2*messages)
	var senders sync.WaitGroup
	sendErr := make(chan error, 2)
	for _, name := range names {
		c := clients[name]
		to := jid.MustParse(peers[name] + "@" + testDomain)
		senders.Add(1)
		go func() {
			defer senders.Done()
			for i := 1; i <= messages; i++ {
				for {
					err := c.Send(ctx, message.Chat(to, "n"+strconv.Itoa(i)))
					if err == nil {
						break
					}
					if !errors.Is(err, ErrOffline) {
						sendErr <- fmt.Errorf("%s: message %d: %w", name, i, err)
						return
					}
					if _, err := c.Session(ctx); err != nil {
						sendErr <- fmt.Errorf("%s: waiting for a session: %w", name, err)
						return
					}
				}
				progress <- struct{}{}
			}
		}()
	}

	// The kills, spread over the exchange: one every total/kills messages
	// sent, on a client drawn at random; one in four also cuts the next
	// connection of that client short, during its negotiation or resumption.
	if late {
		go sendLatePresence(ctx, diag, clients["bob"])
	}
	started := time.Now()
	go func() {
		step := max(1, 2*messages/max(kills, 1))
		sent := 0
		for f.count() < kills {
			if sent < 2*messages {
				select {
				case <-progress:
					sent++
				case <-ctx.Done():
					return
				}
				if sent%step != 0 && sent < 2*messages {
					continue
				}
			}
			f.mu.Lock()
			name := names[f.rnd.IntN(2)]
			mid := f.rnd.IntN(4) == 0
			f.mu.Unlock()
			if mid && f.count()+2 <= kills {
				f.cutNext(name, 8<<10)
			}
			before := f.count()
			for !f.cut(name, 4<<10) && ctx.Err() == nil {
				time.Sleep(time.Millisecond) // between connections: wait for the next
			}
			if sent >= 2*messages {
				// All sent: what is left to acknowledge may be too little
				// to reach the cut, so pings carry the connection to it.
				pingUntilKilled(ctx, clients[name], f, before)
			}
		}
	}()

	senders.Wait()
	select {
	case err := <-sendErr:
		t.Fatal(err)
	default:
	}
	wait, stop := context.WithTimeout(ctx, time.Duration(messages)*time.Millisecond+20*time.Second)
	defer stop()
	for _, name := range names {
		select {
		case <-inbox[name].all:
		case <-wait.Done():
		}
	}
	elapsed := time.Since(started)
	for end := time.Now().Add(10 * time.Second); f.count() < kills && time.Now().Before(end); {
		time.Sleep(5 * time.Millisecond) // the last kills, carried by pings
	}
	time.Sleep(50 * time.Millisecond) // a duplicate would show now

	var durs []time.Duration
	for done := false; !done; {
		select {
		case d := <-resumes:
			durs = append(durs, d)
		default:
			done = true
		}
	}
	slices.Sort(durs)
	var median time.Duration
	if len(durs) > 0 {
		median = durs[len(durs)/2]
	}
	freshMu.Lock()
	t.Logf("%d kills, %d messages each way in %v; %d resumptions (median %v), %d fresh sessions after the first",
		f.count(), messages, elapsed.Round(time.Millisecond), len(durs), median, fresh)
	freshMu.Unlock()
	for _, name := range names {
		l, d, o := inbox[name].check()
		t.Logf("%s -> %s: %d received, %d lost, %d duplicated, %d out of order", peers[name], name, len(inbox[name].got), l, d, o)
		if debug {
			in := inbox[name]
			in.mu.Lock()
			t.Logf("%s got last %v, %d other stanzas, %d unreadable; server %+v", name, in.got[max(0, len(in.got)-5):], in.other, len(in.bad), srv.DeliveryStats())
			for _, b := range in.bad[:min(len(in.bad), 5)] {
				t.Logf("%s unreadable: %s", name, b)
			}
			for _, e := range in.errs {
				t.Logf("%s got error: %s", name, e)
			}
			in.mu.Unlock()
			if s, err := clients[name].Session(ctx); err == nil {
				i, o, a, ok := sm.Counts(s)
				t.Logf("%s counts in %d out %d acked %d on %v resumed %v", name, i, o, a, ok, sm.IsResumed(s))
			}
		}
		if l != 0 || d != 0 || o != 0 {
			missing := inbox[name].missing()
			sender := inbox[peers[name]]
			sender.mu.Lock()
			bounced := sender.bounced
			sender.mu.Unlock()
			t.Errorf("%s -> %s: %d lost (%d bounced back to the sender), %d duplicated, %d out of order; missing %v",
				peers[name], name, l, bounced, d, o, missing[:min(len(missing), 20)])
			// A message the server acknowledged and never delivered may
			// wait in its offline store for an availability that a
			// resumed stream never brings.
			if kept, err := st.OfflineMessages(ctx, name); err != nil || len(kept) > 0 {
				var bodies []string
				for _, m := range kept[:min(len(kept), 10)] {
					if i := strings.Index(string(m.Stanza), "<body>"); i >= 0 {
						bodies = append(bodies, string(m.Stanza[i:min(len(m.Stanza), i+16)]))
					}
				}
				t.Logf("the server still keeps %d offline messages for %s (%v): %v", len(kept), name, err, bodies)
			}
			if debug {
				shown := 0
				for _, line := range diag.snapshot() {
					if strings.Contains(line, "delivery failed") || strings.Contains(line, "offline message") || strings.Contains(line, "offline storage") {
						if shown++; shown <= 20 {
							t.Logf("server: %s", line)
						}
					}
				}
			}
			if trace != nil {
				for _, n := range missing[:min(len(missing), 3)] {
					for _, line := range trace.explain("n" + strconv.Itoa(n)) {
						t.Logf("trace n%d: %s", n, line)
					}
				}
			}
		}
	}
	lostMu.Lock()
	if len(lost) > 0 {
		t.Errorf("%d stanzas reported unacknowledged after a failed resumption, first %s", len(lost), lost[0])
		// Why: the clients' failed resumptions among the server's last
		// lines (its connections and their ends).
		lines := diag.snapshot()
		shown := -1
		for i, line := range lines {
			if !strings.Contains(line, "not resumed") && !strings.Contains(line, "reported lost") {
				continue
			}
			for j := max(shown+1, i-40); j <= min(i+5, len(lines)-1); j++ {
				t.Logf("log: %s", lines[j])
				shown = j
			}
		}
	}
	lostMu.Unlock()
	if f.count() < kills {
		t.Errorf("only %d kills of %d", f.count(), kills)
	}
}
