package client

import (
	"sync"
	"testing"

	"github.com/canto-im/xmpp"
)

// fakeResumer claims every session after the first resumed, and counts
// the negotiations it was asked for features.
type fakeResumer struct {
	mu       sync.Mutex
	features int
	sessions int
}

func (r *fakeResumer) Features() []xmpp.StreamFeature {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.features++
	return nil
}

func (r *fakeResumer) Resumed(*xmpp.Session) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sessions++
	return r.sessions > 1
}

func TestResumerSeam(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	r := &fakeResumer{}
	c, _ := newClient(t, "alice", ts.addr(), Config{Resumer: r})
	if ev, _ := waitFor(t, c, Online); ev.Gap {
		t.Errorf("first session: %+v", ev)
	}
	ts.ln.dropAll()
	ev, seen := waitFor(t, c, Resumed)
	for _, e := range seen {
		if e.State == Online {
			t.Errorf("Online reported for a resumed session: %v", states(seen))
		}
	}
	if ev.Addr.IsZero() || c.State() != Resumed {
		t.Errorf("resumed: %+v, state %v", ev, c.State())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.features != 2 || r.sessions != 2 {
		t.Errorf("Features called %d times, Resumed %d; want 2 and 2", r.features, r.sessions)
	}
}
