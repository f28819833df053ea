package store_test

import (
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mam/archivetest"
	"github.com/canto-im/xmpp/pubsub"
	pubstoretest "github.com/canto-im/xmpp/pubsub/storetest"
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

// The archives and PEP nodes Memory keeps pass the conformance tables of
// mam.Archive and pubsub.Store.
func TestMemoryKeptArchiveConformance(t *testing.T) {
	archivetest.Run(t, func(t *testing.T, lim mam.MemoryLimits) mam.Archive { return store.NewMemory().MessageArchive(lim) })
}

func TestMemoryKeptPEPConformance(t *testing.T) {
	pubstoretest.Run(t, func(*testing.T) pubsub.Store { return store.NewMemory().PEPStore() })
}
