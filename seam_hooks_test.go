package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// hooks is a value using the seam's later hooks: it refuses messages whose
// id starts with "x", records the kind of each element and whether Send's
// Marshaler is its own, releases its start elements first, and records its
// end.
type hooks struct {
	mu    sync.Mutex
	kinds []string
	mine  int
	start []xmpp.Held
	ended int
}

var errRefused = errors.New("refused")

type ownMarshaler struct{ xmlstream.Marshaler }

func (h *hooks) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	k, ok := o.Stanza()
	el, _ := o.Element()
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.start) == 0 && el.Name().Local == "message" && el.Attr("id") == "start" {
		h.start = append(h.start, o.Copy())
	}
	if _, own := o.Source().(ownMarshaler); own {
		h.mine++
	}
	if !ok {
		h.kinds = append(h.kinds, "-"+el.Name().Local)
	} else {
		h.kinds = append(h.kinds, k.String())
	}
	if ok && el.Attr("id") != "" && el.Attr("id")[0] == 'x' {
		if !o.Refuse(errRefused) {
			panic("fresh element not refusable")
		}
	}
}

func (h *hooks) Started(s *xmpp.Session) {
	h.mu.Lock()
	start := h.start
	h.mu.Unlock()
	if len(start) > 0 {
		_ = s.Release(context.Background(), func() []xmpp.Held { return start })
	}
}

func (h *hooks) Ended(s *xmpp.Session) {
	h.mu.Lock()
	h.ended++
	h.mu.Unlock()
}

var hooksKey = xmpp.NewExtensionKey[*hooks]("hooks")

// hooksFeature attaches shared on the initiating side.
type hooksFeature struct{ shared *hooks }

func (hooksFeature) Name() xml.Name { return xml.Name{Space: nsCount, Local: "count"} }
func (hooksFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}
func (hooksFeature) Advertise(context.Context, *xmpp.Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, nil
}
func (f hooksFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	hooksKey.Attach(n, f.shared)
	if got, ok := hooksKey.Lookup(n); !ok || got != f.shared {
		return xmpp.FeatureResult{}, errors.New("Lookup does not find the value attached")
	}
	return xmpp.FeatureResult{}, nil
}

func TestSeamHooks(t *testing.T) {
	got := make(chan string, 16)
	record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- st.Element.Name().Local + "#" + st.Element.Attr("id")
		return nil
	})
	h := &hooks{}
	c, _ := seamPair(t, []xmpp.StreamFeature{hooksFeature{h}}, []xmpp.StreamFeature{countFeature{}}, record)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, tc := range []struct {
		m    xmlstream.Marshaler
		want error
	}{
		{msg("start"), nil},
		{msg("x1"), errRefused},
		{ownMarshaler{msg("m2")}, nil},
		{nonza("r"), nil},
		{xmlstream.MarshalerFunc(stanza.Presence{ID: "p"}.WriteEmpty), nil},
		{xmlstream.EmptyElement{Name: xml.Name{Space: "urn:example:other", Local: "message"}}, nil},
	} {
		if err := c.Send(ctx, tc.m); !errors.Is(err, tc.want) {
			t.Fatalf("send: %v, want %v", err, tc.want)
		}
	}
	for _, want := range []string{"message#start", "message#m2", "presence#p", "message#"} {
		select {
		case id := <-got:
			if id != want {
				t.Fatalf("server got %s, want %s", id, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("nothing arrived")
		}
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	wantKinds := []string{"message", "message", "message", "-r", "presence", "-message"}
	if len(h.kinds) != len(wantKinds) {
		t.Fatalf("kinds %v, want %v", h.kinds, wantKinds)
	}
	for i := range wantKinds {
		if h.kinds[i] != wantKinds[i] {
			t.Fatalf("kinds %v, want %v", h.kinds, wantKinds)
		}
	}
	if h.mine != 1 || h.ended != 1 {
		t.Fatalf("own marshalers %d, ended %d", h.mine, h.ended)
	}
	if el, err := h.start[0].Element(); err != nil || el.Attr("id") != "start" {
		t.Fatalf("Held.Element: %v %v", el, err)
	}
	h.mu.Unlock()
	defer h.mu.Lock()

	// A new session with the same value: Started sends the kept copy
	// before anything the session's owner sends.
	c2, _ := seamPair(t, []xmpp.StreamFeature{hooksFeature{h}}, []xmpp.StreamFeature{countFeature{}}, record)
	if err := c2.Send(ctx, msg("after")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"message#start", "message#after"} {
		select {
		case id := <-got:
			if id != want {
				t.Fatalf("second session: server got %s, want %s", id, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("nothing arrived")
		}
	}
}
