//go:build race

package styling_test

// raceEnabled: the race detector makes Parse several times slower, so
// TestParseLinear allows it more time.
const raceEnabled = true
