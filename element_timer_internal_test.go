package xmpp

import (
	"testing"
	"time"
)

// testClock is an element clock with timeout T whose fire reports on fired.
func testClock(T time.Duration) (*elementClock, chan time.Time) {
	fired := make(chan time.Time, 1)
	c := newElementClock(nil)
	c.timeout, c.limit, c.base = T, T, time.Now()
	c.fire = func() {
		select {
		case fired <- time.Now():
		default:
		}
	}
	return c, fired
}

// TestElementClockTimesEachElement: the timer, left running from an
// earlier element, times each element from its own start: elements open
// for less than the timeout, back to back, are never cut off, and an
// element is cut off once it has been open for the timeout, not when an
// earlier one would have run out.
func TestElementClockTimesEachElement(t *testing.T) {
	const T = 200 * time.Millisecond
	t.Run("back to back", func(t *testing.T) {
		// Ages come from moving the clock's origin back, and the timer's
		// firing is check called here, so nothing depends on how fast
		// the machine runs: with a timeout of an hour, the real timer
		// never fires during the test.
		const T = time.Hour
		c, fired := testClock(T)
		defer c.stop()
		age := func(d time.Duration) { c.base = c.base.Add(-d) }
		for range 4 {
			c.arm()
			age(T / 2)
			c.pause()
		}
		c.arm()
		age(T / 2)
		// The timer set for the first element, two timeouts ago, fires.
		c.check()
		select {
		case <-fired:
			t.Fatal("an element open for half the timeout was cut off")
		default:
		}
		age(T/2 + time.Millisecond)
		c.check()
		select {
		case <-fired:
		default:
			t.Fatal("an element open for longer than the timeout was not cut off")
		}
	})
	t.Run("from its start", func(t *testing.T) {
		c, fired := testClock(T)
		defer c.stop()
		c.arm()
		time.Sleep(T / 4)
		c.pause()
		time.Sleep(T / 4)
		start := time.Now()
		c.arm() // open until it runs out
		select {
		case at := <-fired:
			if open := at.Sub(start); open < T {
				t.Fatalf("cut off after %v, want at least %v", open, T)
			}
		case <-time.After(10 * T):
			t.Fatal("an element open for ten times the timeout was not cut off")
		}
	})
}
