package mam

import "time"

// toMicro returns t in UTC without its monotonic reading, cut down to the
// microsecond: what t.UTC().Truncate(time.Microsecond) returns. A second
// is a whole number of microseconds, so t is cut by its nanoseconds past
// the last microsecond, without Truncate's general division of the time
// since year 1 (a few hundred instructions per message archived).
func toMicro(t time.Time) time.Time {
	t = t.UTC() // drops the monotonic reading too
	return t.Add(-time.Duration(t.Nanosecond() % 1000))
}
