package mam_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmpptest"
)

var (
	owner = jid.MustParse("juliet@example.com")
	romeo = jid.MustParse("romeo@example.net/orchard")
	nurse = jid.MustParse("nurse@example.com/kitchen")
	t0    = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// filled returns an archive of n messages, one a minute from t0, with ids
// m0, m1, …, alternately with romeo and the nurse.
func filled(n int) *mam.MemoryArchive {
	a := mam.NewMemoryArchive(mam.MemoryLimits{Messages: n + 10})
	for i := range n {
		with := romeo
		if i%2 == 1 {
			with = nurse
		}
		raw := fmt.Appendf(nil, "<message xmlns='jabber:client' type='chat'><body>%d</body></message>", i)
		_ = a.Append(owner, mam.Stored{ID: fmt.Sprintf("m%d", i), Time: t0.Add(time.Duration(i) * time.Minute), With: with, Raw: raw})
	}
	return a
}

func ids(p mam.Page) string {
	var out []string
	for _, m := range p.Messages {
		out = append(out, m.ID)
	}
	return strings.Join(out, ",")
}

// TestMemoryArchiveQuery checks each filter and each way to page, with
// the result set's bounds, count and completeness.
func TestMemoryArchiveQuery(t *testing.T) {
	a := filled(10)
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
		{"LastPage", mam.Filter{}, paging.Request{Max: 3, LastPage: true}, "m7,m8,m9", 10, false, nil},
		{"Before", mam.Filter{}, paging.Request{Max: 3, Before: "m2"}, "m0,m1", 10, true, nil},
		{"Index", mam.Filter{}, paging.Request{Max: 2, Index: 4}, "m4,m5", 10, false, nil},
		{"CountOnly", mam.Filter{}, paging.Request{CountOnly: true}, "", 10, false, nil},
		{"WithBare", mam.Filter{With: romeo.Bare()}, paging.Request{}, "m0,m2,m4,m6,m8", 5, true, nil},
		{"WithFull", mam.Filter{With: nurse}, paging.Request{Max: 2, After: "m3"}, "m5,m7", 5, false, nil},
		{"WithOtherResource", mam.Filter{With: jid.MustParse("romeo@example.net/balcony")}, paging.Request{}, "", 0, true, nil},
		{"StartEnd", mam.Filter{Start: minute(3), End: minute(5)}, paging.Request{}, "m3,m4,m5", 3, true, nil},
		{"AfterBeforeID", mam.Filter{AfterID: "m2", BeforeID: "m6"}, paging.Request{}, "m3,m4,m5", 3, true, nil},
		{"IDs", mam.Filter{IDs: []string{"m9", "m1", "m9"}}, paging.Request{}, "m1,m9", 2, true, nil},
		{"IDsOutsideWith", mam.Filter{IDs: []string{"m1", "m2"}, With: nurse}, paging.Request{}, "m1", 1, true, nil},
		{"UnknownAfterID", mam.Filter{AfterID: "x"}, paging.Request{}, "", 0, false, mam.ErrNotFound},
		{"UnknownIDs", mam.Filter{IDs: []string{"m1", "x"}}, paging.Request{}, "", 0, false, mam.ErrNotFound},
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
		})
	}
	if p, err := a.Query(jid.MustParse("nobody@example.com"), mam.Filter{}, paging.Request{}); err != nil || len(p.Messages) != 0 {
		t.Errorf("another owner's archive: %s, %v", ids(p), err)
	}
	first, last, ok, err := a.Bounds(owner)
	if err != nil || !ok || first.ID != "m0" || last.ID != "m9" {
		t.Errorf("Bounds = %s, %s, %v, %v", first.ID, last.ID, ok, err)
	}
}

// TestMemoryArchiveBounds: the oldest messages go beyond the count and
// the retention; an id archived twice is kept once; times never go back.
func TestMemoryArchiveBounds(t *testing.T) {
	a := mam.NewMemoryArchive(mam.MemoryLimits{Messages: 3, Retention: time.Hour})
	now := time.Now()
	for i, at := range []time.Time{now.Add(-3 * time.Hour), now.Add(-time.Minute), now, now.Add(-time.Hour / 2), now, now} {
		_ = a.Append(owner, mam.Stored{ID: fmt.Sprintf("m%d", min(i, 4)), Time: at, With: romeo})
	}
	p, err := a.Query(owner, mam.Filter{}, paging.Request{})
	if err != nil || ids(p) != "m2,m3,m4" {
		t.Fatalf("kept %s, %v", ids(p), err)
	}
	if p, err := a.Query(owner, mam.Filter{With: romeo.Bare()}, paging.Request{Max: 2, After: "m2"}); err != nil || ids(p) != "m3,m4" || p.Set.Count != 3 {
		t.Errorf("by correspondent after expiry: %s (count %d), %v", ids(p), p.Set.Count, err)
	}
	if !p.Messages[1].Time.Equal(now) {
		t.Errorf("a message received out of order is stamped %v, before the one before it", p.Messages[1].Time)
	}
	b := mam.NewMemoryArchive(mam.MemoryLimits{Retention: time.Hour})
	_ = b.Append(owner, mam.Stored{ID: "old", Time: now.Add(-2 * time.Hour)})
	if p, _ := b.Query(owner, mam.Filter{}, paging.Request{}); len(p.Messages) != 0 {
		t.Errorf("kept beyond the retention: %s", ids(p))
	}
	c := mam.NewMemoryArchive(mam.MemoryLimits{Bytes: 25})
	for i := range 4 {
		_ = c.Append(owner, mam.Stored{ID: fmt.Sprint("b", i), Time: now, Raw: make([]byte, 10)})
	}
	if p, _ := c.Query(owner, mam.Filter{}, paging.Request{}); ids(p) != "b2,b3" {
		t.Errorf("bounded by bytes: kept %s", ids(p))
	}
}

// TestPrefs reads preferences and applies them.
func TestPrefs(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
		with     string
		inRoster bool
		archives bool
	}{
		{"Always", `<prefs xmlns='urn:xmpp:mam:2' default='always'/>`, true, "a@b", false, true},
		{"Never", `<prefs xmlns='urn:xmpp:mam:2' default='never'/>`, true, "a@b", false, false},
		{"RosterIn", `<prefs xmlns='urn:xmpp:mam:2' default='roster'/>`, true, "a@b", true, true},
		{"RosterOut", `<prefs xmlns='urn:xmpp:mam:2' default='roster'/>`, true, "a@b", false, false},
		{"AlwaysListed", `<prefs xmlns='urn:xmpp:mam:2' default='never'><always><jid>a@b</jid></always></prefs>`, true, "a@b/r", false, true},
		{"NeverWins", `<prefs xmlns='urn:xmpp:mam:2' default='always'><always><jid>a@b</jid></always><never><jid>a@b</jid></never></prefs>`, true, "a@b", false, false},
		{"FullJIDOnlyItself", `<prefs xmlns='urn:xmpp:mam:2' default='always'><never><jid>a@b/r</jid></never></prefs>`, true, "a@b/s", false, true},
		{"BadDefault", `<prefs xmlns='urn:xmpp:mam:2' default='often'/>`, false, "", false, false},
		{"NoDefault", `<prefs xmlns='urn:xmpp:mam:2'/>`, false, "", false, false},
		{"BadJID", `<prefs xmlns='urn:xmpp:mam:2' default='always'><never><jid>@</jid></never></prefs>`, false, "", false, false},
		{"TwoAlways", `<prefs xmlns='urn:xmpp:mam:2' default='always'><always/><always/></prefs>`, false, "", false, false},
		{"WrongNS", `<prefs xmlns='urn:xmpp:mam:1' default='always'/>`, false, "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := mam.ParsePrefs(xmpptest.Element(t, tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("ParsePrefs: %v", err)
			}
			if err != nil {
				return
			}
			if got := p.Archives(jid.MustParse(tc.with), tc.inRoster, mam.ArchiveNever); got != tc.archives {
				t.Errorf("Archives = %v", got)
			}
			back, err := mam.ParsePrefs(xmpptest.Element(t, xmpptest.Marshal(t, p)))
			if err != nil || back.Default != p.Default || len(back.Always) != len(p.Always) || len(back.Never) != len(p.Never) {
				t.Errorf("round trip: %+v, %v", back, err)
			}
		})
	}
}
