//go:build race

package xmpp

// raceEnabled: in race builds sync.Pool drops a share of what is put back
// on purpose, so tests do not count the allocations a pool saves there;
// and everything runs several times slower, so tests that repeat a race
// many times repeat it less.
const raceEnabled = true
