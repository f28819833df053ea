package discover

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

func hosts(ts []Target) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Host
	}
	return out
}

func TestOrderByPriority(t *testing.T) {
	in := []Target{
		{Host: "c", Priority: 30, Weight: 5},
		{Host: "a", Priority: 0, Weight: 100},
		{Host: "d", Priority: 65535},
		{Host: "b", Priority: 10},
	}
	want := []string{"a", "b", "c", "d"}
	for seed := range uint64(50) {
		if got := hosts(Order(in, seeded(seed))); !slices.Equal(got, want) {
			t.Fatalf("seed %d: order %v, want %v", seed, got, want)
		}
	}
	if got := hosts(Order(in, nil)); !slices.Equal(got, want) {
		t.Fatalf("global source: order %v, want %v", got, want)
	}
	if in[0].Host != "c" || in[1].Host != "a" {
		t.Fatalf("Order modified its input: %v", hosts(in))
	}
}

// TestOrderWeighted checks the RFC 2782 selection statistically: with a
// running sum over [0, sum], a target of weight w comes first with
// probability w/(sum+1), and the weight-0 target with 1/(sum+1).
func TestOrderWeighted(t *testing.T) {
	in := []Target{
		{Host: "w70", Weight: 70}, {Host: "w0", Weight: 0},
		{Host: "w10", Weight: 10}, {Host: "w20", Weight: 20},
		{Host: "later", Priority: 1, Weight: 65535},
	}
	want := map[string]float64{"w70": 70.0 / 101, "w20": 20.0 / 101, "w10": 10.0 / 101, "w0": 1.0 / 101}
	const trials = 200000
	first := map[string]int{}
	rnd := seeded(1)
	for range trials {
		got := Order(in, rnd)
		if len(got) != len(in) || got[len(got)-1].Host != "later" {
			t.Fatalf("order %v: the priority-1 target must come last, and none be lost", hosts(got))
		}
		first[got[0].Host]++
	}
	for host, p := range want {
		expected := p * trials
		sigma := math.Sqrt(trials * p * (1 - p))
		if diff := math.Abs(float64(first[host]) - expected); diff > 5*sigma {
			t.Errorf("%s first %d times in %d, want about %.0f (±%.0f)", host, first[host], trials, expected, 5*sigma)
		}
	}
}

// TestOrderZeroWeightsShuffled checks that targets of equal priority and no
// weight still come in pseudorandom order (RFC 2782, Priority).
func TestOrderZeroWeightsShuffled(t *testing.T) {
	in := []Target{{Host: "a"}, {Host: "b"}, {Host: "c"}}
	const trials = 30000
	first := map[string]int{}
	rnd := seeded(2)
	for range trials {
		first[Order(in, rnd)[0].Host]++
	}
	for _, h := range []string{"a", "b", "c"} {
		if n := first[h]; n < trials/3-1000 || n > trials/3+1000 {
			t.Errorf("%s first %d times in %d, want about %d", h, n, trials, trials/3)
		}
	}
}

func TestOrderEmpty(t *testing.T) {
	if got := Order(nil, nil); len(got) != 0 {
		t.Fatalf("Order(nil) = %v", got)
	}
}

func BenchmarkOrder(b *testing.B) {
	in := []Target{
		{Host: "a", Priority: 0, Weight: 60}, {Host: "b", Priority: 0, Weight: 30},
		{Host: "c", Priority: 0, Weight: 10}, {Host: "d", Priority: 1, Weight: 0},
		{Host: "e", Priority: 1, Weight: 5},
	}
	rnd := seeded(3)
	b.ReportAllocs()
	for b.Loop() {
		Order(in, rnd)
	}
}
