//go:build !race

package xmpp

const raceEnabled = false
