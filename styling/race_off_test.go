//go:build !race

package styling_test

const raceEnabled = false
