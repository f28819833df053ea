package client

import (
	"context"
	"time"
)

// backoff returns the wait before attempt n+1 after n failed attempts in a
// row: the step doubles from min up to max, and the wait is drawn from
// [step/2, step] with r (a number in [0, 1)), so that clients do not
// return in step after an outage while each still waits at least half the
// step.
func backoff(n int, min, max time.Duration, r float64) time.Duration {
	step := min
	for i := 1; i < n && step < max; i++ {
		step *= 2
	}
	if step > max || step <= 0 {
		step = max
	}
	half := step / 2
	return half + time.Duration(r*float64(step-half))
}

// sleep waits d, or until ctx is done (then it returns ctx's error).
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
