package receipts_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkSendWithReceipt is the round trip of a message and its receipt
// over an in-memory pair, both sides with the Handler.
func BenchmarkSendWithReceipt(b *testing.B) {
	c, s := xmpptest.Pair(b, xmpptest.Handlers(mux.New(receipts.Handler{}.Handle()), mux.New(receipts.Handler{Allow: anyone}.Handle())))
	ctx := context.Background()
	to := s.LocalAddr()
	b.ReportAllocs()
	for b.Loop() {
		if err := receipts.SendWithReceipt(ctx, c, message.Chat(to, "hi")); err != nil {
			b.Fatal(err)
		}
	}
}
