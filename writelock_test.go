package xmpp

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestWriteLock has writers take the lock in every way at once, some giving
// up their wait: the lock must exclude, and no waiter may sleep through a
// release (the test would hang).
func TestWriteLock(t *testing.T) {
	l := newWriteLock()
	var inside atomic.Int32
	var wg sync.WaitGroup
	stop := make(chan struct{})
	work := func() {
		if inside.Add(1) != 1 {
			t.Error("two holders at once")
		}
		runtime.Gosched() // hold it a while: others find it taken
		inside.Add(-1)
		l.unlock()
	}
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				switch (g + i) % 3 {
				case 0:
					if l.tryLock() {
						work()
					}
				case 1:
					if l.lock(nil, stop) {
						work()
					}
				case 2:
					done := make(chan struct{})
					close(done) // gives up at once unless the lock is free
					if l.lock(done, stop) {
						work()
					}
				}
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(20 * time.Second):
		close(stop)
		t.Fatal("a waiter was never woken")
	}
	if !l.tryLock() {
		t.Fatal("the lock is held after every writer let go")
	}
}

// TestWriteLockHandsOver checks that a writer waiting for the lock is
// handed it as the holder lets go, so that a holder that takes it again at
// once (a queue's writer failing one element after another) cannot keep
// the waiting one out, as it could not while the lock was a channel.
func TestWriteLockHandsOver(t *testing.T) {
	l := newWriteLock()
	l.lock(nil, nil)
	took := make(chan bool)
	go func() { took <- l.lock(nil, nil) }()
	for l.waiters.Load() == 0 {
		runtime.Gosched()
	}
	l.unlock()
	if l.tryLock() {
		t.Fatal("the holder took the lock again before the waiting writer")
	}
	if !<-took {
		t.Fatal("the waiting writer did not get the lock")
	}
	l.unlock()
	if !l.tryLock() {
		t.Fatal("the lock is held after both let go")
	}
}
