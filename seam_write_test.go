package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// script is a Sender whose moves are written in each message's id: "hold"
// holds it, "refuse" refuses it, "rel" releases what is held before it,
// "follow" has <message id="f-ID"/> follow it; checked in that order
// (follow first, so that it applies to held and refused messages too). It
// copies every message it lets through, as stream management does.
type script struct {
	mu     sync.Mutex
	held   []xmpp.Held
	copies []xmpp.Held
}

func (sc *script) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	el, err := o.Element()
	if err != nil {
		panic(err)
	}
	id := el.Attr("id")
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if strings.Contains(id, "follow") {
		o.Follow([]byte(`<message id="f-` + id + `"/>`))
	}
	switch {
	case strings.Contains(id, "hold"):
		sc.held = append(sc.held, o.Hold())
		return
	case strings.Contains(id, "refuse"):
		o.Refuse(errRefused)
		return
	case strings.Contains(id, "rel"):
		o.Release(sc.held...)
		sc.held = nil
	}
	sc.copies = append(sc.copies, o.Copy())
}

var scriptKey = xmpp.NewExtensionKey[*script]("script")

type scriptFeature struct{ hooksFeature }

func (scriptFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	scriptKey.Attach(n, &script{})
	return xmpp.FeatureResult{}, nil
}

// bodyMsg is a message with id and a body of n bytes (none if n is 0).
func bodyMsg(id string, n int) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		m := stanza.Message{ID: id, Type: stanza.ChatMessage}
		if err := m.WriteStart(w); err != nil {
			return err
		}
		if n > 0 {
			if err := w.Start(xml.Name{Local: "body"}); err != nil {
				return err
			}
			if err := w.Text(strings.Repeat("x", n)); err != nil {
				return err
			}
			if err := w.End(); err != nil {
				return err
			}
		}
		return w.End()
	})
}

// The write path with a Sender: elements are shown to it in the writer's
// buffer, or, when they do not fit there, from a stage; whatever it does,
// what leaves is in the order the seam promises, and its copies keep
// their bytes.
func TestSeamWritePath(t *testing.T) {
	const big = 9000 // larger than the writer's buffer
	type send struct {
		id   string
		size int // of the body
	}
	for _, tc := range []struct {
		name  string
		sends []send
		want  string // ids received, in order
		kept  string // ids of the copies, in order
	}{
		{"through", []send{{"a", 0}, {"b", 10}}, "[a b]", "[a b]"},
		{"larger than the buffer", []send{{"a", big}, {"b", 0}, {"c", big}}, "[a b c]", "[a b c]"},
		{"held, released before", []send{{"hold1", 0}, {"hold2", 5}, {"rel3", 0}}, "[hold1 hold2 rel3]", "[rel3]"},
		{"large held, released before a large one", []send{{"hold1", big}, {"rel2", big}, {"a", 0}}, "[hold1 rel2 a]", "[rel2 a]"},
		{"small held, released before a large one", []send{{"hold1", 3}, {"rel2", big}}, "[hold1 rel2]", "[rel2]"},
		{"refused", []send{{"refuse1", 0}, {"refuse2", big}, {"a", 0}}, "[a]", "[a]"},
		{"follow", []send{{"follow1", 0}, {"a", 0}}, "[follow1 f-follow1 a]", "[follow1 a]"},
		{"follow a large one", []send{{"follow1", big}, {"a", 0}}, "[follow1 f-follow1 a]", "[follow1 a]"},
		{"follow after a release", []send{{"hold1", 0}, {"rel-follow2", 0}}, "[hold1 rel-follow2 f-rel-follow2]", "[rel-follow2]"},
		{"follow a held one", []send{{"hold-follow1", 0}, {"rel2", 0}}, "[f-hold-follow1 hold-follow1 rel2]", "[rel2]"},
		{"follow a refused one", []send{{"refuse-follow1", 0}, {"a", 0}}, "[f-refuse-follow1 a]", "[a]"},
	} {
		for _, pair := range []struct {
			name string
			make func(*testing.T, []xmpp.StreamFeature, []xmpp.StreamFeature, xmpp.Handler) (*xmpp.Session, *xmpp.Session)
		}{{"stream", seamPair}, {"units", unitSeamPair}} {
			t.Run(tc.name+"/"+pair.name, func(t *testing.T) {
				got := make(chan string, 16)
				record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
					got <- st.Element.Attr("id")
					return nil
				})
				c, _ := pair.make(t, []xmpp.StreamFeature{scriptFeature{}}, []xmpp.StreamFeature{countFeature{}}, record)
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				for _, sd := range tc.sends {
					var want error
					if strings.HasPrefix(sd.id, "refuse") {
						want = errRefused
					}
					if err := c.Send(ctx, bodyMsg(sd.id, sd.size)); !errors.Is(err, want) {
						t.Fatalf("send %s: %v, want %v", sd.id, err, want)
					}
				}
				n := strings.Count(tc.want, " ") + 1
				var ids []string
				for range n {
					select {
					case id := <-got:
						ids = append(ids, id)
					case <-time.After(5 * time.Second):
						t.Fatalf("received %v, want %s", ids, tc.want)
					}
				}
				if fmt.Sprint(ids) != tc.want {
					t.Errorf("received %v, want %s", ids, tc.want)
				}
				sc, _ := scriptKey.Get(c)
				sc.mu.Lock()
				defer sc.mu.Unlock()
				var kept []string
				for _, h := range sc.copies {
					el, err := h.Element()
					if err != nil {
						t.Fatalf("copy: %v", err)
					}
					kept = append(kept, el.Attr("id"))
				}
				if fmt.Sprint(kept) != tc.kept {
					t.Errorf("copies %v, want %s", kept, tc.kept)
				}
			})
		}
	}
}

// unitSeamPair is seamPair over a framed transport (an ElementTransport),
// where every element must leave as a unit of its own: the receiving side
// ends the stream on a unit holding more or less than one.
func unitSeamPair(t *testing.T, client, server []xmpp.StreamFeature, handler xmpp.Handler) (*xmpp.Session, *xmpp.Session) {
	t.Helper()
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "secret"}, 4096)
	must(t, err)
	a, b := unitPair()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		s   *xmpp.Session
		err error
	}
	srv := make(chan result, 1)
	go func() {
		s, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), b,
			xmpp.Config{Handler: handler, InsecureAssumeSecure: true},
			append([]xmpp.StreamFeature{xmpp.SASLServer(accounts.ServerConfig()), xmpp.BindResource()}, server...)...)
		srv <- result{s, err}
	}()
	c, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), a,
		xmpp.Config{InsecureAssumeSecure: true},
		append([]xmpp.StreamFeature{xmpp.SASL("", "secret"), xmpp.BindResource()}, client...)...)
	must(t, err)
	r := <-srv
	must(t, r.err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Close(ctx)
		_ = r.s.Close(ctx)
		_ = a.Close()
	})
	return c, r.s
}

// Many writers at once, of elements small and large, so that the writer's
// buffer holds earlier elements when a large one spills out of it: each
// writer's messages arrive in its order, and every copy keeps its bytes
// while later copies are made.
func TestSeamWriteConcurrent(t *testing.T) {
	const writers, each = 4, 40
	got := make(chan string, writers*each)
	record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- st.Element.Attr("id")
		return nil
	})
	c, _ := seamPair(t, []xmpp.StreamFeature{scriptFeature{}}, []xmpp.StreamFeature{countFeature{}}, record)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				size := (i * 397) % 700
				if i%9 == 4 {
					size = 5000
				}
				if err := c.Send(ctx, bodyMsg(fmt.Sprintf("%d.%d", w, i), size)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	next := make([]int, writers)
	for range writers * each {
		select {
		case id := <-got:
			var w, i int
			if _, err := fmt.Sscanf(id, "%d.%d", &w, &i); err != nil || i != next[w] {
				t.Fatalf("received %s, want %d.%d", id, w, next[w])
			}
			next[w]++
		case <-time.After(5 * time.Second):
			t.Fatalf("received %v", next)
		}
	}
	sc, _ := scriptKey.Get(c)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if len(sc.copies) != writers*each {
		t.Fatalf("%d copies", len(sc.copies))
	}
	for _, h := range sc.copies {
		el, err := h.Element()
		if err != nil {
			t.Fatalf("copy: %v", err)
		}
		var w, i int
		if _, err := fmt.Sscanf(el.Attr("id"), "%d.%d", &w, &i); err != nil {
			t.Fatalf("copy of %q", el.Attr("id"))
		}
	}
}
