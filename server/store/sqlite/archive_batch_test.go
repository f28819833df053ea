package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server/store"
)

// TestArchiveAppendsShareCommit: appends to many owners' archives and
// writes to their PEP nodes that gather while the store's writer is busy
// commit together, in one or two transactions, not one each behind one
// another; each caller returns once its write is stored.
func TestArchiveAppendsShareCommit(t *testing.T) {
	const owners = 32 // each an append and a PEP node
	st := openTemp(t)
	a := st.Archive(mam.MemoryLimits{})
	entered, hold := make(chan struct{}), make(chan struct{})
	batchDone := make(chan []error, 1)
	go func() {
		// Another write holds the store's one writer connection.
		batchDone <- st.Batch(context.Background(), []store.Write{func(context.Context, store.Store) error {
			close(entered)
			<-hold
			return nil
		}})
	}()
	<-entered

	var wg sync.WaitGroup
	errs := make([]error, owners)
	stored := make([]bool, owners)
	pep := st.PEP()
	pepErrs := make([]error, owners)
	pepStored := make([]bool, owners)
	for i := range owners {
		wg.Go(func() {
			owner := jid.MustParse(fmt.Sprintf("u%d@example.test", i))
			pepErrs[i] = pep.Create(owner, "urn:xmpp:tune", pubsub.NodeConfig{}, 10)
			_, pepStored[i], _ = pep.Config(owner, "urn:xmpp:tune")
		})
		wg.Go(func() {
			owner := jid.MustParse(fmt.Sprintf("u%d@example.test", i))
			errs[i] = a.Append(owner, mam.Stored{ID: "m", Time: time.Now(), With: jid.MustParse("romeo@example.net"), Raw: []byte("<message/>")})
			// Returned: the message is there to query.
			_, _, stored[i], _ = a.Bounds(owner)
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		pending, commits := st.GroupForTest()
		if pending == 2*owners && commits == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes waiting, %d committed, want %d waiting", pending, commits, 2*owners)
		}
		time.Sleep(time.Millisecond)
	}
	close(hold)
	wg.Wait()
	if errs := <-batchDone; errs[0] != nil {
		t.Fatal(errs[0])
	}
	for i := range owners {
		if errs[i] != nil || !stored[i] {
			t.Errorf("append %d: %v, stored %v", i, errs[i], stored[i])
		}
		if pepErrs[i] != nil || !pepStored[i] {
			t.Errorf("PEP node %d: %v, stored %v", i, pepErrs[i], pepStored[i])
		}
	}
	if _, commits := st.GroupForTest(); commits > 2 {
		t.Errorf("%d writes took %d commits, want at most 2", 2*owners, commits)
	}
}

// TestArchiveAppendBatch: the entries of one batch are each appended,
// an id already archived ignored.
func TestArchiveAppendBatch(t *testing.T) {
	a := openTemp(t).Archive(mam.MemoryLimits{})
	juliet, romeo := jid.MustParse("juliet@example.com"), jid.MustParse("romeo@example.net")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := func(id string, i int) mam.Stored {
		return mam.Stored{ID: id, Time: t0.Add(time.Duration(i) * time.Minute), With: romeo, Raw: []byte("<message/>")}
	}
	errs := a.AppendBatch([]mam.Entry{
		{Owner: juliet, Stored: m("a", 0)},
		{Owner: romeo, Stored: m("b", 1)},
		{Owner: juliet, Stored: m("a", 2)}, // already archived
		{Owner: juliet, Stored: m("c", 3)},
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
	}
	for _, tc := range []struct {
		owner jid.JID
		ids   string
	}{{juliet, "[a c]"}, {romeo, "[b]"}} {
		p, err := a.Query(tc.owner, mam.Filter{}, paging.Request{Max: 10})
		var ids []string
		for _, m := range p.Messages {
			ids = append(ids, m.ID)
		}
		if err != nil || fmt.Sprint(ids) != tc.ids {
			t.Errorf("%v's archive: %v, %v; want %s", tc.owner, ids, err, tc.ids)
		}
	}
}
