package stanza_test

import (
	"sync"
	"testing"

	"github.com/canto-im/xmpp/stanza"
)

func TestNewIDFormat(t *testing.T) {
	for range 1000 {
		id := stanza.NewID()
		if len(id) != 16 {
			t.Fatalf("id %q has length %d", id, len(id))
		}
		for _, c := range id {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				t.Fatalf("id %q is not lowercase hex", id)
			}
		}
	}
}

// TestBadInput_B12_UnpredictableIDs: ids must not repeat, even from many
// goroutines sharing the batched random source, and must use all 64 bits.
func TestBadInput_B12_UnpredictableIDs(t *testing.T) {
	const goroutines, each = 8, 5000
	var mu sync.Mutex
	seen := make(map[string]bool, goroutines*each)
	var ones [64]int
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
				countBits(&ones, id)
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

func countBits(ones *[64]int, id string) {
	for i := range 16 {
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
