package mam_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
)

// TestMemoryArchiveChunks appends past the chunks an account's messages
// are kept in, under limits that drop the oldest one or many at a time,
// and checks that what is left is the newest messages in order: the whole
// archive, the bounds, a page after an id, and the ids a filter by
// correspondent finds; then appends the oldest kept and the newest
// dropped again, which the archive ignores and keeps, as it should. The
// same on an archive whose ids all clash in its index.
func TestMemoryArchiveChunks(t *testing.T) {
	for _, clash := range []bool{false, true} {
		t.Run(fmt.Sprint("clash=", clash), func(t *testing.T) { testMemoryArchiveChunks(t, clash) })
	}
}

func testMemoryArchiveChunks(t *testing.T, clash bool) {
	tests := []struct {
		name     string
		lim      mam.MemoryLimits
		appended int
		want     int // the newest messages kept
	}{
		{"empty", mam.MemoryLimits{Messages: 45}, 0, 0},
		{"one", mam.MemoryLimits{Messages: 45}, 1, 1},
		{"one chunk", mam.MemoryLimits{Messages: 100}, 32, 32},
		{"past one chunk", mam.MemoryLimits{Messages: 100}, 33, 33},
		{"keeps one", mam.MemoryLimits{Messages: 1}, 100, 1},
		{"keeps a chunk", mam.MemoryLimits{Messages: 32}, 200, 32},
		{"keeps a chunk and one", mam.MemoryLimits{Messages: 33}, 200, 33},
		{"keeps across chunks", mam.MemoryLimits{Messages: 45}, 500, 45},
		// Each message is 10 bytes: a message of 100 drops ten at once.
		{"bytes", mam.MemoryLimits{Bytes: 100}, 75, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mam.NewMemoryArchive(tt.lim)
			if clash {
				a = mam.NewClashingMemoryArchive(tt.lim)
			}
			for i := range tt.appended {
				with := romeo
				if i%3 == 0 {
					with = nurse
				}
				raw := fmt.Appendf(nil, "%010d", i)
				if err := a.Append(owner, mam.Stored{ID: fmt.Sprint("m", i), Time: t0.Add(time.Duration(i) * time.Second), With: with, Raw: raw}); err != nil {
					t.Fatal(err)
				}
			}
			var want, wantNurse []string
			for i := tt.appended - tt.want; i < tt.appended; i++ {
				want = append(want, fmt.Sprint("m", i))
				if i%3 == 0 {
					wantNurse = append(wantNurse, fmt.Sprint("m", i))
				}
			}
			ids := func(f mam.Filter) []string {
				t.Helper()
				p, err := a.Query(owner, f, paging.Request{Max: 1000})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, m := range p.Messages {
					if string(m.Raw) != fmt.Sprintf("%010s", m.ID[1:]) {
						t.Errorf("%s holds %q", m.ID, m.Raw)
					}
					got = append(got, m.ID)
				}
				return got
			}
			if got := ids(mam.Filter{}); !slices.Equal(got, want) {
				t.Fatalf("archive holds %v, want %v", got, want)
			}
			if got := ids(mam.Filter{With: nurse.Bare()}); !slices.Equal(got, wantNurse) {
				t.Errorf("with the nurse: %v, want %v", got, wantNurse)
			}
			first, last, ok, err := a.Bounds(owner)
			if err != nil || ok != (tt.want > 0) {
				t.Fatalf("Bounds: ok %v, err %v", ok, err)
			}
			if ok && (first.ID != want[0] || last.ID != want[len(want)-1]) {
				t.Errorf("Bounds: %s to %s, want %s to %s", first.ID, last.ID, want[0], want[len(want)-1])
			}
			if len(want) > 1 {
				if got := ids(mam.Filter{AfterID: want[0]}); !slices.Equal(got, want[1:]) {
					t.Errorf("after %s: %v, want %v", want[0], got, want[1:])
				}
			}
			if len(want) > 0 && tt.lim.Messages > 0 {
				// A duplicate is ignored; an id dropped before is new.
				n := tt.appended
				for _, id := range []string{want[0], want[len(want)-1]} {
					if err := a.Append(owner, mam.Stored{ID: id, Time: t0.Add(time.Hour), With: romeo, Raw: []byte("dup")}); err != nil {
						t.Fatal(err)
					}
				}
				if got := ids(mam.Filter{IDs: want}); !slices.Equal(got, want) {
					t.Errorf("after duplicates: %v, want %v", got, want)
				}
				if n > len(want) {
					old := fmt.Sprint("m", n-len(want)-1)
					if err := a.Append(owner, mam.Stored{ID: old, Time: t0.Add(time.Hour), With: romeo, Raw: fmt.Appendf(nil, "%010d", n-len(want)-1)}); err != nil {
						t.Fatal(err)
					}
					got := ids(mam.Filter{})
					if len(got) != len(want) || got[len(got)-1] != old {
						t.Errorf("after %s again: %v", old, got)
					}
					if got := ids(mam.Filter{IDs: []string{old}}); !slices.Equal(got, []string{old}) {
						t.Errorf("%s again: found %v", old, got)
					}
				}
			}
		})
	}
}
