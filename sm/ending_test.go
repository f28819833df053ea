package sm_test

import (
	"errors"
	"slices"
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

// TestResumeSettlesReceipts: the receipts of what the server sent with
// Send and the client's h on <resume/> acknowledges are settled (nil) by
// the resumption; the one it does not cover is sent again and settles
// with the acknowledgement the server asks for after that.
func TestResumeSettlesReceipts(t *testing.T) {
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
	cn.kill(t)
	st, err := sm.Ended(cn.client)
	if err != nil {
		t.Fatal(err)
	}
	st.H = 2 // the client handled two of the three
	cn2 := r.mustConnect("", xmpp.Config{Handler: atClient}, sm.ResumeFeature(st, quiet), xmpp.BindResource(), sm.Feature(quiet))
	if res := sm.ResumptionOf(cn2.client, st); !res.Resumed {
		t.Fatalf("resumption %+v", res)
	}
	for i, rc := range rcs {
		if err := rc.Wait(ctx); err != nil {
			t.Fatalf("receipt %d: %v", i, err)
		}
	}
	if got := atClient.wait(t, 4); !slices.Equal(got, []string{"101", "102", "103", "103"}) {
		t.Fatalf("client got %v", got)
	}
}
