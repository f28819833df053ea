package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mam/archivetest"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	pepstoretest "github.com/canto-im/xmpp/pubsub/storetest"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// openTemp opens a store in a new temporary directory, closed at the
// test's end.
func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "canto.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestArchiveConformance(t *testing.T) {
	archivetest.Run(t, func(t *testing.T, lim mam.MemoryLimits) mam.Archive { return openTemp(t).Archive(lim) })
}

// BenchmarkArchiveQuery100k is one page of 50 from an archive of 100,000
// messages: the first page, a page in the middle (after an id), the last
// page, and a page filtered by correspondent.
func BenchmarkArchiveQuery100k(b *testing.B) {
	const n = 100000
	st := openTemp(b)
	a := st.Archive(mam.MemoryLimits{Messages: 2 * n, Bytes: 1 << 30})
	// Filled in batches, not one durable append per message: the
	// benchmark measures queries.
	if err := st.FillArchiveForTest(archivetest.Owner(), n); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		f    mam.Filter
		set  paging.Request
	}{
		{"First", mam.Filter{}, paging.Request{Max: 50}},
		{"AfterMiddle", mam.Filter{}, paging.Request{Max: 50, After: "m50000"}},
		{"Last", mam.Filter{}, paging.Request{Max: 50, LastPage: true}},
		{"WithAfterMiddle", mam.Filter{With: jid.MustParse("romeo@example.net")}, paging.Request{Max: 50, After: "m50000"}},
		{"IndexMiddle", mam.Filter{}, paging.Request{Max: 50, Index: 50000}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p, err := a.Query(archivetest.Owner(), bc.f, bc.set)
				if err != nil || len(p.Messages) != 50 {
					b.Fatalf("%d messages, %v", len(p.Messages), err)
				}
			}
		})
	}
}

func TestPEPConformance(t *testing.T) {
	pepstoretest.Run(t, func(t *testing.T) pubsub.Store { return openTemp(t).PEP() })
}
