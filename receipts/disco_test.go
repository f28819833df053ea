package receipts_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestDisco: listed in a disco.Handler, the receipts and chat states
// handlers are advertised (XEP-0184 §6, XEP-0085 §4) and their routes are
// registered, so the receipt still comes back.
func TestDisco(t *testing.T) {
	self := disco.Handler{Features: []disco.Feature{receipts.Handler{Allow: anyone}, chatstates.Handler{}}}
	c, s := xmpptest.Pair(t, xmpptest.Handlers(mux.New(receipts.Handler{}.Handle()), mux.New(self.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	info, err := disco.GetInfo(ctx, c, s.LocalAddr(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{receipts.NS, chatstates.NS} {
		if !info.HasFeature(f) {
			t.Errorf("%s not advertised: %v", f, info.Features)
		}
	}
	if err := receipts.SendWithReceipt(ctx, c, message.Chat(s.LocalAddr(), "hi")); err != nil {
		t.Errorf("receipt: %v", err)
	}
}
