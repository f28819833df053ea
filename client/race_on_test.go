//go:build race

package client

// raceEnabled is true under the race detector, which slows the fault
// test's two clients and server several times over: it runs smaller.
const raceEnabled = true
