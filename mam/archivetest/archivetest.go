// Package archivetest checks that an implementation of mam.Archive (the
// archive side of XEP-0313: Message Archive Management, version 1.1)
// behaves as mam.MemoryArchive does: filters, paging (XEP-0059), bounds
// and preferences.
package archivetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
)

// New returns an empty archive within lim.
type New func(t *testing.T, lim mam.MemoryLimits) mam.Archive

var (
	owner = jid.MustParse("juliet@example.com")
	romeo = jid.MustParse("romeo@example.net/orchard")
	nurse = jid.MustParse("nurse@example.com/kitchen")
	t0    = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Run runs every check on archives from newArchive.
func Run(t *testing.T, newArchive New) {
	t.Run("Query", func(t *testing.T) { testQuery(t, newArchive) })
	t.Run("Bounds", func(t *testing.T) { testBounds(t, newArchive) })
	t.Run("Prefs", func(t *testing.T) { testPrefs(t, newArchive) })
}

// Fill appends n messages to owner's archive in a, one a minute from t0,
// with ids m0, m1, …, alternately with romeo and the nurse.
func Fill(tb testing.TB, a mam.Archive, n int) {
	for i := range n {
		with := romeo
		if i%2 == 1 {
			with = nurse
		}
		raw := fmt.Appendf(nil, "<message xmlns='jabber:client' type='chat'><body>%d</body></message>", i)
		if err := a.Append(owner, mam.Stored{ID: fmt.Sprintf("m%d", i), Time: t0.Add(time.Duration(i) * time.Minute), With: with, Raw: raw}); err != nil {
			tb.Fatal(err)
		}
	}
}

// Owner is the JID whose archive Fill fills.
func Owner() jid.JID { return owner }

func ids(p mam.Page) string {
	var out []string
	for _, m := range p.Messages {
		out = append(out, m.ID)
	}
	return strings.Join(out, ",")
}

func testQuery(t *testing.T, newArchive New) {
	a := newArchive(t, mam.MemoryLimits{Messages: 20})
	Fill(t, a, 10)
	minute := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }
	for _, tc := range []struct {
		name     string
		f        mam.Filter
		set      paging.Request
		want     string
		count    int
		complete bool
		err      error
	}{
		{"All", mam.Filter{}, paging.Request{}, "m0,m1,m2,m3,m4,m5,m6,m7,m8,m9", 10, true, nil},
		{"FirstPage", mam.Filter{}, paging.Request{Max: 3}, "m0,m1,m2", 10, false, nil},
		{"After", mam.Filter{}, paging.Request{Max: 3, After: "m7"}, "m8,m9", 10, true, nil},
		{"AfterMiddle", mam.Filter{}, paging.Request{Max: 3, After: "m2"}, "m3,m4,m5", 10, false, nil},
		{"LastPage", mam.Filter{}, paging.Request{Max: 3, LastPage: true}, "m7,m8,m9", 10, false, nil},
		{"Before", mam.Filter{}, paging.Request{Max: 3, Before: "m2"}, "m0,m1", 10, true, nil},
		{"BeforeMiddle", mam.Filter{}, paging.Request{Max: 3, Before: "m7"}, "m4,m5,m6", 10, false, nil},
		{"Index", mam.Filter{}, paging.Request{Max: 2, Index: 4}, "m4,m5", 10, false, nil},
		{"IndexNearEnd", mam.Filter{}, paging.Request{Max: 2, Index: 8}, "m8,m9", 10, true, nil},
		{"CountOnly", mam.Filter{}, paging.Request{CountOnly: true}, "", 10, false, nil},
		{"WithBare", mam.Filter{With: romeo.Bare()}, paging.Request{}, "m0,m2,m4,m6,m8", 5, true, nil},
		{"WithFull", mam.Filter{With: nurse}, paging.Request{Max: 2, After: "m3"}, "m5,m7", 5, false, nil},
		{"WithBareLastPage", mam.Filter{With: nurse.Bare()}, paging.Request{Max: 2, LastPage: true}, "m7,m9", 5, false, nil},
		{"WithOtherResource", mam.Filter{With: jid.MustParse("romeo@example.net/balcony")}, paging.Request{}, "", 0, true, nil},
		{"StartEnd", mam.Filter{Start: minute(3), End: minute(5)}, paging.Request{}, "m3,m4,m5", 3, true, nil},
		{"AfterBeforeID", mam.Filter{AfterID: "m2", BeforeID: "m6"}, paging.Request{}, "m3,m4,m5", 3, true, nil},
		{"IDs", mam.Filter{IDs: []string{"m9", "m1", "m9"}}, paging.Request{}, "m1,m9", 2, true, nil},
		{"IDsOutsideWith", mam.Filter{IDs: []string{"m1", "m2"}, With: nurse}, paging.Request{}, "m1", 1, true, nil},
		{"UnknownAfterID", mam.Filter{AfterID: "x"}, paging.Request{}, "", 0, false, mam.ErrNotFound},
		{"UnknownIDs", mam.Filter{IDs: []string{"m1", "x"}}, paging.Request{}, "", 0, false, mam.ErrNotFound},
		{"UnknownPageID", mam.Filter{}, paging.Request{After: "x"}, "", 0, false, mam.ErrNotFound},
		{"PageIDOutsideFilter", mam.Filter{With: nurse}, paging.Request{After: "m2"}, "", 0, false, mam.ErrNotFound},
		{"Empty range", mam.Filter{Start: minute(8), End: minute(2)}, paging.Request{}, "", 0, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := a.Query(owner, tc.f, tc.set)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if ids(p) != tc.want || p.Set.Count != tc.count || p.Complete != tc.complete {
				t.Errorf("got %s (count %d, complete %v), want %s (%d, %v)", ids(p), p.Set.Count, p.Complete, tc.want, tc.count, tc.complete)
			}
			if len(p.Messages) > 0 && (p.Set.First != p.Messages[0].ID || p.Set.Last != p.Messages[len(p.Messages)-1].ID) {
				t.Errorf("page bounds %s..%s, messages %s", p.Set.First, p.Set.Last, ids(p))
			}
		})
	}
	p, err := a.Query(owner, mam.Filter{IDs: []string{"m3"}}, paging.Request{})
	if err != nil || len(p.Messages) != 1 {
		t.Fatalf("m3: %s, %v", ids(p), err)
	}
	if m := p.Messages[0]; m.With != nurse || !m.Time.Equal(minute(3)) || string(m.Raw) != "<message xmlns='jabber:client' type='chat'><body>3</body></message>" {
		t.Errorf("m3 read back as %v %v %q", m.With, m.Time, m.Raw)
	}
	if p, err := a.Query(jid.MustParse("nobody@example.com"), mam.Filter{}, paging.Request{}); err != nil || len(p.Messages) != 0 {
		t.Errorf("another owner's archive: %s, %v", ids(p), err)
	}
	first, last, ok, err := a.Bounds(owner)
	if err != nil || !ok || first.ID != "m0" || last.ID != "m9" {
		t.Errorf("Bounds = %s, %s, %v, %v", first.ID, last.ID, ok, err)
	}
	if _, _, ok, err := a.Bounds(jid.MustParse("nobody@example.com")); ok || err != nil {
		t.Errorf("Bounds of an empty archive: %v, %v", ok, err)
	}
}

// testBounds: the oldest messages go beyond the count, the bytes and the
// retention; an id archived twice is kept once; times never go back.
func testBounds(t *testing.T, newArchive New) {
	a := newArchive(t, mam.MemoryLimits{Messages: 3, Retention: time.Hour})
	now := time.Now()
	for i, at := range []time.Time{now.Add(-3 * time.Hour), now.Add(-time.Minute), now, now.Add(-time.Hour / 2), now, now} {
		if err := a.Append(owner, mam.Stored{ID: fmt.Sprintf("m%d", min(i, 4)), Time: at, With: romeo}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := a.Query(owner, mam.Filter{}, paging.Request{})
	if err != nil || ids(p) != "m2,m3,m4" {
		t.Fatalf("kept %s, %v", ids(p), err)
	}
	if p, err := a.Query(owner, mam.Filter{With: romeo.Bare()}, paging.Request{Max: 2, After: "m2"}); err != nil || ids(p) != "m3,m4" || p.Set.Count != 3 {
		t.Errorf("by correspondent after expiry: %s (count %d), %v", ids(p), p.Set.Count, err)
	} else if !p.Messages[0].Time.Equal(now) {
		t.Errorf("a message received out of order is stamped %v, before the one before it", p.Messages[0].Time)
	}
	b := newArchive(t, mam.MemoryLimits{Retention: time.Hour})
	if err := b.Append(owner, mam.Stored{ID: "old", Time: now.Add(-2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if p, _ := b.Query(owner, mam.Filter{}, paging.Request{}); len(p.Messages) != 0 {
		t.Errorf("kept beyond the retention: %s", ids(p))
	}
	c := newArchive(t, mam.MemoryLimits{Bytes: 25})
	for i := range 4 {
		if err := c.Append(owner, mam.Stored{ID: fmt.Sprint("b", i), Time: now, Raw: make([]byte, 10)}); err != nil {
			t.Fatal(err)
		}
	}
	if p, _ := c.Query(owner, mam.Filter{}, paging.Request{}); ids(p) != "b2,b3" {
		t.Errorf("bounded by bytes: kept %s", ids(p))
	}
}

func testPrefs(t *testing.T, newArchive New) {
	a := newArchive(t, mam.MemoryLimits{})
	if p, err := a.Prefs(owner); err != nil || p.Default != "" || len(p.Always)+len(p.Never) != 0 {
		t.Fatalf("Prefs before any: %+v, %v", p, err)
	}
	want := mam.Prefs{Default: "roster", Always: []jid.JID{romeo}, Never: []jid.JID{nurse.Bare()}}
	if err := a.SetPrefs(owner, want); err != nil {
		t.Fatal(err)
	}
	got, err := a.Prefs(owner)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Prefs = %+v, %v; want %+v", got, err, want)
	}
}
