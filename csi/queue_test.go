package csi

import (
	"fmt"
	"testing"
)

// step adds one element of n bytes; the tests name what is released by
// its size.
type step struct {
	key      string
	collapse bool
	n        int
}

func TestQueue(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []step
		want  []string // keys released, in order
		bytes int
	}{
		{"keeps order", []step{{"a", true, 10}, {"", false, 5}, {"b", true, 7}}, []string{"a", "", "b"}, 22},
		{"latest per sender, moved to its time", []step{{"a", true, 10}, {"b", true, 10}, {"a", true, 12}}, []string{"b", "a"}, 22},
		{"chat states never collapse", []step{{"", false, 5}, {"", false, 6}}, []string{"", ""}, 11},
		{"from-less presence collapses apart from chat states", []step{{"", true, 5}, {"", false, 6}, {"", true, 7}}, []string{"", ""}, 13},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var q queue[fakeHeld]
			keys := map[int]string{} // length → key, to name what comes out
			for _, s := range tc.steps {
				keys[s.n] = s.key
				q.add(s.key, s.collapse, fakeHeld(s.n))
			}
			if q.bytes != tc.bytes {
				t.Errorf("bytes = %d, want %d", q.bytes, tc.bytes)
			}
			var got []string
			for _, h := range q.take() {
				got = append(got, keys[h.Len()])
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("released %q, want %q", got, tc.want)
			}
			if q.len() != 0 || q.bytes != 0 {
				t.Errorf("after take: len %d, bytes %d", q.len(), q.bytes)
			}
		})
	}
}

// TestQueueBounded replaces one sender's presence many times: the queue
// keeps one live entry and compacts its dead ones.
func TestQueueBounded(t *testing.T) {
	var q queue[fakeHeld]
	for i := range 10000 {
		q.add("a", true, fakeHeld(10))
		q.add(fmt.Sprint("b", i%3), true, fakeHeld(10))
	}
	if q.len() != 4 || q.bytes != 40 {
		t.Fatalf("len %d, bytes %d; want 4, 40", q.len(), q.bytes)
	}
	if len(q.entries) > 2*q.len()+10 {
		t.Fatalf("%d entries kept for %d live ones", len(q.entries), q.len())
	}
	if !q.fits("a", true, 20, 50) || q.fits("c", true, 20, 50) || q.fits("", false, 11, 50) {
		t.Error("fits does not count the replaced entry")
	}
	if n := len(q.take()); n != 4 {
		t.Fatalf("took %d", n)
	}
}

// fakeHeld stands for a held element of its value's size.
type fakeHeld int

func (f fakeHeld) Len() int { return int(f) }
