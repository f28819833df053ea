package client

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestLostReportedWhenRunEnds: when Run stops, because its context ended
// or because it gave up, the last session's stanzas that the server never
// acknowledged are reported once, in the final event and to OnLost (the
// initial presence left out), and their receipts are settled: nobody
// waits for them for ever. Stopping while online first asks the server
// to acknowledge: then nothing is lost.
func TestLostReportedWhenRunEnds(t *testing.T) {
	lost := []string{"one", "two"}
	for _, tc := range []struct {
		name string
		cfg  Config
		// end ends Run (stop cancels its context) and returns the
		// state of its last event.
		end      func(t *testing.T, c *Client, ts *testServer, stop context.CancelFunc) State
		lost     []string // reported, and their receipts ErrUnacknowledged
		runError func(error) bool
	}{
		{"stopped online", Config{}, func(_ *testing.T, _ *Client, _ *testServer, stop context.CancelFunc) State {
			stop() // the server acknowledges both before the stream closes
			return Stopped
		}, nil, func(err error) bool { return err == nil }},
		{"stopped offline", Config{MinBackoff: time.Minute, MaxBackoff: time.Minute}, func(t *testing.T, c *Client, ts *testServer, stop context.CancelFunc) State {
			ts.ln.dropAll()
			waitFor(t, c, Offline) // waiting a minute to reconnect
			stop()
			return Stopped
		}, lost, func(err error) bool { return err == nil }},
		{"gave up", Config{MaxAttempts: 1}, func(_ *testing.T, _ *Client, ts *testServer, _ context.CancelFunc) State {
			ts.ln.dropAll() // a short session: the one failure allowed
			return GaveUp
		}, lost, func(err error) bool { return errors.Is(err, ErrGaveUp) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, "127.0.0.1:0")
			onLost := make(chan []*xmlstream.Element, 4)
			cfg := tc.cfg
			cfg.Password, cfg.Dial = testUsers["alice"], dialTo(ts.addr())
			if cfg.MinBackoff == 0 {
				cfg.MinBackoff, cfg.MaxBackoff = 10*time.Millisecond, 20*time.Millisecond
			}
			cfg.Resumer = sm.NewResumer(sm.Config{AckEvery: -1, AckAfter: -1}) // nothing is acknowledged unasked
			cfg.OnLost = func(l []*xmlstream.Element) { onLost <- l }
			c, err := New(jid.MustParse("alice@"+testDomain+"/test"), cfg)
			if err != nil {
				t.Fatal(err)
			}
			runCtx, stop := context.WithCancel(context.Background())
			defer stop()
			done := make(chan error, 1)
			go func() { done <- c.Run(runCtx) }()
			waitFor(t, c, Online)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			s, err := c.Session(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if en, err := sm.WaitEnabled(ctx, s); err != nil || !en.Resume {
				t.Fatalf("enabled %+v, %v: not resumable", en, err)
			}
			var receipts []*sm.Receipt
			for _, body := range []string{"one", "two"} {
				r, err := c.SendTracked(ctx, message.Chat(jid.MustParse("bob@"+testDomain), body))
				if err != nil {
					t.Fatal(err)
				}
				receipts = append(receipts, r)
			}
			last := tc.end(t, c, ts, stop)
			ev, _ := waitFor(t, c, last)
			if got := bodiesOf(ev.Lost); !slices.Equal(got, tc.lost) {
				t.Errorf("%v event: lost %q, want %q", last, got, tc.lost)
			}
			select {
			case err := <-done:
				if !tc.runError(err) {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return")
			}
			if tc.lost != nil {
				select {
				case l := <-onLost:
					if got := bodiesOf(l); !slices.Equal(got, tc.lost) {
						t.Errorf("OnLost got %q", got)
					}
				default:
					t.Error("OnLost not called")
				}
			}
			select {
			case l := <-onLost:
				t.Errorf("OnLost called (again) with %q", bodiesOf(l))
			default:
			}
			for i, r := range receipts {
				err := r.Wait(ctx)
				if tc.lost == nil && err != nil || tc.lost != nil && !errors.Is(err, sm.ErrUnacknowledged) {
					t.Errorf("receipt %d: %v", i, err)
				}
			}
		})
	}
}
