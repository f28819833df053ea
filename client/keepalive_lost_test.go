package client

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestKeepAlivePingsNotReportedLost: the keep-alive pings the client sent
// itself on a stream whose resumption fails are not reported lost (in
// the Online event and to OnLost; Run's last event filters the same way):
// the program never sent them. The program's own stanzas still are, and so is an IQ request of
// the program's. The old code reported every unacknowledged ping.
func TestKeepAlivePingsNotReportedLost(t *testing.T) {
	ts := startServerWith(t, "127.0.0.1:0", func(c *server.Config) { c.ResumeWindow = time.Millisecond })
	onLost := make(chan []*xmlstream.Element, 4)
	var raw lockedBuffer
	c, _ := newClient(t, "alice", ts.addr(), Config{
		Resumer:    sm.NewResumer(sm.Config{AckEvery: -1, AckAfter: -1}), // never asks: nothing is acknowledged
		OnLost:     func(l []*xmlstream.Element) { onLost <- l },
		KeepAlive:  20 * time.Millisecond,
		MinBackoff: 200 * time.Millisecond, // the 1 ms window passes first
		MaxBackoff: 400 * time.Millisecond,
		Session:    xmpp.Config{RawLog: &raw},
	})
	waitFor(t, c, Online)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Send(ctx, message.Chat(jid.MustParse("bob@"+testDomain), "one")); err != nil {
		t.Fatal(err)
	}
	s1, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// An IQ request of the program's, unacknowledged too; answered, so
	// that it does not wait for the stream's end.
	if _, err := s1.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, ID: "app-ping"}, ping.Ping{}); err != nil {
		t.Fatal(err)
	}
	// Keep-alive pings are sent (the program's is one of the pings in the
	// log), and answered, but never acknowledged.
	for deadline := time.Now().Add(5 * time.Second); bytes.Count(raw.bytes(), []byte("urn:xmpp:ping")) < 3; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no keep-alive pings sent")
		}
	}
	ts.ln.dropAll()
	ev, _ := waitFor(t, c, Online)
	if sm.IsResumed(mustSession(t, c)) {
		t.Fatal("the new session resumed")
	}
	want := []string{"one", "<iq>"}
	if got := bodiesOf(ev.Lost); !slices.Equal(got, want) {
		t.Errorf("Event.Lost %q, want %q", got, want)
	}
	select {
	case l := <-onLost:
		if got := bodiesOf(l); !slices.Equal(got, want) {
			t.Errorf("OnLost got %q, want %q", got, want)
		}
	case <-time.After(time.Second):
		t.Error("OnLost not called")
	}
}

func mustSession(t *testing.T, c *Client) *xmpp.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// lockedBuffer is a raw log the session writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}
