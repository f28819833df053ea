package interop

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// cuttable is a NetDialer whose latest connection the test can cut.
type cuttable struct {
	mu   sync.Mutex
	conn net.Conn
}

func (c *cuttable) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, network, address)
	if err == nil {
		c.mu.Lock()
		c.conn = conn
		c.mu.Unlock()
	}
	return conn, err
}

func (c *cuttable) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		_ = c.conn.Close()
	}
}

// TestClientResumesUnderDrops runs two reconnecting clients (package
// client, stream management on by default) that exchange numbered
// messages both ways while their TCP connections are cut (the clients'
// side; the server notices later). Every message must arrive, exactly
// once except on ejabberd (see below; a duplicate elsewhere logs the
// stream management exchanges); the order is logged per server, and
// asserted for the embedded one. A bounce (an error message from the
// server) fails the test with its condition: it is the server's answer
// to a message it did not deliver, and must not pass for a silent loss,
// with one exception: ejabberd's bounces during a resumption's hand-over
// (see bounce.handover), which the test sends again, as an application
// told of them would.
//
// The two accounts are the test's own, with archiving turned off
// (XEP-0313 preferences, default never): the servers here archive every
// message of every other account, and ejabberd keeps its archive in
// Mnesia, where each message stored costs more as the account's archive
// grows (its log warns that this backend is not for production).
// With alice and bob, whose archives every run made longer, each run was
// slower than the last: with -count 8, run 1 took 4 s, run 5 19 s, and
// from run 6 or 7 ejabberd, still archiving, delivered under 10 of 300
// messages before the test's time ran out. The messages were not lost
// but late; what this test is about is resumption, not archive speed.
func TestClientResumesUnderDrops(t *testing.T) {
	const messages, cuts = 300, 10
	eachServer(t, func(t *testing.T, srv *server) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		names := []string{"smalice", "smbob"}
		logs := map[string]*bodyLog{}
		bounces := map[string]*bounceLog{}
		traces := map[string]*smTrace{"smalice": {}, "smbob": {}}
		dialers := map[string]*cuttable{}
		clients := map[string]*client.Client{}
		peer := map[string]string{"smalice": "smbob", "smbob": "smalice"}
		var runs, retries sync.WaitGroup
		for _, name := range names {
			logs[name], bounces[name], dialers[name] = &bodyLog{}, &bounceLog{}, &cuttable{}
			c, err := client.New(jid.MustParse(name+"@"+domain+"/drops"), client.Config{
				Password:   srv.accounts[name],
				Handler:    bounces[name].wrap(logs[name]),
				Dial:       dial.Dialer{Address: addr(srv.ports.c2s), TLSConfig: &tls.Config{RootCAs: pki.roots}, NetDialer: dialers[name]},
				KeepAlive:  -1,
				Session:    xmpp.Config{RawLog: traces[name]},
				MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
				OnLost: func(l []*xmlstream.Element) {
					t.Errorf("%s: %d stanzas reported lost", name, len(l))
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			clients[name] = c
			if srv.name == "ejabberd" {
				// Sent again as the application would: see bounce.handover.
				to := jid.MustParse(peer[name] + "@" + domain + "/drops")
				bounces[name].retry = func(body string) {
					retries.Add(1)
					go func() {
						defer retries.Done()
						sendAgain(ctx, t, c, to, body)
					}()
				}
			}
			runs.Add(1)
			go func() { defer runs.Done(); _ = c.Run(ctx) }()
		}
		defer func() { cancel(); runs.Wait(); retries.Wait() }()
		for _, name := range names {
			if _, err := clients[name].Session(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := clients[name].SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, mam.Prefs{Default: mam.ArchiveNever}); err != nil {
				t.Fatalf("%s: turning archiving off: %v", name, err)
			}
		}
		var senders sync.WaitGroup
		for _, name := range names {
			c := clients[name]
			to := jid.MustParse(peer[name] + "@" + domain + "/drops")
			senders.Add(1)
			go func() {
				defer senders.Done()
				for i := 1; i <= messages; i++ {
					if !sendAgain(ctx, t, c, to, strconv.Itoa(i)) {
						return
					}
					if i%(messages/cuts) == 0 {
						dialers[name].cut()
					}
					time.Sleep(time.Millisecond)
				}
			}()
		}
		senders.Wait()
		var want []string
		for i := 1; i <= messages; i++ {
			want = append(want, strconv.Itoa(i))
		}
		for _, name := range names {
			got := waitDistinct(logs[name], messages)
			seen := map[string]int{}
			var dups []string
			for _, b := range got {
				if seen[b]++; seen[b] == 2 {
					dups = append(dups, b)
				}
			}
			var lost []string
			for _, w := range want {
				if seen[w] == 0 {
					lost = append(lost, w)
				}
			}
			missing := len(lost)
			inOrder := slices.Equal(got, want)
			t.Logf("%s: %d of %d messages from %s, %d missing, twice: %v; in order: %v",
				srv.name, len(got), messages, peer[name], missing, dups, inOrder)
			for _, b := range bounces[peer[name]].list() {
				if srv.name == "ejabberd" && b.handover() {
					t.Logf("%s: ejabberd bounced a message during a resumption's hand-over; sent again: %s", peer[name], b)
					continue
				}
				t.Errorf("%s: a message came back as an error: %s", peer[name], b)
			}
			switch {
			case missing > 0 || len(got) < messages:
				t.Errorf("%s: %d messages lost: %v", name, missing, lost)
				traces[peer[name]].dump(t, peer[name], lost)
				traces[name].dump(t, name, lost)
			case len(dups) > 0 && srv.name != "ejabberd":
				t.Errorf("%s: duplicates %v", name, dups)
				traces[peer[name]].dump(t, peer[name], dups)
				traces[name].dump(t, name, dups)
			case !inOrder && srv.name == "canto":
				t.Errorf("%s: out of order", name)
			}
			// ejabberd (23.01) delivers a few messages twice around the
			// cuts, both ways, and out of order: its <resumed h/> leaves
			// out stanzas the old connection had read, which it routes
			// all the same, late, so the copies the client sends again
			// are routed too. Raw logs show it: the sender writes a
			// message on the old connection, is answered <resumed h/>
			// that does not cover it, writes it again, and never a third
			// time; the recipient, whose <resume h/> covered the first
			// copy, gets the second among messages it had never had.
			// It happens when ejabberd lags behind the cuts: while it
			// archived these accounts' messages, 18 in a run of the
			// whole package; since, none but in the first run after
			// ejabberd's start (1 to 13 messages, in 2 of 21 runs).
		}
	})
}

// bounceLog keeps the error messages a client receives (RFC 6120 §8.3),
// the server's answers to messages it did not deliver, which a handler
// that counts bodies would not see. retry, if set, is given the body of
// each bounce that handover says to send again.
type bounceLog struct {
	mu    sync.Mutex
	got   []bounce
	retry func(body string)
}

// bounce is one error message: when it came, the message's id, address
// and body, and the error.
type bounce struct {
	at       time.Time
	id, from string
	body     string
	err      stanza.Error
}

func (b bounce) String() string {
	return fmt.Sprintf("%s id %s, sent to %s: %v", b.at.Format("15:04:05.000000"), b.id, b.from, b.err)
}

// handover reports whether the bounce is ejabberd's answer to a message
// routed while a resumption hands the session over: its mod_stream_mgmt
// (23.01, unchanged in its 2026 tree) has the old connection's process
// close the session as it hands its state over, while the new one opens
// a session of its own. A message routed between the two finds no
// session, and with no offline storage ejabberd bounces it with this
// text. The sender is told; nothing is lost in silence.
func (b bounce) handover() bool {
	return b.err.Condition == stanza.ServiceUnavailable && b.err.Text == "User session not found"
}

// wrap returns a handler that notes error messages and passes every
// stanza on to next.
func (b *bounceLog) wrap(next xmpp.Handler) xmpp.Handler {
	return xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage && st.Header.IsError() {
			e, _ := stanza.ParseError(st.Element)
			got := bounce{at: time.Now(), id: st.Header.ID, from: st.Header.From.String(), err: e}
			if m, err := message.Parse(st.Element); err == nil {
				got.body = m.Body("")
			}
			b.mu.Lock()
			b.got = append(b.got, got)
			retry := b.retry
			b.mu.Unlock()
			if retry != nil && got.handover() && got.body != "" {
				retry(got.body)
			}
		}
		return next.HandleXMPP(ctx, s, st)
	})
}

func (b *bounceLog) list() []bounce {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.got)
}

// smTrace keeps a client's raw XML with the time of each chunk, to show
// the stream management exchanges when a message arrived twice.
type smTrace struct {
	mu    sync.Mutex
	lines []string
	size  int
}

// smTraceMax bounds what a trace keeps.
const smTraceMax = 8 << 20

func (tr *smTrace) Write(p []byte) (int, error) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	stamp := time.Now().Format("15:04:05.000000")
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		if tr.size+len(line) > smTraceMax {
			break
		}
		tr.size += len(line)
		tr.lines = append(tr.lines, stamp+" "+line)
	}
	return len(p), nil
}

// dump logs the stream management exchanges of the trace and the lines
// carrying the first of bodies (duplicated or lost ones).
func (tr *smTrace) dump(t *testing.T, name string, bodies []string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	marks := []string{"<resume ", "<resumed ", "<failed ", "<enabled ", "stream:error"}
	for _, d := range bodies[:min(3, len(bodies))] {
		marks = append(marks, "<body>"+d+"</body>")
	}
	for _, line := range tr.lines {
		for _, m := range marks {
			if strings.Contains(line, m) {
				t.Logf("%s: %s", name, line)
				break
			}
		}
	}
}

// waitDistinct waits until b holds n distinct bodies (duplicates do not
// count) or the test's time is up, then a moment more, and returns them all.
func waitDistinct(b *bodyLog, n int) []string {
	deadline := time.Now().Add(testTimeout)
	for {
		b.mu.Lock()
		got := slices.Clone(b.got)
		b.mu.Unlock()
		distinct := map[string]bool{}
		for _, s := range got {
			distinct[s] = true
		}
		if len(distinct) >= n || time.Now().After(deadline) {
			time.Sleep(200 * time.Millisecond)
			b.mu.Lock()
			defer b.mu.Unlock()
			return slices.Clone(b.got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sendAgain sends a chat message with body to to until it is sent, across
// reconnections: a send fails while the connection is down, and the next
// session takes it. It reports false once ctx ends, and fails the test with
// the error if sends keep failing for 10 s, rather than spin until the
// test's deadline on an error that never clears.
func sendAgain(ctx context.Context, t *testing.T, c *client.Client, to jid.JID, body string) bool {
	var failing time.Time
	for {
		err := c.Send(ctx, message.Chat(to, body))
		if err == nil {
			return true
		}
		if _, serr := c.Session(ctx); serr != nil {
			return false
		}
		if failing.IsZero() {
			failing = time.Now()
		} else if time.Since(failing) > 10*time.Second {
			t.Errorf("sending %q: still failing after 10 s: %v", body, err)
			return false
		}
		time.Sleep(time.Millisecond)
	}
}
