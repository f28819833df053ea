package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server/store"
)

// TestBatch: the writes of a batch commit together; one that fails
// leaves nothing of itself (its savepoint is rolled back) and the others
// are kept.
func TestBatch(t *testing.T) {
	st := openTemp(t)
	ctx := t.Context()
	if err := st.CreateAccount(ctx, "alice", nil); err != nil {
		t.Fatal(err)
	}
	item := func(c string) store.RosterItem { return store.RosterItem{JID: jid.MustParse(c)} }
	errs := st.Batch(ctx, []store.Write{
		func(ctx context.Context, w store.Store) error {
			return w.PutRosterItem(ctx, "alice", item("bob@example.test"), store.RosterVersion{Epoch: "e", Count: 1})
		},
		func(ctx context.Context, w store.Store) error {
			// Changes made, then a failure: all of it undone.
			if err := w.Block(ctx, "alice", []jid.JID{jid.MustParse("mallory@example.test")}); err != nil {
				return err
			}
			return w.SetVCard(ctx, "nobody", []byte("<vCard/>"))
		},
		func(ctx context.Context, w store.Store) error {
			return w.PutRosterItem(ctx, "alice", item("carol@example.test"), store.RosterVersion{Epoch: "e", Count: 2})
		},
	})
	if errs[0] != nil || !errors.Is(errs[1], store.ErrNotFound) || errs[2] != nil {
		t.Fatalf("errs = %v", errs)
	}
	items, v, err := st.Roster(ctx, "alice")
	if err != nil || len(items) != 2 || v.Count != 2 {
		t.Errorf("roster after the batch: %v %v %v", items, v, err)
	}
	// The failed write took its block with it.
	blocked, err := st.BlockList(ctx, "alice")
	if err != nil || len(blocked) != 0 {
		t.Errorf("block list after the batch: %v %v", blocked, err)
	}
}
