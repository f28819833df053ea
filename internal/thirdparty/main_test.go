package thirdparty

import (
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }
