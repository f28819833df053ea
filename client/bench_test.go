package client

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkSend measures Client.Send on a running session: the client
// adds one lock to the session's send path.
func BenchmarkSend(b *testing.B) {
	sess, _ := xmpptest.Pair(b, xmpptest.Options{})
	c, err := New(jid.MustParse("alice@example.test"), Config{})
	if err != nil {
		b.Fatal(err)
	}
	c.setSession(sess)
	m := message.Chat(jid.MustParse("bob@example.test"), "hello")
	ctx := context.Background()
	b.Run("client", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := c.Send(ctx, m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("session", func(b *testing.B) { // the baseline
		b.ReportAllocs()
		for b.Loop() {
			if err := sess.Send(ctx, m); err != nil {
				b.Fatal(err)
			}
		}
	})
}
