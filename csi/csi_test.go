package csi_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
)

func TestOffered(t *testing.T) {
	for _, tc := range []struct {
		name           string
		client, server []xmpp.StreamFeature
		want           bool
	}{
		{"both", both(), both(), true},
		{"server does not offer", both(), nil, false},
		{"client does not look", nil, both(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, s, _ := pair(t, tc.client, tc.server)
			if got := csi.Offered(c); got != tc.want {
				t.Errorf("client: Offered = %v, want %v", got, tc.want)
			}
			if got, want := csi.Offered(s), tc.server != nil; got != want {
				t.Errorf("server: Offered = %v, want %v", got, want)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := csi.Inactive(ctx, c)
			if tc.want && err != nil {
				t.Fatal(err)
			}
			if !tc.want && !errors.Is(err, csi.ErrNotOffered) {
				t.Fatalf("Inactive = %v, want ErrNotOffered", err)
			}
			if csi.IsInactive(c) != tc.want {
				t.Errorf("client: IsInactive = %v", csi.IsInactive(c))
			}
		})
	}
}

// An inactive client gets no presence until it is active again, and then
// only the latest from each sender, in the order of the latest updates.
func TestPresenceHeldUntilActive(t *testing.T) {
	c, s, rec := pair(t, both(), both())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if csi.IsInactive(s) {
		t.Fatal("a stream must start active")
	}
	if err := csi.Inactive(ctx, c); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, true)
	send(t, s,
		presence("romeo@example.net/a", ""),
		presence("mercutio@example.net/b", ""),
		presence("romeo@example.net/a", "unavailable"),
		presence("romeo@example.net/c", ""),
		message("romeo@example.net/a", "", "composing"),
	)
	if n := csi.HeldCount(s); n != 4 {
		t.Fatalf("server holds %d elements, want 4 (romeo/a collapsed)", n)
	}
	select {
	case r := <-rec:
		t.Fatalf("inactive client received %+v", r)
	default:
	}
	if err := csi.Active(ctx, c); err != nil {
		t.Fatal(err)
	}
	want := []received{
		{name: "presence", from: "mercutio@example.net/b"},
		{name: "presence", from: "romeo@example.net/a", typ: "unavailable"},
		{name: "presence", from: "romeo@example.net/c"},
		{name: "message", from: "romeo@example.net/a", typ: "chat", chat: "composing"},
	}
	for i, w := range want {
		if got := rec.next(t); got != w {
			t.Errorf("#%d: got %+v, want %+v", i, got, w)
		}
	}
	waitState(t, s, false)
	send(t, s, presence("romeo@example.net/a", "")) // active: straight through
	if got := rec.next(t); got.name != "presence" || got.typ != "" {
		t.Errorf("after <active/>: got %+v", got)
	}
	if n := csi.HeldCount(s); n != 0 {
		t.Errorf("server still holds %d", n)
	}
}

// A message with a body goes out at once, after what was held, in order.
func TestBodyFlushesInOrder(t *testing.T) {
	c, s, rec := pair(t, both(), both())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := csi.Inactive(ctx, c); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, true)
	send(t, s,
		presence("romeo@example.net/a", ""),
		message("romeo@example.net/a", "", "composing"),
		message("romeo@example.net/a", "hello", "active"),
		presence("romeo@example.net/a", "subscribe"), // a request: never waits
	)
	want := []received{
		{name: "presence", from: "romeo@example.net/a"},
		{name: "message", from: "romeo@example.net/a", typ: "chat", chat: "composing"},
		{name: "message", from: "romeo@example.net/a", typ: "chat", body: "hello", chat: "active"},
		{name: "presence", from: "romeo@example.net/a", typ: "subscribe"},
	}
	for i, w := range want {
		if got := rec.next(t); got != w {
			t.Errorf("#%d: got %+v, want %+v", i, got, w)
		}
	}
	if !csi.IsInactive(s) {
		t.Error("a body must not change the client's state")
	}
}

// The held queue is bounded: an element that does not fit sends what was
// held, and itself.
func TestOverflowFlushes(t *testing.T) {
	c, s, rec := pair(t, both(), []xmpp.StreamFeature{csi.FeatureWith(csi.Config{MaxHeldBytes: 100})})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := csi.Inactive(ctx, c); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, true)
	froms := []string{"a@example.net/1", "b@example.net/1", "c@example.net/1", "d@example.net/1", "e@example.net/1"}
	for _, f := range froms {
		send(t, s, presence(f, ""))
	}
	if n := csi.HeldCount(s); n == 0 || n == len(froms) {
		t.Fatalf("held %d of %d presences within 100 bytes", n, len(froms))
	}
	got := 0
	for ; got < len(froms)-csi.HeldCount(s); got++ {
		if r := rec.next(t); r.from != froms[got] {
			t.Errorf("#%d from %s, want %s", got, r.from, froms[got])
		}
	}
	if got == 0 {
		t.Fatal("nothing was flushed")
	}
}

// Negative MaxHeldBytes tracks the state and holds nothing back.
func TestHoldNothing(t *testing.T) {
	c, s, rec := pair(t, both(), []xmpp.StreamFeature{csi.FeatureWith(csi.Config{MaxHeldBytes: -1})})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := csi.Inactive(ctx, c); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, true)
	send(t, s, presence("romeo@example.net/a", ""))
	if r := rec.next(t); r.from != "romeo@example.net/a" {
		t.Errorf("got %+v", r)
	}
}
