package client

import (
	"context"
	"errors"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
)

func TestBackoff(t *testing.T) {
	const min, max = 100 * time.Millisecond, time.Second
	tests := []struct {
		n        int
		r        float64
		want     time.Duration
		wantHigh time.Duration
	}{
		{1, 0, 50 * time.Millisecond, 0},
		{1, 0.999999, 0, 100 * time.Millisecond},
		{2, 0, 100 * time.Millisecond, 0},
		{3, 0.5, 300 * time.Millisecond, 0},
		{4, 0, 400 * time.Millisecond, 0},
		{5, 0, 500 * time.Millisecond, 0}, // capped: step 1s
		{5, 0.999999, 0, time.Second},
		{1000, 0.5, 750 * time.Millisecond, 0}, // no overflow
	}
	for _, tt := range tests {
		got := backoff(tt.n, min, max, tt.r)
		if tt.wantHigh != 0 {
			if got > tt.wantHigh || got < tt.wantHigh*99/100 {
				t.Errorf("backoff(%d, r=%v) = %v, want just under %v", tt.n, tt.r, got, tt.wantHigh)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("backoff(%d, r=%v) = %v, want %v", tt.n, tt.r, got, tt.want)
		}
	}
}

// refused returns an address where nothing listens.
func refused(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// fakeClock makes a client's waits instant and records them; the clock
// advances by each wait.
type fakeClock struct {
	now   time.Time
	waits []time.Duration
}

func (f *fakeClock) install(c *Client) {
	c.now = func() time.Time { return f.now }
	c.sleep = func(ctx context.Context, d time.Duration) error {
		f.waits = append(f.waits, d)
		f.now = f.now.Add(d)
		return ctx.Err()
	}
	c.rand = func() float64 { return 0.5 }
}

func TestGiveUp(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name      string
		cfg       Config
		wantWaits []time.Duration
	}{
		{"max attempts", Config{MaxAttempts: 5, MinBackoff: 100 * ms, MaxBackoff: 500 * ms},
			[]time.Duration{75 * ms, 150 * ms, 300 * ms, 375 * ms}},
		{"max offline", Config{MaxOffline: time.Second, MinBackoff: 200 * ms, MaxBackoff: time.Second},
			// 150+300+550 would pass the limit: the last wait is cut to it.
			[]time.Duration{150 * ms, 300 * ms, 550 * ms}},
		{"both, attempts first", Config{MaxAttempts: 2, MaxOffline: time.Hour, MinBackoff: 100 * ms},
			[]time.Duration{75 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Password = "x"
			tt.cfg.Dial = dialTo(refused(t))
			c, err := New(jid.MustParse("alice@"+testDomain), tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			clock := &fakeClock{now: time.Unix(1e9, 0)}
			clock.install(c)
			err = c.Run(context.Background())
			if !errors.Is(err, ErrGaveUp) {
				t.Fatalf("Run: %v", err)
			}
			if !slices.Equal(clock.waits, tt.wantWaits) {
				t.Errorf("waits %v, want %v", clock.waits, tt.wantWaits)
			}
			var last Event
			for ev := range c.Events() {
				if ev.State == Offline && ev.Retry != clock.waits[ev.Attempt-1] {
					t.Errorf("event %+v announces a wait other than %v", ev, clock.waits[ev.Attempt-1])
				}
				last = ev
			}
			if last.State != GaveUp || last.Cause == nil {
				t.Errorf("last event %+v", last)
			}
		})
	}
}

// With real (short) waits: the attempts are spaced by the backoff.
func TestBackoffTiming(t *testing.T) {
	c, err := New(jid.MustParse("alice@"+testDomain), Config{Password: "x", Dial: dialTo(refused(t)),
		MaxAttempts: 4, MinBackoff: 20 * time.Millisecond, MaxBackoff: 40 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := c.Run(context.Background()); !errors.Is(err, ErrGaveUp) {
		t.Fatalf("Run: %v", err)
	}
	// Waits of at least 10, 20 and 20 ms; at most 20, 40 and 40.
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("4 attempts in %v", d)
	}
	var attempts []int
	for ev := range c.Events() {
		if ev.State == Connecting {
			attempts = append(attempts, ev.Attempt)
		}
	}
	if !slices.Equal(attempts, []int{1, 2, 3, 4}) {
		t.Errorf("attempts %v", attempts)
	}
}

func TestFailFast(t *testing.T) {
	c, err := New(jid.MustParse("alice@"+testDomain), Config{Password: "x", Dial: dialTo(refused(t)), FailFast: true})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Run(context.Background())
	if err == nil || errors.Is(err, ErrGaveUp) {
		t.Fatalf("Run: %v, want the dial error", err)
	}
	for range c.Events() {
	}
}

func TestStopWhileWaiting(t *testing.T) {
	c, err := New(jid.MustParse("alice@"+testDomain), Config{Password: "x", Dial: dialTo(refused(t)), MinBackoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	waitFor(t, c, Offline)
	s, err := c.Session(ctxTimeout(t, 20*time.Millisecond))
	if s != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Session while offline: %v, %v", s, err)
	}
	if _, err := c.SendIQ(context.Background(), stanza.IQ{Type: stanza.GetIQ}, ping.Ping{}); !errors.Is(err, ErrOffline) {
		t.Errorf("SendIQ while offline: %v", err)
	}
	if err := c.Send(context.Background(), ping.Ping{}); !errors.Is(err, ErrOffline) {
		t.Errorf("Send while offline: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if _, err := c.Session(context.Background()); !errors.Is(err, ErrStopped) {
		t.Errorf("Session after Run: %v", err)
	}
	if err := c.Run(context.Background()); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run: %v", err)
	}
	if c.State() != Stopped {
		t.Errorf("State = %v", c.State())
	}
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// The client never waits for the reader of Events: the oldest events go,
// and the ones delivered count them.
func TestEventsNeverBlock(t *testing.T) {
	c, err := New(jid.MustParse("alice@"+testDomain), Config{})
	if err != nil {
		t.Fatal(err)
	}
	const n = eventBuffer + 36
	for i := range n {
		c.emit(Event{State: Offline, Attempt: i + 1})
	}
	close(c.events)
	var got, dropped int
	first := 0
	for ev := range c.Events() {
		if first == 0 {
			first = ev.Attempt
		}
		got++
		dropped += ev.Dropped
	}
	if got != eventBuffer || dropped != n-eventBuffer || first != n-eventBuffer+1 {
		t.Errorf("got %d events from attempt %d, %d dropped; want %d from %d, %d dropped", got, first, dropped, eventBuffer, n-eventBuffer+1, n-eventBuffer)
	}
}
