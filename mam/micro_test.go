package mam

import (
	"testing"
	"time"
)

// TestToMicro holds toMicro to UTC().Truncate(time.Microsecond), on the
// clock's times (with a monotonic reading), in other zones and before
// 1970 and year 1.
func TestToMicro(t *testing.T) {
	east := time.FixedZone("east", 5*3600+1800)
	times := []time.Time{
		time.Now(),
		time.Now().In(east),
		time.Date(2026, 12, 6, 11, 0, 0, 999_999_999, east),
		time.Date(1969, 12, 31, 23, 59, 59, 123_456_789, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1_999, time.UTC),
		time.Date(-5, 3, 1, 0, 0, 0, 7, time.UTC),
		{},
	}
	for i := range 1000 {
		times = append(times, time.Unix(int64(i)*7919-3_000_000, int64(i)*999_983%1_000_000_000))
	}
	for _, tm := range times {
		got, want := toMicro(tm), tm.UTC().Truncate(time.Microsecond)
		if got != want { // == also compares the location and monotonic reading
			t.Fatalf("toMicro(%v) = %#v, want %#v", tm, got, want)
		}
	}
}
