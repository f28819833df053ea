//go:build race

package server_test

// raceEnabled: the race detector slows everything several times over, so
// latency bounds are not checked in race builds (counts still are).
const raceEnabled = true
