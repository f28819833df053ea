package sm

import (
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
)

// A request whose send failed goes again after retryDelay only while one
// is due: AckEvery stanzas or more were sent since the last request
// written, AckAfter is on, a sender refused for a full queue waits for
// the answer, or the request was needed at once (modeNow). Otherwise
// (here a burst's tail, fewer than AckEvery, with AckAfter negative; or
// Flush's own, short of AckEvery) the count asks about those stanzas when
// it is due, and no timer asks meanwhile. (Before, every failed request
// of the timer's went again every 100 ms, even with time-based requests
// turned off; and Flush's went never, even when AckEvery stanzas or more,
// sent while it was out and so not asked about by the count, waited with
// nothing more to send: the peer was not asked about them.)
func TestFailedRequestGoesAgainOnlyIfDue(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lim      limits
		from     timerMode // what the failed request went for
		since    uint32    // stanzas sent since the last request written
		stalled  bool
		wantMode timerMode
	}{
		{"tail, no time-based requests", limits{ackEvery: 3, ackAfter: -1}, modeUnlessOut, 2, false, modeOff},
		{"due by count", limits{ackEvery: 3, ackAfter: -1}, modeUnlessOut, 3, false, modeUnlessOut},
		{"time-based requests on", limits{ackEvery: 3, ackAfter: time.Hour}, modeUnlessOut, 2, false, modeUnlessOut},
		{"sender waits", limits{ackEvery: -1, ackAfter: -1}, modeOff, 1, true, modeUnlessOut},
		{"needed now", limits{ackEvery: 3, ackAfter: -1}, modeNow, 1, false, modeNow},
		{"Flush's, a tail", limits{ackEvery: 3, ackAfter: -1}, modeOff, 2, false, modeOff},
		{"Flush's, time-based requests on", limits{ackEvery: 3, ackAfter: time.Hour}, modeOff, 2, false, modeOff},
		{"Flush's, due by count", limits{ackEvery: 3, ackAfter: -1}, modeOff, 3, false, modeUnlessOut},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := newSession(tc.lim)
			ss.mu.Lock()
			ss.reqAt = 10
			for range tc.since {
				ss.out++
				ss.q.slot()
			}
			ss.out += 10
			ss.stalled = tc.stalled
			a := ss.ask()
			ss.mu.Unlock()
			ss.takeBack(a, tc.from, nil)
			ss.mu.Lock()
			defer ss.mu.Unlock()
			if ss.timer != nil {
				defer ss.timer.Stop()
			}
			if ss.mode != tc.wantMode {
				t.Errorf("timer set for %d, want %d", ss.mode, tc.wantMode)
			}
			if ss.asked() || ss.reqAt != 10 {
				t.Errorf("asked %v, count from %d; want no request out, count from 10", ss.asked(), ss.reqAt)
			}
		})
	}
}

// A request whose send failed with xmpp.ErrClosed (this side's closing tag
// went, or the peer's came) is not tried again, however due: the stream
// takes no more, and nobody would answer. Nor does AckAfter's timer, set
// as the request went, keep asking. (Before, it went again every 100 ms
// until the session ended, for the whole wait for the peer's closing tag.)
func TestClosedRequestNotTriedAgain(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lim     limits
		from    timerMode
		stalled bool
	}{
		{"due by count", limits{ackEvery: 3, ackAfter: -1}, modeUnlessOut, false},
		{"time-based requests on", limits{ackEvery: 3, ackAfter: time.Hour}, modeTimed, false},
		{"sender waits", limits{ackEvery: -1, ackAfter: -1}, modeOff, true},
		{"needed now", limits{ackEvery: 3, ackAfter: -1}, modeNow, false},
		{"Flush's", limits{ackEvery: 3, ackAfter: time.Hour}, modeOff, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := newSession(tc.lim)
			ss.mu.Lock()
			ss.reqAt = 10
			for range 3 {
				ss.out++
				ss.q.slot()
			}
			ss.out += 10
			ss.stalled = tc.stalled
			if tc.lim.ackAfter > 0 {
				ss.schedule(tc.lim.ackAfter, modeTimed) // as request sets it
			}
			a := ss.ask()
			ss.mu.Unlock()
			ss.takeBack(a, tc.from, fmt.Errorf("send: %w", xmpp.ErrClosed))
			ss.mu.Lock()
			defer ss.mu.Unlock()
			if ss.mode != modeOff {
				t.Errorf("timer set for %d, want it off", ss.mode)
			}
			if ss.timer != nil && ss.timer.Stop() {
				t.Error("the timer was still running")
			}
			if ss.asked() || ss.reqAt != 10 {
				t.Errorf("asked %v, count from %d; want no request out, count from 10", ss.asked(), ss.reqAt)
			}
		})
	}
}
