package sm_test

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestDropWhileResuming: a client that binds afresh while a connection of
// its is still resuming the stream (one it gave up on: cut after
// <resume/>, or timed out) will not resume the stream. Whether that
// resumption fails before or after the old stream's handler lets it go
// on, the stream ends then, its unacknowledged stanzas handed over at
// once, rather than going back to its window (five minutes by default, in
// which they reach nobody); a later <resume/> finds nothing.
func TestDropWhileResuming(t *testing.T) {
	for _, c := range []struct {
		name     string
		cutFirst bool // the resuming connection dies before Drop
	}{
		{"dropped, then cut", false},
		{"cut, then dropped", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := newInterrupted(t)
			conn, first := in.attempt()
			in.waitResuming(t, true) // held by the old stream's handler
			if c.cutFirst {
				_ = conn.Close()
			}
			if in.r.srv.Drop(in.old) {
				t.Fatal("Drop reported a kept stream ended while it was being resumed")
			}
			if !c.cutFirst {
				_ = conn.Close()
			}
			close(in.atServer.open)
			if res := <-first; res.err == nil && in.resumer.Resumed(res.cn.client) {
				t.Fatal("resumed a stream its client had replaced")
			}
			// Detached or not: the server may not have noticed the old
			// connection's end before the takeover ended it.
			in.wantEnded(t, "the dropped stream went back to its window: its unacknowledged stanzas were not handed over")
			_, second := in.attempt()
			res := <-second
			if res.err != nil {
				t.Fatal(res.err)
			}
			if r := sm.ResumptionOf(res.cn.client, nil); r.Resumed || !errors.Is(r.Err, sm.Failed{Condition: stanza.ItemNotFound}) {
				t.Fatalf("resumed a dropped stream: %+v", r)
			}
		})
	}
}

// bodyOf returns the body of a message element.
func bodyOf(el *xmlstream.Element) string {
	b, ok := el.Child(el.Name().Space, "body")
	if !ok {
		return ""
	}
	return b.Text()
}

// TestDropAfterResumeChecks: a fresh bind (Drop) that lands after the
// resumption's checks and before its answer fails the resumption with
// <failed/> item-not-found, as one before the checks does: the stream
// stays open and the client binds afresh on it, and the dropped stream
// ends, its unacknowledged stanzas handed over at once. The old code
// answered <resumed/> for a stream whose resource the fresh binding had
// taken (the server then ended it with internal-server-error).
func TestDropAfterResumeChecks(t *testing.T) {
	in := newInterrupted(t)
	checked, goOn := make(chan struct{}), make(chan struct{})
	var once sync.Once
	sm.SetAfterTakeOver(func() {
		once.Do(func() {
			close(checked)
			<-goOn
		})
	})
	t.Cleanup(func() { sm.SetAfterTakeOver(nil) })
	_, first := in.attempt()
	in.waitResuming(t, true)
	close(in.atServer.open)
	select {
	case <-checked:
	case <-time.After(5 * time.Second):
		t.Fatal("the resumption did not pass its checks")
	}
	if in.r.srv.Drop(in.old) {
		t.Fatal("Drop reported a kept stream ended while it was being resumed")
	}
	close(goOn)
	res := <-first
	if res.err != nil {
		t.Fatalf("the stream did not stay open for a fresh bind: %v", res.err)
	}
	if r := sm.ResumptionOf(res.cn.client, nil); r.Resumed || !errors.Is(r.Err, sm.Failed{Condition: stanza.ItemNotFound}) {
		t.Fatalf("resumption %+v, want <failed/> item-not-found", r)
	}
	in.wantEnded(t, "the dropped stream went back to its window")
}

// wantEnded checks that the old session's stream ended within 2 s, with
// the stanzas the server sent it unacknowledged, or fails with late.
func (in *interrupted) wantEnded(t *testing.T, late string) {
	t.Helper()
	select {
	case e := <-in.r.endings:
		var got []string
		for _, el := range e.Unacked {
			got = append(got, bodyOf(el))
		}
		if e.Session != in.old || !slices.Equal(got, in.srvSent) {
			t.Fatalf("ending %+v with %v, want the old session's with %v", e, got, in.srvSent)
		}
	case <-time.After(2 * time.Second):
		t.Fatal(late)
	}
}
