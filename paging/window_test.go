package paging_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/paging"
)

func TestWindow(t *testing.T) {
	page := func(first, last string, index, count int) paging.Result {
		return paging.Result{First: first, Last: last, Index: index, HasIndex: true, Count: count, HasCount: true}
	}
	empty := func(count int) paging.Result { return paging.Result{Count: count, HasCount: true} }
	for _, tc := range []struct {
		name   string
		req    paging.Request
		n      int
		lo, hi int
		res    paging.Result
		err    error
	}{
		{"everything", paging.Request{}, 5, 0, 5, page("0", "4", 0, 5), nil},
		{"max beyond the end", paging.Request{Max: 10}, 5, 0, 5, page("0", "4", 0, 5), nil},
		{"first page", paging.Request{Max: 2}, 5, 0, 2, page("0", "1", 0, 5), nil},
		{"after", paging.Request{Max: 2, After: "1"}, 5, 2, 4, page("2", "3", 2, 5), nil},
		{"after the last", paging.Request{Max: 2, After: "4"}, 5, 5, 5, empty(5), nil},
		{"before", paging.Request{Max: 2, Before: "3"}, 5, 1, 3, page("1", "2", 1, 5), nil},
		{"before the first", paging.Request{Max: 2, Before: "0"}, 5, 0, 0, empty(5), nil},
		{"before, short page", paging.Request{Max: 3, Before: "1"}, 5, 0, 1, page("0", "0", 0, 5), nil},
		{"last page", paging.Request{Max: 2, LastPage: true}, 5, 3, 5, page("3", "4", 3, 5), nil},
		{"last page of one", paging.Request{Max: 2, LastPage: true}, 1, 0, 1, page("0", "0", 0, 1), nil},
		{"last page of none", paging.Request{LastPage: true}, 0, 0, 0, empty(0), nil},
		{"index", paging.Request{Max: 2, Index: 3}, 5, 3, 5, page("3", "4", 3, 5), nil},
		{"index beyond the end", paging.Request{Max: 2, Index: 9}, 5, 5, 5, empty(5), nil},
		{"count only", paging.Request{CountOnly: true}, 800, 0, 0, empty(800), nil},
		{"unknown after", paging.Request{Max: 2, After: "0"}, 0, 0, 0, paging.Result{}, paging.ErrNotFound},
		{"non-canonical after", paging.Request{After: "+1"}, 5, 0, 0, paging.Result{}, paging.ErrNotFound},
		{"unknown before", paging.Request{Before: "01"}, 5, 0, 0, paging.Result{}, paging.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi, res, err := tc.req.Window(paging.Positions(tc.n))
			if lo != tc.lo || hi != tc.hi || res != tc.res || !errors.Is(err, tc.err) {
				t.Errorf("[%d, %d) %+v %v\nwant [%d, %d) %+v %v", lo, hi, res, err, tc.lo, tc.hi, tc.res, tc.err)
			}
		})
	}
}

// names is a List whose UIDs are the items themselves.
type names []string

func (l names) Len() int         { return len(l) }
func (l names) UID(i int) string { return l[i] }
func (l names) Find(uid string) (int, bool) {
	for i, s := range l {
		if s == uid {
			return i, true
		}
	}
	return 0, false
}

func TestWindowOwnUIDs(t *testing.T) {
	l := names{"juliet", "mercutio", "romeo", "tybalt"}
	lo, hi, res, err := paging.Request{Max: 2, After: "mercutio"}.Window(l)
	if err != nil || lo != 2 || hi != 4 || res.First != "romeo" || res.Last != "tybalt" {
		t.Fatalf("[%d, %d) %+v %v", lo, hi, res, err)
	}
	if _, _, _, err := (paging.Request{Before: "benvolio"}).Window(l); !errors.Is(err, paging.ErrNotFound) {
		t.Fatalf("unknown UID: %v", err)
	}
}
