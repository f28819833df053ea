package csi_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/xmpptest"
)

// benchPair is a pair with CSI on both sides whose client discards what
// it receives.
func benchPair(b *testing.B) (*xmpp.Session, *xmpp.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, s, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Mechanisms:     []string{"PLAIN"},
		Client:         xmpp.Config{Handler: xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error { return nil })},
		ClientFeatures: both(),
		ServerFeatures: both(),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Close(ctx)
		_ = s.Close(ctx)
	})
	return c, s
}

// BenchmarkSendActive is the server's cost of CSI for an active client:
// every message passes the Sender (compare BenchmarkMessagePipe in
// internal/bench).
func BenchmarkSendActive(b *testing.B) {
	_, s := benchPair(b)
	ctx := context.Background()
	m := message("romeo@example.net/a", "hello", "")
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHoldPresence is the cost of holding a presence update for an
// inactive client, replacing the one held from the same sender.
func BenchmarkHoldPresence(b *testing.B) {
	c, s := benchPair(b)
	ctx := context.Background()
	if err := csi.Inactive(ctx, c); err != nil {
		b.Fatal(err)
	}
	waitState(b, s, true)
	p := presence("romeo@example.net/a", "")
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Send(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	if n := csi.HeldCount(s); n != 1 {
		b.Fatalf("held %d", n)
	}
}
