package xmpp

import (
	"sync"
	"testing"
)

// TestSignal: a signal's channel is closed by close whether it was asked
// for before close, after it, or at the same moment; all who asked get
// the same channel until close.
func TestSignal(t *testing.T) {
	closed := func(c <-chan struct{}) bool {
		select {
		case <-c:
			return true
		default:
			return false
		}
	}
	var before signal
	c := before.ch()
	if closed(c) || before.ch() != c {
		t.Fatal("an open signal's channel is closed or not the same twice")
	}
	before.close()
	if !closed(c) || !closed(before.ch()) {
		t.Fatal("close did not close the channel asked for before it")
	}
	var after signal
	after.close()
	if !closed(after.ch()) {
		t.Fatal("the channel of a signal closed before anyone asked is open")
	}
	for range 100 {
		var g signal
		var wg sync.WaitGroup
		chans := make([]<-chan struct{}, 4)
		for i := range chans {
			wg.Go(func() { chans[i] = g.ch() })
		}
		wg.Go(g.close)
		wg.Wait()
		for _, c := range chans {
			if !closed(c) {
				t.Fatal("a channel asked for as the signal closed stayed open")
			}
		}
	}
}
