package server

import (
	"testing"
	"time"
)

func TestHostOf(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"192.0.2.7:5222", "192.0.2.7"},
		{"192.0.2.7:40000", "192.0.2.7"},
		{"[2001:db8:1:2:3:4:5:6]:5222", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:1", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.7]:5222", "::ffff:192.0.2.7"},
		{"pipe", "pipe"},
	}
	for _, tt := range tests {
		if got := hostOf(tt.addr); got != tt.want {
			t.Errorf("hostOf(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestLoginGuardDelays(t *testing.T) {
	g := newLoginGuard()
	now := time.Unix(0, 0)
	g.now = func() time.Time { return now }
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	for i, w := range want {
		// From a new address each time: the account's run counts.
		if n, d := g.fail("alice", "192.0.2."+string(rune('0'+i))+":1"); n != i+1 || d != w {
			t.Errorf("failure %d: run %d, delay %v; want %d, %v", i+1, n, d, i+1, w)
		}
	}
	g.succeed("alice")
	if n, _ := g.fail("alice", "198.51.100.1:1"); n != 1 {
		t.Errorf("after a success the run is %d, want 1", n)
	}
	now = now.Add(loginForget + time.Second)
	if n, _ := g.fail("bob", "192.0.2.0:1"); n != 1 {
		t.Errorf("after loginForget the address's run is %d, want 1", n)
	}
}

func TestGateRelease(t *testing.T) {
	g := newGate(2, 1)
	r1, why := g.enter("192.0.2.1:1")
	if why != "" {
		t.Fatal(why)
	}
	if _, why := g.enter("192.0.2.1:2"); why != refusedPerAddr {
		t.Errorf("second from one address: %q", why)
	}
	r2, _ := g.enter("192.0.2.2:1")
	if _, why := g.enter("192.0.2.3:1"); why != refusedTotal {
		t.Errorf("over the total: %q", why)
	}
	r1()
	r1() // twice: no effect
	r2()
	if g.total != 0 || len(g.byAddr) != 0 {
		t.Errorf("after release: total %d, %d addresses", g.total, len(g.byAddr))
	}
}
