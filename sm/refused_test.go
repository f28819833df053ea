package sm_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// A stanza refused because the queue is full while a request is already
// out asks nothing more: the answer to that request makes room. Only an
// answer that makes none (a peer that counts late) has the sender ask
// again. (Before, every refusal after the request that filled the queue
// sent another <r/>, from the timer, and the peer answered twice.)
func TestRefusedWaitsForTheRequestOut(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{MaxUnacked: 2, AckEvery: 2, AckAfter: -1})
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
	_, err := p.LoginPlain("juliet", "x")
	must(t, err)
	_, err = p.Bind()
	must(t, err)
	must(t, p.Write(enableRaw))
	_, err = p.Expect(sm.NS, "enabled")
	must(t, err)
	must(t, p.Write(`<message xmlns='jabber:client' to='example.net'/>`))
	sess := <-sessions
	ctx := ctx5(t)

	sent := 0
	send := func(want error) {
		t.Helper()
		if err := sess.Send(ctx, msg(sent+1)); !errors.Is(err, want) {
			t.Fatalf("send %d: %v, want %v", sent+1, err, want)
		}
		if want == nil {
			sent++
		}
	}
	// expect reads what the server wrote: m for a message, r for <r/>.
	expect := func(want string) {
		t.Helper()
		for _, w := range want {
			el, err := p.Read()
			must(t, err)
			got := map[string]rune{"message": 'm', "r": 'r'}[el.Name().Local]
			if got != w {
				t.Fatalf("read <%s/>, want %c of %s", el.Name().Local, w, want)
			}
		}
	}
	answer := func(h int) { t.Helper(); must(t, p.Write(`<a xmlns='urn:xmpp:sm:3' h='`+strconv.Itoa(h)+`'/>`)) }

	// The second stanza fills the queue and asks; the third is refused.
	send(nil)
	send(nil)
	send(sm.ErrQueueFull)
	expect("mmr")
	// Time for a request the refusal would have had the timer send to go
	// out ahead of the answer (it would not, acknowledged first).
	time.Sleep(20 * time.Millisecond)
	answer(2)
	must(t, sm.WaitRoom(ctx, sess))
	send(nil)
	expect("m") // not a second <r/>

	// The same, but the answer acknowledges nothing new: the refused
	// stanza's sender asks again.
	send(nil)
	send(sm.ErrQueueFull)
	expect("mr")
	time.Sleep(20 * time.Millisecond)
	answer(2)
	expect("r")
	answer(4)
	must(t, sm.WaitRoom(ctx, sess))
	send(nil)
	expect("m")
}
