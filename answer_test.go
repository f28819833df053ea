package xmpp_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// nsAnswer is a made-up protocol: <q n='…'/> is answered with <qa/>
// carrying the latest n, <p/> with <pa/>, each through Session.Answer
// under a key of its own.
const nsAnswer = "urn:example:answer"

var answerKey = xmpp.NewExtensionKey[*answerer]("answer")

type answerer struct {
	mu           sync.Mutex
	n            string // the latest <q/>'s n, as fill finds it
	fillQ, fillP func([]byte) []byte
	keyQ, keyP   *int // two keys
}

func newAnswerer() *answerer {
	a := &answerer{keyQ: new(int), keyP: new(int)}
	a.fillQ = func(dst []byte) []byte {
		a.mu.Lock()
		defer a.mu.Unlock()
		return append(dst, `<qa xmlns="`+nsAnswer+`" n="`+a.n+`"/>`...)
	}
	a.fillP = func(dst []byte) []byte { return append(dst, `<pa xmlns="`+nsAnswer+`"/>`...) }
	return a
}

func (a *answerer) Receive(s *xmpp.Session, el *xmlstream.Element) (bool, error) {
	if el.Name().Space != nsAnswer {
		return false, nil
	}
	switch el.Name().Local {
	case "q":
		a.mu.Lock()
		a.n = el.Attr("n")
		a.mu.Unlock()
		s.Answer(a.keyQ, a.fillQ)
	case "p":
		s.Answer(a.keyP, a.fillP)
	}
	return true, nil
}

// answerFeature attaches an answerer to the receiving session; it is
// never offered.
type answerFeature struct{}

func (answerFeature) Name() xml.Name { return xml.Name{Space: nsAnswer, Local: "answer"} }
func (answerFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}
func (answerFeature) Advertise(_ context.Context, n *xmpp.Negotiation, _ xmlstream.Encoder) (bool, bool, error) {
	answerKey.Attach(n, newAnswerer())
	return false, false, nil
}
func (answerFeature) Negotiate(context.Context, *xmpp.Negotiation, *xmlstream.Element) (xmpp.FeatureResult, error) {
	return xmpp.FeatureResult{}, nil
}

// Answers are written once the read loop has handled what it read: the
// requests of one read get one answer per key, with the state after the
// last of them; an answer is not held back by white space or by the
// beginning of an element whose rest has not come.
func TestAnswer(t *testing.T) {
	q := func(n string) string { return `<q xmlns='` + nsAnswer + `' n='` + n + `'/>` }
	p := `<p xmlns='` + nsAnswer + `'/>`
	for _, tc := range []struct {
		name   string
		writes []string // each one write of the peer, read by the session at once
		want   []string // the answers, "qa n" or "pa"
	}{
		{"one", []string{q("1")}, []string{"qa 1"}},
		{"one read, one answer with the latest", []string{q("1") + q("2") + q("3"), q("4")}, []string{"qa 3", "qa 4"}},
		{"two keys in the order given", []string{q("1") + p + q("2")}, []string{"qa 2", "pa"}},
		{"white space after", []string{q("1") + "\n  \n"}, []string{"qa 1"}},
		{"part of an element after", []string{q("1") + `<q xmlns='` + nsAnswer + `' n=`, `'2'/>`}, []string{"qa 1", "qa 2"}},
	} {
		for _, tcp := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/tcp=%v", tc.name, tcp), func(t *testing.T) {
				peer := answerPeer(t, tcp)
				if _, err := peer.LoginPlain("juliet", "x"); err != nil {
					t.Fatal(err)
				}
				if _, err := peer.Bind(); err != nil {
					t.Fatal(err)
				}
				got := 0
				read := func() {
					el, err := peer.Read()
					if err != nil {
						t.Fatalf("after %d answers: %v", got, err)
					}
					a := el.Name().Local
					if a == "qa" {
						a += " " + el.Attr("n")
					}
					if el.Name().Space != nsAnswer || a != tc.want[got] {
						t.Fatalf("answer %d: %v %s, want %s", got, el.Name(), a, tc.want[got])
					}
					got++
				}
				for i, w := range tc.writes {
					if err := peer.Write(w); err != nil {
						t.Fatal(err)
					}
					// Each write but the last is answered before the next
					// is written: the session does not wait for it.
					if i < len(tc.writes)-1 {
						read()
					}
				}
				for got < len(tc.want) {
					read()
				}
			})
		}
	}
}

// answerPeer is a scripted client of a session with an answerer, over a
// pipe or loopback TCP (where the read loop reads ahead without waiting
// before it answers).
func answerPeer(t *testing.T, tcp bool) *xmpptest.Peer {
	t.Helper()
	var c, s net.Conn
	if tcp {
		c, s = tcpPair(t)
	} else {
		c, s = net.Pipe()
	}
	peer, _ := xmpptest.Receive(t, c, s, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
		xmpp.BindResource(), answerFeature{})
	return peer
}

// Over TCP the read loop reads what has already arrived before it answers,
// but no more than a bounded amount: a peer that never pauses still gets
// its answers, each with the latest state.
func TestAnswerReadAheadBounded(t *testing.T) {
	peer := answerPeer(t, true)
	if _, err := peer.LoginPlain("juliet", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := peer.Bind(); err != nil {
		t.Fatal(err)
	}
	// 2000 requests of ~50 bytes, about 100 KiB, written in one go: the
	// session cannot answer them all at the end, since it answers within
	// 16 KiB of reading ahead, so some answers come before the last.
	if answers, _ := requestsInOneWrite(t, peer, 2000); answers < 2 {
		t.Fatalf("%d answers", answers)
	}
}

// On an element transport each request is answered on its own, at once.
func TestAnswerFramed(t *testing.T) {
	a, b := unitPair()
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		s   *xmpp.Session
		err error
	}
	srv := make(chan result, 1)
	go func() {
		s, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), b, xmpp.Config{InsecureAssumeSecure: true},
			xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
			xmpp.BindResource(), answerFeature{})
		srv <- result{s, err}
	}()
	got := make(chan string, 4)
	handler := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- st.Element.Name().Local + " " + st.Element.Attr("n")
		return nil
	})
	client, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), a,
		xmpp.Config{Handler: handler, InsecureAssumeSecure: true}, xmpp.SASL("", "x"), xmpp.BindResource())
	must(t, err)
	r := <-srv
	must(t, r.err)
	defer r.s.Close(ctx)
	defer client.Close(ctx)
	for _, n := range []string{"1", "2"} {
		q := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			return w.EmptyElement(xml.Name{Space: nsAnswer, Local: "q"}, xml.Attr{Name: xml.Name{Local: "n"}, Value: n})
		})
		must(t, client.Send(ctx, q))
		select {
		case a := <-got:
			if a != "qa "+n {
				t.Fatalf("got %s, want qa %s", a, n)
			}
		case <-ctx.Done():
			t.Fatalf("no answer to n=%s", n)
		}
	}
}
