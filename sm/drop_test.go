package sm_test

import (
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
)

// TestDrop: a stream its client will not resume (it bound afresh) ends
// at once: a kept one has its unacknowledged stanzas handed over before
// Drop returns, not at the end of the window; a live one is not kept
// when its connection then drops. Either way a late <resume/> finds
// nothing.
func TestDrop(t *testing.T) {
	for _, c := range []struct {
		name     string
		detached bool // the connection dropped before Drop
	}{
		{"kept", true},
		{"live", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1}) // the default window
			cn := r.enabled(quiet, xmpp.Config{})
			ctx := ctx5(t)
			rc, err := sm.Send(ctx, cn.server, msg(101))
			if err != nil {
				t.Fatal(err)
			}
			if c.detached {
				cn.kill(t)
				if !r.srv.Detached(cn.server) {
					t.Fatal("stream not kept")
				}
			}
			told := r.srv.Drop(cn.server)
			if told != c.detached {
				t.Fatalf("Drop = %v", told)
			}
			if !c.detached {
				select {
				case e := <-r.endings:
					t.Fatalf("live stream ended by Drop: %+v", e)
				default:
				}
				cn.kill(t) // as a network failure would: kept, but for Drop
				if r.srv.Detached(cn.server) {
					t.Fatal("dropped stream kept")
				}
			}
			select {
			case e := <-r.endings:
				if e.Detached != c.detached || e.Session != cn.server || len(e.Unacked) != 1 || e.Unacked[0].Name().Local != "message" {
					t.Fatalf("ending %+v", e)
				}
			case <-time.After(time.Second):
				t.Fatal("unacknowledged stanzas not handed over")
			}
			if err := rc.Wait(ctx); !errors.Is(err, sm.ErrUnacknowledged) {
				t.Fatalf("receipt: %v", err)
			}
			if r.srv.Drop(cn.server) {
				t.Fatal("dropped twice")
			}
			st, err := sm.Ended(cn.client)
			if err != nil {
				t.Fatal(err)
			}
			late := r.mustConnect("", xmpp.Config{}, sm.ResumeFeature(st, quiet), xmpp.BindResource())
			if res := sm.ResumptionOf(late.client, st); res.Resumed || !errors.Is(res.Err, sm.Failed{Condition: stanza.ItemNotFound}) {
				t.Fatalf("resumed a dropped stream: %+v", res)
			}
			select {
			case e := <-r.endings:
				t.Fatalf("told twice: %+v", e)
			default:
			}
		})
	}
}
