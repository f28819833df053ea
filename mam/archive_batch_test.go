package mam_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
)

// batchCounter is a mam.BatchArchive that counts its batches.
type batchCounter struct {
	mam.Archive
	batches []int
}

func (a *batchCounter) AppendBatch(entries []mam.Entry) []error {
	a.batches = append(a.batches, len(entries))
	errs := make([]error, len(entries))
	for i, e := range entries {
		errs[i] = a.Append(e.Owner, e.Stored)
	}
	return errs
}

// plainArchive is a mam.Archive that is neither a BatchArchive nor the
// MemoryArchive itself: appended to one message at a time.
type plainArchive struct{ mam.Archive }

// TestRecordAll: each message is kept or not by its owner's preferences,
// as Record would; those kept go to a BatchArchive in one batch, and one
// by one to any other archive. Store keeps the same ones.
func TestRecordAll(t *testing.T) {
	for _, tc := range []struct {
		name    string
		archive func() (mam.Archive, *batchCounter)
		batches string
	}{
		{"Memory", func() (mam.Archive, *batchCounter) { return mam.NewMemoryArchive(mam.MemoryLimits{}), nil }, ""},
		{"Plain", func() (mam.Archive, *batchCounter) {
			return plainArchive{mam.NewMemoryArchive(mam.MemoryLimits{})}, nil
		}, ""},
		{"Batch", func() (mam.Archive, *batchCounter) {
			b := &batchCounter{Archive: mam.NewMemoryArchive(mam.MemoryLimits{})}
			return b, b
		}, "[2]"},
	} {
		for _, store := range []bool{false, true} {
			t.Run(fmt.Sprint(tc.name, "/store=", store), func(t *testing.T) {
				testRecordAll(t, tc.archive, tc.batches, store)
			})
		}
	}
}

// testRecordAll records three messages, one of which romeo's preferences
// refuse, with RecordAll or Store, in a fresh archive.
func testRecordAll(t *testing.T, archive func() (mam.Archive, *batchCounter), batches string, store bool) {
	juliet, romeo := jid.MustParse("juliet@example.com"), jid.MustParse("romeo@example.net")
	nurse := jid.MustParse("nurse@example.com")
	a, counter := archive()
	if err := a.SetPrefs(romeo, mam.Prefs{Default: mam.ArchiveRoster}); err != nil {
		t.Fatal(err)
	}
	sv := mam.NewService(a, mam.ServiceOptions{})
	now := time.Now()
	rs := []mam.Recording{
		{Owner: juliet, With: romeo, ID: "j1", When: now, Raw: []byte("<message/>")},
		{Owner: romeo, With: nurse, ID: "r1", When: now, Raw: []byte("<message/>")}, // not in romeo's roster
		{Owner: nurse, With: juliet, ID: "n1", When: now, Raw: []byte("<message/>")},
	}
	if store {
		if err := sv.Store(rs); err != nil {
			t.Errorf("Store = %v", err)
		}
	} else if archived, err := sv.RecordAll(rs); err != nil || fmt.Sprint(archived) != "[true false true]" {
		t.Errorf("RecordAll = %v, %v; want [true false true]", archived, err)
	}
	for owner, want := range map[jid.JID]int{juliet: 1, romeo: 0, nurse: 1} {
		p, err := a.Query(owner, mam.Filter{}, paging.Request{Max: 10})
		if err != nil || len(p.Messages) != want {
			t.Errorf("%v's archive: %d messages, %v; want %d", owner, len(p.Messages), err, want)
		}
	}
	if counter != nil && fmt.Sprint(counter.batches) != batches {
		t.Errorf("batches %v, want %s", counter.batches, batches)
	}
}

// A server archives a message it routes in the recipient's and the
// sender's archives at once: a BatchArchive stores both in one write.
func ExampleService_RecordAll() {
	sv := mam.NewService(mam.NewMemoryArchive(mam.MemoryLimits{}), mam.ServiceOptions{})
	juliet, romeo := jid.MustParse("juliet@example.com"), jid.MustParse("romeo@example.net")
	raw := []byte("<message xmlns='jabber:client' type='chat'><body>Wherefore art thou?</body></message>")
	now := time.Now()
	archived, err := sv.RecordAll([]mam.Recording{
		{Owner: romeo, With: juliet, ID: "in-1", When: now, Raw: raw},  // received
		{Owner: juliet, With: romeo, ID: "out-1", When: now, Raw: raw}, // sent
	})
	fmt.Println(archived, err)
	// Output:
	// [true true] <nil>
}
