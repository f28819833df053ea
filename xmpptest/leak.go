package xmpptest

import (
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
)

// Main runs the tests of a package and then fails if goroutines they started
// are still running. Call it from TestMain:
//
//	func TestMain(m *testing.M) { xmpptest.Main(m) }
func Main(m *testing.M) { leaktest.Main(m) }
