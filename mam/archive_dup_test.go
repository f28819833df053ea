package mam_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
)

// TestAppendDuplicateID appends messages whose ids the archive holds
// already: each is ignored, and the one archived first stays where it was,
// found by its id, by its correspondent and in order.
func TestAppendDuplicateID(t *testing.T) {
	for _, dup := range []int{0, 2, 4} {
		t.Run(fmt.Sprint("m", dup), func(t *testing.T) {
			a := filled(5)
			id := fmt.Sprint("m", dup)
			if err := a.Append(owner, mam.Stored{ID: id, Time: t0.Add(time.Hour), With: nurse, Raw: []byte("<message/>")}); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				f    mam.Filter
				want string
			}{
				{mam.Filter{}, "m0 m1 m2 m3 m4"},
				{mam.Filter{AfterID: id}, fmt.Sprint(ids(5)[dup+1:])},
				{mam.Filter{BeforeID: id}, fmt.Sprint(ids(5)[:dup])},
				{mam.Filter{IDs: []string{id}}, "[" + id + "]"},
				{mam.Filter{With: romeo.Bare()}, "m0 m2 m4"},
			} {
				p, err := a.Query(owner, tc.f, paging.Request{Max: 10})
				if err != nil {
					t.Fatalf("%+v: %v", tc.f, err)
				}
				var got []string
				for _, m := range p.Messages {
					got = append(got, m.ID)
					if m.ID == id && string(m.Raw) == "<message/>" {
						t.Errorf("%s replaced by the duplicate", id)
					}
				}
				if g := fmt.Sprint(got); g != tc.want && "["+tc.want+"]" != g {
					t.Errorf("%+v: %s, want %s", tc.f, g, tc.want)
				}
			}
		})
	}
}

// ids returns m0 … m(n-1).
func ids(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprint("m", i)
	}
	return s
}
