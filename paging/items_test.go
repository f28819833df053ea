package paging_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/canto-im/xmpp/paging"
)

// responder pages through n items named by position, at most limit per
// page when the request has no max, and counts the requests it answers.
type responder struct {
	n, limit int
	asked    []paging.Request
	// tweak, if set, changes the answer before it is returned.
	tweak func(req paging.Request, items []string, res paging.Result) ([]string, paging.Result, error)
}

func (r *responder) fetch(req paging.Request) ([]string, paging.Result, error) {
	r.asked = append(r.asked, req)
	if r.limit > 0 && (req.Max == 0 || req.Max > r.limit) && !req.CountOnly {
		req.Max = r.limit
	}
	lo, hi, res, err := req.Window(paging.Positions(r.n))
	if err != nil {
		return nil, paging.Result{}, err
	}
	var items []string
	for i := lo; i < hi; i++ {
		items = append(items, "item"+strconv.Itoa(i))
	}
	if r.tweak != nil {
		return r.tweak(req, items, res)
	}
	return items, res, nil
}

// collect runs a walk to its end, or until stop items.
func collect(seq func(func(string, error) bool), stop int) (got []string, err error) {
	for it, err := range seq {
		if err != nil {
			return got, err
		}
		got = append(got, it)
		if len(got) == stop {
			break
		}
	}
	return got, nil
}

func itemRange(lo, hi int) []string {
	var out []string
	for i := lo; i < hi; i++ {
		out = append(out, "item"+strconv.Itoa(i))
	}
	return out
}

func reversePages(n, size int) []string {
	var out []string
	for hi := n; hi > 0; hi -= size {
		out = append(out, itemRange(max(0, hi-size), hi)...)
	}
	return out
}

func TestItems(t *testing.T) {
	stuck := func(req paging.Request, items []string, res paging.Result) ([]string, paging.Result, error) {
		res.HasCount = false
		if req.After != "" {
			res.First, res.Last = "0", "1" // always the same page
		}
		return items, res, nil
	}
	notPaged := func(_ paging.Request, items []string, _ paging.Result) ([]string, paging.Result, error) {
		return items, paging.Result{}, nil
	}
	noCount := func(_ paging.Request, items []string, res paging.Result) ([]string, paging.Result, error) {
		res.HasCount, res.HasIndex = false, false
		return items, res, nil
	}
	boom := errors.New("boom")
	failSecond := func(req paging.Request, items []string, res paging.Result) ([]string, paging.Result, error) {
		if req.After != "" {
			return nil, paging.Result{}, boom
		}
		return items, res, nil
	}
	for _, tc := range []struct {
		name     string
		first    paging.Request
		r        responder
		stop     int
		want     []string
		err      error
		requests int
	}{
		{"not paged", paging.Request{}, responder{n: 5}, 0, itemRange(0, 5), nil, 1},
		{"responder pages on its own", paging.Request{}, responder{n: 5, limit: 2}, 0, itemRange(0, 5), nil, 3},
		{"max", paging.Request{Max: 2}, responder{n: 5}, 0, itemRange(0, 5), nil, 3},
		{"exact pages", paging.Request{Max: 2}, responder{n: 4}, 0, itemRange(0, 4), nil, 2},
		{"no count: ends at an empty page", paging.Request{Max: 2}, responder{n: 4, tweak: noCount}, 0, itemRange(0, 4), nil, 3},
		{"empty", paging.Request{Max: 2}, responder{n: 0}, 0, nil, nil, 1},
		{"from an index", paging.Request{Max: 2, Index: 3}, responder{n: 6}, 0, itemRange(3, 6), nil, 2},
		{"after", paging.Request{Max: 3, After: "1"}, responder{n: 6}, 0, itemRange(2, 6), nil, 2},
		{"backwards from the end", paging.Request{Max: 2, LastPage: true}, responder{n: 5}, 0, reversePages(5, 2), nil, 3},
		{"backwards from an item", paging.Request{Max: 2, Before: "3"}, responder{n: 5}, 0, []string{"item1", "item2", "item0"}, nil, 2},
		{"count only", paging.Request{CountOnly: true}, responder{n: 800}, 0, nil, nil, 1},
		{"lazy: stops when the loop does", paging.Request{Max: 2}, responder{n: 100}, 3, itemRange(0, 3), nil, 2},
		{"stalled", paging.Request{Max: 2}, responder{n: 9, tweak: stuck}, 0, itemRange(0, 2), paging.ErrStalled, 2},
		{"responder without paging", paging.Request{Max: 2}, responder{n: 5, tweak: notPaged}, 0, itemRange(0, 2), nil, 1},
		{"fetch error", paging.Request{Max: 2}, responder{n: 5, tweak: failSecond}, 0, itemRange(0, 2), boom, 2},
		{"unknown UID", paging.Request{After: "x"}, responder{n: 5}, 0, nil, paging.ErrNotFound, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			got, err := collect(paging.Items(tc.first, r.fetch), tc.stop)
			if !slices.Equal(got, tc.want) || !errors.Is(err, tc.err) {
				t.Errorf("got %v, %v\nwant %v, %v", got, err, tc.want, tc.err)
			}
			if len(r.asked) != tc.requests {
				t.Errorf("%d requests, want %d: %+v", len(r.asked), tc.requests, r.asked)
			}
			if len(r.asked) > 0 && r.asked[0] != tc.first {
				t.Errorf("first request %+v, want %+v", r.asked[0], tc.first)
			}
		})
	}
}

// TestItemsNextRequests checks what the walk asks for after the first page.
func TestItemsNextRequests(t *testing.T) {
	r := responder{n: 5, limit: 2}
	if _, err := collect(paging.Items(paging.Request{}, r.fetch), 0); err != nil {
		t.Fatal(err)
	}
	want := []paging.Request{{}, {Max: 2, After: "1"}, {Max: 2, After: "3"}}
	if !slices.Equal(r.asked, want) {
		t.Errorf("requests %+v, want %+v", r.asked, want)
	}
	r = responder{n: 5}
	if _, err := collect(paging.Items(paging.Request{Max: 3, LastPage: true}, r.fetch), 0); err != nil {
		t.Fatal(err)
	}
	want = []paging.Request{{Max: 3, LastPage: true}, {Max: 3, Before: "2"}}
	if !slices.Equal(r.asked, want) {
		t.Errorf("requests %+v, want %+v", r.asked, want)
	}
}

func BenchmarkItems(b *testing.B) {
	r := responder{n: 1000}
	b.ReportAllocs()
	for b.Loop() {
		r.asked = r.asked[:0]
		n := 0
		for _, err := range paging.Items(paging.Request{Max: 100}, r.fetch) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("%d items", n)
		}
	}
}
