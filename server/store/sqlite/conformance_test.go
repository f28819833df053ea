package sqlite_test

import (
	"github.com/canto-im/xmpp"
	"path/filepath"
	"testing"

	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
	"github.com/canto-im/xmpp/server/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestFASTConformance(t *testing.T) {
	storetest.RunFAST(t, func(t *testing.T) xmpp.FASTServerStore {
		s := openTemp(t)
		if err := s.CreateAccount(t.Context(), "alice", nil); err != nil {
			t.Fatal(err)
		}
		return s.FAST()
	})
}
