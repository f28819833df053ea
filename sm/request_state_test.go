package sm_test

import (
	"context"
	"encoding/xml"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A request marked out is one that was written: one whose send failed
// (here a Sender attached before stream management refuses it; on a
// stream, a peer that read nothing for the send's whole timeout) is taken
// back and sent again, and an <a/> the peer sends unasked does not stand
// for the answer to one. Each case is a script over refusalRig's server
// session: s a send, S a send refused for a full queue, m and r what the
// client reads, digits an <a/> with that h, '.' a pause past the tail's
// delay, F a Flush that must succeed (W waits for it), f one that must
// fail. (Before, a request whose send failed stayed out for good: with
// no timed requests, the count asked nothing more and a sender refused
// for a full queue waited until its context ended; and every unasked
// <a/> brought an <r/> 10 ms later; Flush's request was not marked out,
// so the count asked again while it was.)
func TestRequestMarkedOutOnlyIfWritten(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    sm.ServerConfig
		refuse int // requests the Sender before stream management refuses
		hold   int // the stanza a Sender attached after it holds (1-based), if any
		script string
	}{
		{
			// The tail's request (the answer to the first request
			// leaves the third and fourth stanzas unasked about,
			// AckEvery of them) is refused, and goes again.
			name:   "tail request refused",
			cfg:    sm.ServerConfig{AckEvery: 2, AckAfter: -1},
			refuse: 1,
			script: "ssss mmrmm 2 r 4 ss mmr",
		},
		{
			// A tail of fewer than AckEvery whose request is refused,
			// with no time-based requests, is left to the count,
			// which asks at AckEvery since the answered request.
			// (Before, the request went again every 100 ms.)
			name:   "tail request refused, fewer than AckEvery",
			cfg:    sm.ServerConfig{AckEvery: 3, AckAfter: -1},
			refuse: 1,
			script: "ssss mmmrm 3 ........ ss mmr",
		},
		{
			// The request of a sender refused for a full queue, when
			// the answer frees nothing, is refused, and goes again.
			name:   "stalled request refused",
			cfg:    sm.ServerConfig{MaxUnacked: 2, AckEvery: 100, AckAfter: -1},
			refuse: 1,
			script: "ssS mmr 0 r 2 s m",
		},
		{
			name:   "unasked answer asks nothing",
			cfg:    sm.ServerConfig{AckEvery: 3, AckAfter: -1},
			script: "ss mm 1 . s mr",
		},
		{
			// Flush's request is out: the count does not ask again.
			name:   "flush asks once",
			cfg:    sm.ServerConfig{AckEvery: 2, AckAfter: -1},
			script: "s m F r s m 2 W ss mrm",
		},
		{
			// A Flush whose request was refused leaves it not out.
			name:   "flush refused",
			cfg:    sm.ServerConfig{AckEvery: 2, AckAfter: -1},
			refuse: 1,
			script: "s m f s mr",
		},
		{
			// ... and, if one was out already, leaves that one out.
			name:   "flush refused while a request is out",
			cfg:    sm.ServerConfig{AckEvery: 2, AckAfter: -1},
			refuse: 1,
			script: "ss mmr f ss mm 4 s mr",
		},
		{
			// A Sender attached after stream management still sees
			// each stanza first (sm is AtWire): the stanza it holds is
			// not counted, so the count asks after the next one.
			// (Before, sm counted and queued the held stanza and asked
			// after it.)
			name:   "stanza held by a Sender attached after",
			cfg:    sm.ServerConfig{AckEvery: 2, AckAfter: -1},
			hold:   2,
			script: "ss m s mr 2 ss mmr",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &requestGate{refuse: tc.refuse}
			h := &holder{at: tc.hold}
			send, expect, answer, sess := refusalRigWith(t, tc.cfg,
				[]xmpp.StreamFeature{attachFeature{func(n *xmpp.Negotiation) { gateKey.Attach(n, g) }}},
				[]xmpp.StreamFeature{attachFeature{func(n *xmpp.Negotiation) { holderKey.Attach(n, h) }}})
			ctx := ctx5(t)
			flushed := make(chan error, 1)
			for i := 0; i < len(tc.script); i++ {
				switch c := tc.script[i]; {
				case c == 'F':
					go func() { flushed <- sm.Flush(ctx, sess) }()
				case c == 'W':
					must(t, <-flushed)
				case c == 'f':
					if err := sm.Flush(ctx, sess); !errors.Is(err, errGate) {
						t.Fatalf("Flush: %v, want %v", err, errGate)
					}
				case c == 's':
					send(nil)
				case c == 'S':
					send(sm.ErrQueueFull)
				case c == 'm' || c == 'r':
					expect(string(c))
				case c >= '0' && c <= '9':
					answer(int(c - '0'))
				case c == '.':
					time.Sleep(30 * time.Millisecond)
				}
			}
			if g.refused() != tc.refuse {
				t.Errorf("%d requests refused, want %d", g.refused(), tc.refuse)
			}
		})
	}
}

// requestGate refuses the first few <r/> sent.
type requestGate struct {
	mu     sync.Mutex
	refuse int
	n      int
}

var gateKey = xmpp.NewExtensionKey[*requestGate]("gate")

var errGate = errors.New("gate: refused")

func (g *requestGate) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	el, err := o.Element()
	if err != nil || el.Name() != sm.RequestName {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n < g.refuse && o.Refuse(errGate) {
		g.n++
	}
}

func (g *requestGate) refused() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// holder holds the at-th stanza it sees, for good.
type holder struct {
	at, n int
	held  []xmpp.Held
}

var holderKey = xmpp.NewExtensionKey[*holder]("holder")

func (h *holder) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	if k, ok := o.Stanza(); !ok || k != stanza.KindMessage {
		return
	}
	if h.n++; h.n == h.at {
		h.held = append(h.held, o.Hold())
	}
}

// attachFeature attaches a value on the receiving side, with <bind/>,
// offering nothing.
type attachFeature struct{ attach func(*xmpp.Negotiation) }

func (attachFeature) Name() xml.Name { return xml.Name{Space: "urn:example:attach", Local: "attach"} }
func (attachFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}
func (f attachFeature) Advertise(_ context.Context, n *xmpp.Negotiation, _ xmlstream.Encoder) (bool, bool, error) {
	f.attach(n)
	return false, false, nil
}
func (attachFeature) Negotiate(context.Context, *xmpp.Negotiation, *xmlstream.Element) (xmpp.FeatureResult, error) {
	return xmpp.FeatureResult{}, errors.New("not offered")
}

// A resumed stream's count of stanzas since the last request starts at
// the resumption: the stanzas sent before it were asked about on the old
// stream, or are sent again and asked about then. (Before, it started
// from zero while the count of stanzas sent went on, so the first stanza
// after a resumption with nothing to send again asked at once.)
func TestResumedStreamCountsFromResumption(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{AckEvery: 2, AckAfter: -1, Window: time.Minute})
	t.Cleanup(srv.Close)
	sessions := make(chan *xmpp.Session, 1)
	cfg := xmpp.Config{InsecureAssumeSecure: true, Handler: xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage {
			sessions <- s
		}
		return nil
	})}
	connect := func() (*xmpptest.Peer, <-chan error) {
		c, s := net.Pipe()
		p, done := xmpptest.Receive(t, c, s, cfg,
			xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
			xmpp.BindResource(), srv.Feature())
		_, err := p.LoginPlain("juliet", "x")
		must(t, err)
		return p, done
	}
	ctx := ctx5(t)
	sent := 0
	sendExpect := func(p *xmpptest.Peer, sess *xmpp.Session, want string) {
		t.Helper()
		sent++
		must(t, sess.Send(ctx, msg(sent)))
		for _, w := range want {
			el, err := p.Read()
			must(t, err)
			if got := map[string]rune{"message": 'm', "r": 'r'}[el.Name().Local]; got != w {
				t.Fatalf("stanza %d: read <%s/>, want %c of %s", sent, el.Name().Local, w, want)
			}
		}
	}

	p, done := connect()
	_, err := p.Bind()
	must(t, err)
	must(t, p.Write(enableRaw))
	el, err := p.Expect(sm.NS, "enabled")
	must(t, err)
	en, err := sm.ParseEnabled(el)
	must(t, err)
	must(t, p.Write(`<message xmlns='jabber:client' to='example.net'/>`))
	sess := <-sessions
	sendExpect(p, sess, "m")
	sendExpect(p, sess, "mr")
	sendExpect(p, sess, "m")
	must(t, p.Write(`<a xmlns='urn:xmpp:sm:3' h='3'/>`))
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Microsecond) {
		if _, _, acked, _ := sm.Counts(sess); acked == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the session did not take <a h='3'/>")
		}
	}
	_ = p.Close()
	<-done

	p, _ = connect()
	must(t, p.Write(`<resume xmlns='urn:xmpp:sm:3' previd='`+en.ID+`' h='3'/>`))
	_, err = p.Expect(sm.NS, "resumed")
	must(t, err)
	must(t, p.Write(`<message xmlns='jabber:client' to='example.net'/>`))
	sess = <-sessions
	sendExpect(p, sess, "m")
	sendExpect(p, sess, "mr")
}
