package client

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/xmpptest"
)

// keepalivesIn counts the whitespace keepalives in a raw log.
func keepalivesIn(raw *xmpptest.LogBuffer) int { return strings.Count(raw.String(), `-> " "`) }

// TestWhitespaceKeepAlive: with Config.Whitespace a client writes a single
// space when its stream was idle for the interval, and none while it
// writes anyway.
func TestWhitespaceKeepAlive(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	for _, tc := range []struct {
		name       string
		whitespace time.Duration
		busy       bool // send a message every few milliseconds
		min, max   int
	}{
		{name: "idle", whitespace: 20 * time.Millisecond, min: 3, max: 20},
		{name: "busy", whitespace: 150 * time.Millisecond, busy: true, min: 0, max: 0},
		{name: "off", min: 0, max: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := &xmpptest.LogBuffer{}
			c, _ := newClient(t, "alice", ts.addr(), Config{
				KeepAlive:  -1,
				Whitespace: tc.whitespace,
				Session:    xmpp.Config{RawLog: raw},
			})
			waitFor(t, c, Online)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			// maxGap is the longest the busy sender went without writing:
			// on a starved machine it can exceed the interval, and then a
			// keepalive is right.
			var maxGap time.Duration
			last := time.Now()
			for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); {
				if !tc.busy {
					time.Sleep(10 * time.Millisecond)
					continue
				}
				if err := c.Send(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "x")); err != nil {
					t.Fatal(err)
				}
				now := time.Now()
				maxGap = max(maxGap, now.Sub(last))
				last = now
				time.Sleep(5 * time.Millisecond)
			}
			if tc.busy && maxGap >= tc.whitespace/2 {
				t.Logf("the sender was starved for %v: a keepalive may be due", maxGap)
				tc.max = int(300 * time.Millisecond / tc.whitespace)
			}
			if n := keepalivesIn(raw); n < tc.min || n > tc.max {
				t.Errorf("%d whitespace keepalives in 300ms, want %d to %d", n, tc.min, tc.max)
			}
		})
	}
}
