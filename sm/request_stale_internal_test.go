package sm

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// A timer that fired just as the count asked in its place (the burst's
// tail, asked about by the next stanza) sends no second <r/>: request
// finds the timer set again for later, and leaves it to fire then.
// (Before, it sent one, and the peer answered twice.)
func TestStaleTimerAsksNothing(t *testing.T) {
	srv := NewServer(ServerConfig{AckEvery: 2, AckAfter: time.Hour})
	t.Cleanup(srv.Close)
	sessions := make(chan *xmpp.Session, 1)
	cfg := xmpp.Config{InsecureAssumeSecure: true, Handler: xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage {
			sessions <- s
		}
		return nil
	})}
	c, s := net.Pipe()
	p, _ := xmpptest.Receive(t, c, s, cfg,
		xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
		xmpp.BindResource(), srv.Feature())
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := p.LoginPlain("juliet", "x")
	check(err)
	_, err = p.Bind()
	check(err)
	check(p.Write(`<enable xmlns='urn:xmpp:sm:3'/>`))
	_, err = p.Expect(NS, "enabled")
	check(err)
	check(p.Write(`<message xmlns='jabber:client' to='example.net'/>`))
	sess := <-sessions
	ss, _ := key.Get(sess)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sent := 0
	expect := func(want string) {
		t.Helper()
		for _, w := range want {
			el, err := p.Read()
			check(err)
			if got := map[string]rune{"message": 'm', "r": 'r', "a": 'a'}[el.Name().Local]; got != w {
				t.Fatalf("after stanza %d: read <%s/>, want %c of %s", sent, el.Name().Local, w, want)
			}
		}
	}
	send := func(want string) {
		t.Helper()
		sent++
		check(sess.Send(ctx, message.Chat(jid.MustParse("romeo@example.net"), strconv.Itoa(sent))))
		expect(want)
	}
	send("m")
	send("mr")
	send("m")
	check(p.Write(`<a xmlns='urn:xmpp:sm:3' h='2'/>`))
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Microsecond) {
		if _, _, acked, _ := Counts(sess); acked == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the session did not take <a h='2'/>")
		}
	}
	// The answer set the tail's timer (tailDelay). Hold mu past it, so
	// that it fires and waits for mu, and meanwhile do what Sending does
	// for a stanza whose count asks (its <r/> is not written here: the
	// next stanza shows whether the timer wrote one).
	ss.mu.Lock()
	time.Sleep(10 * tailDelay)
	ss.askWritten()
	if ss.mode == modeUnlessOut {
		ss.rearm()
	}
	ss.mu.Unlock()
	// The stale call's <r/>, if any, races with the next stanzas for
	// the write lock, and with the answer to the peer's own <r/>; a
	// stanza sent well after all shows it if it came last.
	send("m")
	send("m")
	check(p.Write(`<r xmlns='urn:xmpp:sm:3'/>`))
	expect("a")
	time.Sleep(10 * tailDelay)
	send("m")
}
