package interop

import (
	"os"
	"strings"
	"testing"
)

// requireEnv lists the environment variables that turn a missing server
// into a failure: CI sets CI, and .ci/run sets CANTO_REQUIRE_INTEROP.
var requireEnv = []string{"CI", "CANTO_REQUIRE_INTEROP"}

// interopRequired reports whether the interop tests may not skip.
func interopRequired() bool {
	for _, name := range requireEnv {
		switch v := strings.ToLower(strings.TrimSpace(os.Getenv(name))); v {
		case "", "0", "false", "no":
		default:
			return true
		}
	}
	return false
}

// skipOrFail skips the test, or fails it where the interop tests are
// required to run.
func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if interopRequired() {
		t.Fatalf("%s (interop tests are required here: CI or CANTO_REQUIRE_INTEROP is set)", msg)
	}
	t.Skip(msg)
}
