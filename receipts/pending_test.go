package receipts_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/xmpptest"
)

// A peer cannot make a session track unbounded waits, nor two waits for
// one id; ended waits leave nothing behind.
func TestPendingBounded(t *testing.T) {
	s := new(xmpp.Session) // only a key
	to := jid.MustParse("romeo@example.net")
	var ends []func()
	for i := range receipts.MaxPending {
		end, err := receipts.Wait(s, strconv.Itoa(i), to)
		if err != nil {
			t.Fatalf("wait %d: %v", i, err)
		}
		ends = append(ends, end)
	}
	if _, err := receipts.Wait(s, "one more", to); !errors.Is(err, receipts.ErrTooManyPending) {
		t.Errorf("beyond MaxPending: %v, want ErrTooManyPending", err)
	}
	ends[0]()
	if _, err := receipts.Wait(s, "1", to); !errors.Is(err, receipts.ErrPending) {
		t.Errorf("same id: %v, want ErrPending", err)
	}
	for _, end := range ends {
		end()
	}
	if n := receipts.Sessions(); n != 0 {
		t.Errorf("%d sessions tracked after every wait ended", n)
	}
}

func TestFromRecipient(t *testing.T) {
	for _, tc := range []struct {
		to, from string
		want     bool
	}{
		{"romeo@example.net", "romeo@example.net/orchard", true},
		{"romeo@example.net", "romeo@example.net", true},
		{"romeo@example.net", "juliet@example.net/orchard", false},
		{"romeo@example.net/orchard", "romeo@example.net/orchard", true},
		{"romeo@example.net/orchard", "romeo@example.net/balcony", false},
		{"romeo@example.net/orchard", "romeo@example.net", false},
		{"example.net", "example.net", true},
		{"example.net", "romeo@example.net", false},
	} {
		if got := receipts.FromRecipient(jid.MustParse(tc.to), jid.MustParse(tc.from)); got != tc.want {
			t.Errorf("to %s, from %s: %v, want %v", tc.to, tc.from, got, tc.want)
		}
	}
}

// A wait ends when the session does.
func TestSendWithReceiptSessionEnds(t *testing.T) {
	c, s := xmpptest.Pair(t, xmpptest.Handlers(mux.New(receipts.Handler{}.Handle()), mux.New()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- receipts.SendWithReceipt(ctx, c, message.Chat(s.LocalAddr(), "hi")) }()
	time.Sleep(50 * time.Millisecond)
	_ = s.Close(ctx)
	if err := <-done; err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the session's end", err)
	}
}
