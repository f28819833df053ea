//go:build race

package stream_test

// raceEnabled: in race builds sync.Pool drops a share of what is put back
// on purpose, so counts of allocations that a pool avoids are not checked.
const raceEnabled = true
