package store_test

import (
	"testing"

	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/storetest"
)

func TestMemoryConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return store.NewMemory() })
}
