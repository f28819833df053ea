package sm_test

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
)

// TestAckBeforeClose: a client that was never asked for an
// acknowledgement closes its stream gracefully after handling what the
// server sent. It acknowledges right before its closing tag (XEP-0198 §4),
// so the server's receipts settle as delivered and nothing is handed on as
// unacknowledged (which a server would send again elsewhere).
func TestAckBeforeClose(t *testing.T) {
	r := newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1})
	atClient := newBodies()
	cn := r.enabled(quiet, xmpp.Config{Handler: atClient})
	ctx := ctx5(t)
	var rcs []*sm.Receipt
	for i := 1; i <= 3; i++ {
		rc, err := sm.Send(ctx, cn.server, msg(100+i))
		if err != nil {
			t.Fatal(err)
		}
		rcs = append(rcs, rc)
	}
	atClient.wait(t, 3)
	if err := cn.client.Close(ctx); err != nil {
		t.Fatal(err)
	}
	for i, rc := range rcs {
		select {
		case <-rc.Done():
		case <-time.After(5 * time.Second):
			t.Fatalf("receipt %d not settled after the close", i)
		}
		if err := rc.Err(); err != nil {
			t.Errorf("receipt %d: %v, want acknowledged", i, err)
		}
	}
	select {
	case e := <-r.endings:
		if len(e.Unacked) != 0 {
			t.Errorf("%d stanzas handed on as unacknowledged after a graceful close", len(e.Unacked))
		}
	case <-time.After(100 * time.Millisecond):
	}
}
