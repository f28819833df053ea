package sm

import "testing"

// Two requests whose sends overlap (a Flush while the timer's request, or
// another Flush, waits for the write lock) and both fail leave no request
// out, whichever fails first: nothing was written, so nothing will be
// answered, and the count (or a sender refused for a full queue) must be
// free to ask again. (Before, the later one restored the state it found,
// "a request is out", which was the earlier one that had failed too: with
// no timed requests, no request went again for the rest of the stream.)
func TestOverlappingFailedRequestsLeaveNoneOut(t *testing.T) {
	for _, laterFirst := range []bool{false, true} {
		ss := newSession(limits{ackEvery: 2, ackAfter: -1})
		ss.mu.Lock()
		ss.out = 3
		first := ss.ask()
		ss.out = 4
		second := ss.ask()
		ss.mu.Unlock()
		if laterFirst {
			ss.takeBack(second, modeOff, nil)
			ss.takeBack(first, modeOff, nil)
		} else {
			ss.takeBack(first, modeOff, nil)
			ss.takeBack(second, modeOff, nil)
		}
		if ss.asked() || ss.reqAt != 0 {
			t.Errorf("later failed first %v: asked %v, count from %d; want no request out, count from 0",
				laterFirst, ss.asked(), ss.reqAt)
		}
	}
}

// A failed request while a written one is out leaves that one out, and
// what the failed one asked about not asked about: the answer to the
// written one then asks about it (see answered).
func TestFailedRequestAfterWrittenOne(t *testing.T) {
	ss := newSession(limits{ackEvery: 2, ackAfter: -1})
	ss.mu.Lock()
	ss.out = 2
	ss.askWritten()
	ss.out = 4
	a := ss.ask()
	ss.mu.Unlock()
	ss.takeBack(a, modeOff, nil)
	if !ss.asked() || ss.reqAt != 2 {
		t.Errorf("asked %v, count from %d; want the written request out, count from 2", ss.asked(), ss.reqAt)
	}
}
