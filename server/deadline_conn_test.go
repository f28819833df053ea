package server

import (
	"net"
	"testing"
	"time"
)

// deadlineRecorder is a connection that records the write deadlines set on
// it.
type deadlineRecorder struct {
	net.Conn
	set []time.Time
}

func (r *deadlineRecorder) Write(p []byte) (int, error) { return len(p), nil }

func (r *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	r.set = append(r.set, t)
	return nil
}

func (r *deadlineRecorder) SetDeadline(t time.Time) error { return r.SetWriteDeadline(t) }

func TestDeadlineConnRearms(t *testing.T) {
	// Long enough that no stall of a loaded machine between two writes
	// passes a quarter of it; the time that passes is simulated by moving
	// the connection's base back.
	const timeout = 10 * time.Second
	rec := &deadlineRecorder{}
	c := newDeadlineConn(rec, timeout)
	write := func() {
		t.Helper()
		if _, err := c.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	write()
	if len(rec.set) != 1 {
		t.Fatalf("first write set %d deadlines, want 1", len(rec.set))
	}
	if d := rec.set[0].Sub(start); d < timeout || d > timeout+timeout/4 {
		t.Fatalf("first deadline %v after the write, want about %v", d, timeout)
	}
	write()
	write()
	if len(rec.set) != 1 {
		t.Fatalf("writes soon after set %d deadlines in all, want 1", len(rec.set))
	}

	// An outside deadline (an interrupted negotiation, a cleared one) is
	// replaced at the next write, as before.
	_ = c.SetDeadline(time.Unix(1, 0))
	write()
	if n := len(rec.set); n != 3 || !rec.set[2].After(time.Now()) {
		t.Fatalf("write after an outside deadline: deadlines %v, want a new one in the future", rec.set)
	}
	_ = c.SetWriteDeadline(time.Time{})
	write()
	if n := len(rec.set); n != 5 || rec.set[4].IsZero() {
		t.Fatalf("write after a cleared deadline: deadlines %v, want a new one", rec.set)
	}

	// Once a quarter of the timeout has passed, a write moves it on: a
	// stalled write never waits more than the timeout.
	c.base = c.base.Add(-(timeout/4 + time.Millisecond))
	before := time.Now()
	write()
	if n := len(rec.set); n != 6 || rec.set[5].Sub(before) < timeout {
		t.Fatalf("write a quarter timeout later: deadlines %v, want a sixth at least %v after it", rec.set, timeout)
	}
}

// A peer that stops reading still loses its connection within the
// timeout, though most writes leave the deadline where it was.
func TestDeadlineConnStalledWriteFails(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	c := newDeadlineConn(a, 100*time.Millisecond)
	defer c.Close()
	done := make(chan error, 1)
	go func() {
		_, err := c.Write([]byte("nobody reads this"))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("write to a peer that does not read succeeded")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("write to a peer that does not read did not time out")
	}
}
