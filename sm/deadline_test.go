package sm

import (
	"context"
	"errors"
	"testing"
	"time"
)

// deadline behaves as context.WithTimeout's context does, whether Done is
// asked for before the time, after it, or never.
func TestDeadline(t *testing.T) {
	for _, tc := range []struct {
		name      string
		d         time.Duration
		doneFirst bool
	}{
		{"waited on", 20 * time.Millisecond, true},
		{"only Err", 20 * time.Millisecond, false},
		{"past already", -time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, stop := withDeadline(tc.d)
			defer stop()
			var c context.Context = ctx
			if at, ok := c.Deadline(); !ok || at.IsZero() {
				t.Fatal("no deadline")
			}
			if tc.d > 0 && c.Err() != nil {
				t.Fatalf("Err %v before the time", c.Err())
			}
			if tc.doneFirst {
				select {
				case <-c.Done():
				case <-time.After(5 * time.Second):
					t.Fatal("Done never closed")
				}
			} else {
				time.Sleep(tc.d + 5*time.Millisecond)
			}
			if !errors.Is(c.Err(), context.DeadlineExceeded) {
				t.Fatalf("Err %v after the time", c.Err())
			}
			select {
			case <-c.Done():
			default:
				t.Fatal("Err reports the end but Done is open")
			}
			// context.AfterFunc works on it.
			ran := make(chan struct{})
			context.AfterFunc(c, func() { close(ran) })
			select {
			case <-ran:
			case <-time.After(5 * time.Second):
				t.Fatal("AfterFunc never ran")
			}
		})
	}
	// Stopped before the time: no timer left running.
	ctx, stop := withDeadline(time.Hour)
	_ = ctx.Done()
	stop()
	if ctx.timer == nil || ctx.timer.Stop() {
		t.Fatal("stop left the timer running")
	}
}
