package interop

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/internal/leaktest"
)

// TestMain stops the servers the tests started and removes the command
// they built, then checks for leaked goroutines as leaktest.Main does
// (leaktest.Main would exit before the servers could be stopped).
func TestMain(m *testing.M) {
	code := m.Run()
	stopServers()
	removeCLI()
	if code == 0 {
		if leaked := leaktest.Check(5 * time.Second); len(leaked) > 0 {
			fmt.Fprintf(os.Stderr, "leaktest: %d goroutine(s) leaked:\n\n%s\n", len(leaked), strings.Join(leaked, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}
