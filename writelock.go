package xmpp

import "sync/atomic"

// writeLock is the session's write lock. Taking it while it is free and
// letting it go while nobody waits are a few atomic operations: as a
// channel of one slot, which it was, each took and released the runtime's
// lock of the channel, twice per element sent. A writer that finds it held
// waits on a channel, so that its context or the stream's end can stop the
// wait, and is handed the lock by the holder that lets go, in turn, as the
// channel did: a writer that keeps taking the lock (a queue's writer
// failing one element after another) cannot keep a waiting one out.
type writeLock struct {
	held atomic.Bool
	// waiters counts the writers waiting for the lock, or about to: the
	// holder hands it to one of them, and unlockWrite leaves the flush
	// to them.
	waiters atomic.Int32
	// handoff carries the lock from the holder to a waiter: held stays
	// set, and a token in it is owned by whoever receives it. It is
	// empty whenever anyone holds the lock.
	handoff chan struct{}
}

func newWriteLock() writeLock { return writeLock{handoff: make(chan struct{}, 1)} }

// tryLock takes the lock if it is free.
func (l *writeLock) tryLock() bool {
	return !l.held.Load() && l.held.CompareAndSwap(false, true)
}

// unlock hands the lock to a waiter, or lets it go if none waits.
func (l *writeLock) unlock() {
	for {
		if l.waiters.Load() == 0 {
			l.held.Store(false)
			// A writer that began to wait meanwhile may have found it
			// held: take it back to hand it over, unless another
			// writer has taken it (and will hand it over itself).
			if l.waiters.Load() == 0 || !l.tryLock() {
				return
			}
		}
		l.handoff <- struct{}{} // never blocks: empty while held
		if l.waiters.Load() != 0 {
			return // a waiter takes it, or passes it on as it gives up
		}
		select {
		case <-l.handoff: // the waiters gave up: take it back
		default:
			return // a waiter has it
		}
	}
}

// lock takes the lock, waiting for it unless done or stop is closed first
// (either may be nil). It reports whether it took it.
func (l *writeLock) lock(done, stop <-chan struct{}) bool {
	if l.tryLock() {
		return true
	}
	l.waiters.Add(1)
	return l.wait(done, stop)
}

// wait is lock for a writer already counted in waiters, which it no
// longer is once wait returns.
func (l *writeLock) wait(done, stop <-chan struct{}) bool {
	if l.tryLock() {
		l.waiters.Add(-1)
		return true
	}
	select {
	case <-l.handoff:
		l.waiters.Add(-1)
		return true
	case <-done:
	case <-stop:
	}
	l.waiters.Add(-1)
	select {
	case <-l.handoff: // handed over as this gave up: pass it on
		l.unlock()
	default:
	}
	return false
}
