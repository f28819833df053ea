package store_test

import (
	"github.com/canto-im/xmpp"
	"testing"

	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/storetest"
)

func TestMemoryConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return store.NewMemory() })
}

func TestMemoryFASTConformance(t *testing.T) {
	storetest.RunFAST(t, func(*testing.T) xmpp.FASTServerStore { return xmpp.NewMemoryFASTServerStore() })
}

func TestMemoryKeptFASTConformance(t *testing.T) {
	storetest.RunFAST(t, func(*testing.T) xmpp.FASTServerStore { return store.NewMemory().FASTTokens() })
}
