package sm_test

import (
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
)

// TestEndingReceipts: when a stream's stream management ends for good,
// the receipts of what the server sent with Send and the client never
// acknowledged are settled with ErrUnacknowledged before Unacknowledged is
// told, and Ending.Receipts pairs each unacknowledged stanza with its
// receipt (nil for one sent otherwise), so that a server tells what it
// keeps elsewhere (offline messages) from the rest.
func TestEndingReceipts(t *testing.T) {
	for _, c := range []struct {
		name    string
		tracked []bool // per stanza sent: with sm.Send
	}{
		{"none tracked", []bool{false, false}},
		{"first tracked", []bool{true, false}},
		{"last tracked", []bool{false, false, true}},
		{"all tracked", []bool{true, true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, sm.ServerConfig{Window: 20 * time.Millisecond, AckEvery: -1, AckAfter: -1})
			cn := r.enabled(quiet, xmpp.Config{})
			ctx := ctx5(t)
			rcs := make([]*sm.Receipt, len(c.tracked))
			any := false
			for i, tr := range c.tracked {
				var err error
				if tr {
					any = true
					rcs[i], err = sm.Send(ctx, cn.server, msg(100+i))
				} else {
					err = cn.server.Send(ctx, msg(100+i))
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			cn.kill(t)
			var e sm.Ending
			select {
			case e = <-r.endings:
			case <-time.After(5 * time.Second):
				t.Fatal("window did not expire")
			}
			if len(e.Unacked) != len(c.tracked) {
				t.Fatalf("%d unacknowledged, want %d", len(e.Unacked), len(c.tracked))
			}
			if !any {
				if e.Receipts != nil {
					t.Fatalf("receipts %v without sm.Send", e.Receipts)
				}
				return
			}
			if len(e.Receipts) != len(e.Unacked) {
				t.Fatalf("%d receipts for %d stanzas", len(e.Receipts), len(e.Unacked))
			}
			for i, rc := range rcs {
				if e.Receipts[i] != rc {
					t.Errorf("receipt %d: %p, want %p", i, e.Receipts[i], rc)
				}
				if rc == nil {
					continue
				}
				select {
				case <-rc.Done():
				default:
					t.Fatalf("receipt %d not settled when Unacknowledged was told", i)
				}
				if err := rc.Err(); !errors.Is(err, sm.ErrUnacknowledged) {
					t.Errorf("receipt %d: %v, want ErrUnacknowledged", i, err)
				}
			}
		})
	}
}
