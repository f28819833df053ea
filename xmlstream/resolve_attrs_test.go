package xmlstream

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestResolveAttrsDuplicates compares resolveAttrs, which compares an
// attribute with the earlier ones only when their local names share low
// bits, with comparing every pair, on attribute lists whose local names
// collide in those bits (i and i+64) and repeat.
func TestResolveAttrsDuplicates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	d := NewDecoder(nil, Limits{})
	var ids [4 * 64]sym // consecutive symbols: ids[i] and ids[i+64] share their low bits
	for i := range ids {
		ids[i] = d.syms.internString("n" + strconv.Itoa(i))
	}
	for range 5000 {
		attrs := make([]attr, 1+rng.IntN(8))
		for i := range attrs {
			attrs[i] = attr{space: symEmpty, local: ids[rng.IntN(4)*64+rng.IntN(3)]}
			if rng.IntN(4) == 0 {
				attrs[i].space = symXML // bound to the XML namespace in every scope
			}
		}
		want := false
		for i := range attrs {
			for j := range i {
				if attrs[i].local == attrs[j].local && attrs[i].space == attrs[j].space {
					want = true
				}
			}
		}
		if err := d.resolveAttrs(attrs); (err != nil) != want {
			t.Fatalf("%v: error %v, want a duplicate: %v", attrs, err, want)
		}
	}
}
