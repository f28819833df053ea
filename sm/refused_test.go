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
	send, expect, answer := refusalRig(t, sm.ServerConfig{MaxUnacked: 2, AckEvery: 2, AckAfter: -1})
	// The second stanza fills the queue and asks; the third is refused.
	send(nil)
	send(nil)
	send(sm.ErrQueueFull)
	expect("mmr")
	// Time for a request the refusal would have had the timer send to go
	// out ahead of the answer (it would not, acknowledged first).
	time.Sleep(20 * time.Millisecond)
	answer(2)
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
	send(nil)
	expect("m")
}

// A refused stanza that asked itself (no request was out: the count never
// asks here, nor the timer) asks again when the answer acknowledges
// nothing new, as when the request was out already. (Before, its sender
// waited for the timer, or, with none, until its context ended.)
func TestRefusedThatAskedAsksAgain(t *testing.T) {
	send, expect, answer := refusalRig(t, sm.ServerConfig{MaxUnacked: 2, AckEvery: 100, AckAfter: -1})
	send(nil)
	send(nil)
	send(sm.ErrQueueFull)
	expect("mmr")
	answer(0) // counted late
	expect("r")
	answer(2)
	send(nil)
	expect("m")
}

// refusalRig is a client that faces the server's stream management with
// cfg and returns: send (one message from the server, with the error it
// must get; after an error it waits for room before the next), expect
// (what the client reads: m a message, r a request) and answer (an <a/>,
// taken by the session when answer returns).
func refusalRig(t *testing.T, smCfg sm.ServerConfig) (send func(error), expect func(string), answer func(int)) {
	send, expect, answer, _ = refusalRigWith(t, smCfg, nil, nil)
	return send, expect, answer
}

// refusalRigWith is refusalRig with features whose Advertise attaches a
// Sender to the server's session before stream management's (before) or
// after it (after), that also returns the server's session.
func refusalRigWith(t *testing.T, smCfg sm.ServerConfig, before, after []xmpp.StreamFeature) (send func(error), expect func(string), answer func(int), sess *xmpp.Session) {
	srv := sm.NewServer(smCfg)
	features := []xmpp.StreamFeature{
		xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
		xmpp.BindResource(),
	}
	features = append(append(append(features, before...), srv.Feature()), after...)
	sessions := make(chan *xmpp.Session, 1)
	cfg := xmpp.Config{InsecureAssumeSecure: true, Handler: xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage {
			sessions <- s
		}
		return nil
	})}
	c, s := net.Pipe()
	p, _ := xmpptest.Receive(t, c, s, cfg, features...)
	_, err := p.LoginPlain("juliet", "x")
	must(t, err)
	_, err = p.Bind()
	must(t, err)
	must(t, p.Write(enableRaw))
	_, err = p.Expect(sm.NS, "enabled")
	must(t, err)
	must(t, p.Write(`<message xmlns='jabber:client' to='example.net'/>`))
	sess = <-sessions
	ctx := ctx5(t)

	sent, refused := 0, false
	send = func(want error) {
		t.Helper()
		if refused {
			must(t, sm.WaitRoom(ctx, sess))
		}
		err := sess.Send(ctx, msg(sent+1))
		if !errors.Is(err, want) {
			t.Fatalf("send %d: %v, want %v", sent+1, err, want)
		}
		refused = err != nil
		if want == nil {
			sent++
		}
	}
	expect = func(want string) {
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
	answer = func(h int) {
		t.Helper()
		must(t, p.Write(`<a xmlns='urn:xmpp:sm:3' h='`+strconv.Itoa(h)+`'/>`))
		// The write returns once the session has read the bytes, not
		// once it has taken the answer: wait for that, so that the next
		// send sees the request answered (a send that raced ahead would
		// still see it out and ask nothing).
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Microsecond) {
			if _, _, acked, _ := sm.Counts(sess); acked == uint32(h) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the session did not take <a h='%d'/>", h)
			}
		}
	}
	return send, expect, answer, sess
}
