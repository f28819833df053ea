package sm

import (
	"testing"

	"github.com/canto-im/xmpp"
)

// TestAckAllocs checks that taking an acknowledgement nobody waits for
// allocates nothing: the channel that wakes WaitRoom is made only when
// someone waits.
func TestAckAllocs(t *testing.T) {
	ss := newSession(limits{maxStanzas: DefaultMaxUnacked, maxBytes: DefaultMaxUnackedBytes})
	cycle := func() {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		for range DefaultAckEvery {
			ss.out++
			ss.push(entry{held: xmpp.Held{}})
		}
		if _, err := ss.ack(ss.out); err != nil {
			t.Fatal(err)
		}
	}
	cycle() // the queue's storage
	if n := testing.AllocsPerRun(100, cycle); n != 0 {
		t.Errorf("%v allocations per acknowledgement, want 0", n)
	}
}
