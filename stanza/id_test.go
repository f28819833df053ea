package stanza_test

import (
	"sync"
	"testing"

	"github.com/canto-im/xmpp/stanza"
)

func TestNewIDFormat(t *testing.T) {
	tests := []struct {
		name string
		gen  func() string
		n    int
	}{
		{"NewID", stanza.NewID, 16},
		{"NewStreamID", stanza.NewStreamID, 32},
		{"AppendID", func() string { return string(stanza.AppendID([]byte("x"))[1:]) }, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 1000 {
				id := tt.gen()
				if len(id) != tt.n {
					t.Fatalf("id %q has length %d", id, len(id))
				}
				for _, c := range id {
					if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
						t.Fatalf("id %q is not lowercase hex", id)
					}
				}
			}
		})
	}
}

// TestNewStreamIDBits: stream ids do not repeat and use all 128 bits (two
// halves drawn from the shared batches must not be the same bytes).
func TestNewStreamIDBits(t *testing.T) {
	const n = 20000
	seen := make(map[string]bool, n)
	ones := make([]int, 128)
	for range n {
		id := stanza.NewStreamID()
		if seen[id] || id[:16] == id[16:] {
			t.Fatalf("id %s repeated", id)
		}
		seen[id] = true
		countBits(ones, id)
	}
	for i, c := range ones {
		if c < n*4/10 || c > n*6/10 {
			t.Errorf("bit %d set in %d of %d ids", i, c, n)
		}
	}
}

// TestBadInput_B12_UnpredictableIDs: ids must not repeat, even from many
// goroutines sharing the batched random source, and must use all 64 bits.
func TestBadInput_B12_UnpredictableIDs(t *testing.T) {
	const goroutines, each = 8, 5000
	var mu sync.Mutex
	seen := make(map[string]bool, goroutines*each)
	ones := make([]int, 64)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			ids := make([]string, each)
			for i := range ids {
				ids[i] = stanza.NewID()
			}
			mu.Lock()
			defer mu.Unlock()
			for _, id := range ids {
				if seen[id] {
					t.Errorf("id %s repeated", id)
				}
				seen[id] = true
				countBits(ones, id)
			}
		})
	}
	wg.Wait()
	// Every bit position is set in about half the ids; 40% to 60% leaves
	// a margin of dozens of standard deviations.
	n := goroutines * each
	for i, c := range ones {
		if c < n*4/10 || c > n*6/10 {
			t.Errorf("bit %d set in %d of %d ids", i, c, n)
		}
	}
}

func countBits(ones []int, id string) {
	for i := range len(id) {
		c := id[i]
		var v byte
		if c <= '9' {
			v = c - '0'
		} else {
			v = c - 'a' + 10
		}
		for b := range 4 {
			if v&(1<<b) != 0 {
				ones[i*4+b]++
			}
		}
	}
}

func BenchmarkNewID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = stanza.NewID()
	}
}

func BenchmarkNewIDParallel(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_ = stanza.NewID()
		}
	})
}
