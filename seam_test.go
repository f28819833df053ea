package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// nsCount is a made-up protocol in the spirit of XEP-0198: the client asks
// <r/>, the server answers <a h='stanzas received'/>.
const nsCount = "urn:example:count"

var countKey = xmpp.NewExtensionKey[*counter]("count")

// counter is one session's state: what it saw go in and out, by name.
type counter struct {
	mu         sync.Mutex
	in, out    []string // local names, stanzas and others
	stanzasIn  int
	acked      chan int // client: the h of each <a/>
	hold       bool     // hold outgoing messages whose id starts with "h"
	held       []xmpp.Held
	copies     []xmpp.Held // every message sent, as stream management keeps them
	negotiated xmpp.State  // the state when Negotiate ran (client)
}

func (c *counter) Receive(s *xmpp.Session, el *xmlstream.Element) (bool, error) {
	c.mu.Lock()
	c.in = append(c.in, el.Name().Local)
	if _, ok := stanza.KindOf(el.Name()); ok {
		c.stanzasIn++
	}
	h := c.stanzasIn
	c.mu.Unlock()
	if el.Name().Space != nsCount {
		return false, nil
	}
	switch el.Name().Local {
	case "r":
		a := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			if err := w.Start(xml.Name{Space: nsCount, Local: "a"}, xml.Attr{Name: xml.Name{Local: "h"}, Value: strconv.Itoa(h)}); err != nil {
				return err
			}
			return w.End()
		})
		return true, s.Send(context.Background(), a)
	case "a":
		n, _ := strconv.Atoi(el.Attr("h"))
		c.acked <- n
		return true, nil
	}
	return true, stream.Error{Condition: "policy-violation", Text: "no <" + el.Name().Local + "/> here"}
}

func (c *counter) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	el, err := o.Element()
	if err != nil {
		panic(err)
	}
	if c.hold && el.Name().Local == "message" && el.Attr("id")[0] == 'h' {
		c.held = append(c.held, o.Hold())
		return
	}
	if c.hold && len(c.held) > 0 && el.Attr("id") == "flush" {
		o.Release(c.held...)
		c.held = nil
	}
	c.mu.Lock()
	c.out = append(c.out, el.Name().Local+"#"+el.Attr("id"))
	if el.Name().Local == "message" {
		c.copies = append(c.copies, o.Copy())
	}
	c.mu.Unlock()
}

func (c *counter) snapshot() (in, out []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.in...), append([]string(nil), c.out...)
}

// countFeature offers <count/> after binding and attaches a counter on
// both sides. A recorder (the second Sender in order) may follow it.
type countFeature struct{ hold bool }

func (countFeature) Name() xml.Name { return xml.Name{Space: nsCount, Local: "count"} }

func (countFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}

func (f countFeature) Advertise(_ context.Context, n *xmpp.Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	countKey.Attach(n, &counter{hold: f.hold})
	if err := w.Start(f.Name()); err != nil {
		return false, false, err
	}
	return true, false, w.End()
}

func (f countFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	if n.State().Has(xmpp.Received) {
		return xmpp.FeatureResult{}, n.Fail(stream.NotAuthorized, "count before binding")
	}
	countKey.Attach(n, &counter{acked: make(chan int, 4), negotiated: n.State(), hold: f.hold})
	return xmpp.FeatureResult{}, nil
}

// orderKey attaches a Sender recording the ids it sees, after the counter.
var orderKey = xmpp.NewExtensionKey[*order]("order")

type order struct {
	mu  sync.Mutex
	ids []string
}

func (o *order) Sending(_ *xmpp.Session, out *xmpp.Outgoing) {
	el, _ := out.Element()
	o.mu.Lock()
	o.ids = append(o.ids, el.Attr("id"))
	o.mu.Unlock()
}

type orderFeature struct{ countFeature }

func (orderFeature) Name() xml.Name { return xml.Name{Space: nsCount, Local: "order"} }

func (f orderFeature) Advertise(_ context.Context, n *xmpp.Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	orderKey.Attach(n, &order{})
	return false, false, nil
}

func seamPair(t *testing.T, client, server []xmpp.StreamFeature, handler xmpp.Handler) (*xmpp.Session, *xmpp.Session) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, s, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Mechanisms: []string{"PLAIN"}, ClientFeatures: client, ServerFeatures: server,
		Server: xmpp.Config{Handler: handler},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Close(ctx)
		_ = s.Close(ctx)
	})
	return c, s
}

func msg(id string) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(stanza.Message{ID: id, Type: stanza.ChatMessage}.WriteEmpty)
}

func nonza(local string) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: nsCount, Local: local}); err != nil {
			return err
		}
		return w.End()
	})
}

// Both sides count what goes in and out, stanzas and other elements; the
// server takes its own elements (the handler never sees <r/>) and answers
// them from the read loop, in order with the stanzas before.
func TestSeamCountsAndTakesItsElements(t *testing.T) {
	handled := make(chan string, 8)
	handler := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		handled <- st.Element.Name().Local
		return nil
	})
	c, s := seamPair(t, []xmpp.StreamFeature{countFeature{}}, []xmpp.StreamFeature{countFeature{}}, handler)
	cc, ok := countKey.Get(c)
	if !ok {
		t.Fatal("client: nothing attached")
	}
	if !cc.negotiated.Has(xmpp.Bound) {
		t.Errorf("client negotiated <count/> in state %b, before binding", cc.negotiated)
	}
	sc, ok := countKey.Get(s)
	if !ok {
		t.Fatal("server: nothing attached")
	}
	if _, ok := orderKey.Get(s); ok {
		t.Error("Get found a key never attached")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, m := range []xmlstream.Marshaler{msg("1"), msg("2"), nonza("r"), msg("3"), nonza("r")} {
		if err := c.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []int{2, 3} {
		select {
		case h := <-cc.acked:
			if h != want {
				t.Errorf("<a h='%d'/>, want %d", h, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no <a/>")
		}
	}
	for range 3 {
		if got := <-handled; got != "message" {
			t.Errorf("the handler got %s", got)
		}
	}
	select {
	case got := <-handled:
		t.Errorf("the handler got %s too", got)
	default:
	}
	in, out := sc.snapshot()
	if want := "[message message r message r]"; fmt.Sprint(in) != want {
		t.Errorf("server received %v, want %s", in, want)
	}
	if want := "[a# a#]"; fmt.Sprint(out) != want {
		t.Errorf("server sent %v, want %s", out, want)
	}
	_, out = cc.snapshot()
	if want := "[message#1 message#2 r# message#3 r#]"; fmt.Sprint(out) != want {
		t.Errorf("client sent %v, want %s", out, want)
	}
}

// A held element is hidden from the Senders after the holder until it is
// released, in order, before the element that released it or by
// Session.Release.
func TestSeamHoldAndRelease(t *testing.T) {
	c, s := seamPair(t, nil, []xmpp.StreamFeature{countFeature{hold: true}, orderFeature{}}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, id := range []string{"h1", "2", "h3", "flush", "h5"} {
		if err := s.Send(ctx, msg(id)); err != nil {
			t.Fatal(err)
		}
	}
	ord, _ := orderKey.Get(s)
	ids := func() string {
		ord.mu.Lock()
		defer ord.mu.Unlock()
		return fmt.Sprint(ord.ids)
	}
	if want := "[2 h1 h3 flush]"; ids() != want {
		t.Errorf("after the flush, the next Sender saw %s, want %s", ids(), want)
	}
	sc, _ := countKey.Get(s)
	err := s.Release(ctx, func() []xmpp.Held {
		h := sc.held
		sc.held = nil
		return h
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "[2 h1 h3 flush h5]"; ids() != want {
		t.Errorf("after Release, the next Sender saw %s, want %s", ids(), want)
	}
	_ = c
}

// A Receiver's error ends the stream with that stream error.
func TestSeamReceiveError(t *testing.T) {
	c, s := seamPair(t, nil, []xmpp.StreamFeature{countFeature{}}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Send(ctx, nonza("bogus")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the server session did not end")
	}
	var lse *xmpp.LocalStreamError
	if err := s.Err(); !errors.As(err, &lse) || !errors.Is(err, stream.PolicyViolation) {
		t.Errorf("server: %v, want a sent policy-violation", err)
	}
	<-c.Done()
	if err := c.Err(); !errors.Is(err, stream.PolicyViolation) {
		t.Errorf("client: %v", err)
	}
}

// BenchmarkSendWithSender measures a send through an attached Sender that
// counts and looks at each element's name (the cost stream management
// would add); compare BenchmarkMessagePipe in internal/bench.
func BenchmarkSendWithSender(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, s, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Mechanisms: []string{"PLAIN"}, ClientFeatures: []xmpp.StreamFeature{benchFeature{}}, ServerFeatures: []xmpp.StreamFeature{benchFeature{}},
		Server: xmpp.Config{Handler: xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error { return nil })},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close(ctx)
	defer c.Close(ctx)
	m := msg("0123456789")
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	if n, _ := benchKey.Get(c); n.n == 0 {
		b.Fatal("nothing counted")
	}
}

var benchKey = xmpp.NewExtensionKey[*benchCounter]("bench")

type benchCounter struct{ n int }

func (c *benchCounter) Sending(_ *xmpp.Session, o *xmpp.Outgoing) { c.n += o.Len() }

type benchFeature struct{ countFeature }

func (f benchFeature) Advertise(_ context.Context, _ *xmpp.Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	if err := w.Start(f.Name()); err != nil {
		return false, false, err
	}
	return true, false, w.End()
}

func (benchFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	benchKey.Attach(n, &benchCounter{})
	return xmpp.FeatureResult{}, nil
}

// Copies kept on one session are sent again on another, as stream
// resumption resends what was not acknowledged; a closed session refuses.
func TestSeamResendOnAnotherSession(t *testing.T) {
	got := make(chan string, 8)
	record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- st.Element.Attr("id")
		return nil
	})
	c1, _ := seamPair(t, []xmpp.StreamFeature{countFeature{}}, []xmpp.StreamFeature{countFeature{}}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, id := range []string{"m1", "m2"} {
		if err := c1.Send(ctx, msg(id)); err != nil {
			t.Fatal(err)
		}
	}
	cc, _ := countKey.Get(c1)
	cc.mu.Lock()
	copies := cc.copies
	cc.mu.Unlock()
	if err := c1.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c1.Release(ctx, func() []xmpp.Held { return copies }); !errors.Is(err, xmpp.ErrClosed) {
		t.Errorf("Release on a closed session: %v", err)
	}

	c2, _ := seamPair(t, nil, nil, record) // nothing attached on the new session
	if err := c2.Release(ctx, func() []xmpp.Held { return copies }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"m1", "m2"} {
		select {
		case id := <-got:
			if id != want {
				t.Errorf("resent %s, want %s", id, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("nothing resent")
		}
	}
}
