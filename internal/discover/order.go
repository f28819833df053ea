package discover

import (
	"math/rand/v2"
	"slices"
)

// Target is one place to connect to, taken from an SRV record.
type Target struct {
	Host      string // the record's target, without the final dot
	Port      uint16
	Priority  uint16
	Weight    uint16
	DirectTLS bool // from an _xmpps- record: connect with TLS at once (XEP-0368)
}

// Order returns targets in the order RFC 2782 says to try them: by
// ascending priority, and within one priority by repeated weighted random
// choice, so that a target's chance of coming first is proportional to its
// weight. Targets of weight 0 come first only rarely, as the RFC's running
// sum prescribes, and are otherwise in random order. rnd is the random
// source (nil means the package's global source); targets is not modified.
func Order(targets []Target, rnd *rand.Rand) []Target {
	sorted := slices.Clone(targets)
	shuffle(sorted, rnd)
	slices.SortStableFunc(sorted, func(a, b Target) int { return int(a.Priority) - int(b.Priority) })
	out := make([]Target, 0, len(sorted))
	for start := 0; start < len(sorted); {
		end := start + 1
		for end < len(sorted) && sorted[end].Priority == sorted[start].Priority {
			end++
		}
		out = appendWeighted(out, sorted[start:end], rnd)
		start = end
	}
	return out
}

// appendWeighted moves the targets of one priority to out following
// RFC 2782: zero weights first, then pick the first target whose running
// sum of weights is at least a uniform random number in [0, sum].
func appendWeighted(out, group []Target, rnd *rand.Rand) []Target {
	slices.SortStableFunc(group, func(a, b Target) int {
		return boolInt(a.Weight != 0) - boolInt(b.Weight != 0)
	})
	for len(group) > 0 {
		var sum uint64
		for _, t := range group {
			sum += uint64(t.Weight)
		}
		pick := randN(rnd, sum+1)
		chosen, running := 0, uint64(0)
		for i, t := range group {
			running += uint64(t.Weight)
			if running >= pick {
				chosen = i
				break
			}
		}
		out = append(out, group[chosen])
		group = slices.Delete(group, chosen, chosen+1)
	}
	return out
}

func shuffle(ts []Target, rnd *rand.Rand) {
	swap := func(i, j int) { ts[i], ts[j] = ts[j], ts[i] }
	if rnd == nil {
		rand.Shuffle(len(ts), swap)
		return
	}
	rnd.Shuffle(len(ts), swap)
}

func randN(rnd *rand.Rand, n uint64) uint64 {
	if rnd == nil {
		return rand.Uint64N(n)
	}
	return rnd.Uint64N(n)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
