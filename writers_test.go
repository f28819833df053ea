package xmpp

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a transport that records what is written.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSharedWriters writes many outboxes at once through the shared writer
// goroutines: every byte reaches its own transport in order, no more
// writers wait than the bound, and the waiting ones end once idle.
func TestSharedWriters(t *testing.T) {
	const boxes, writes = 50, 40
	dsts := make([]*lockedBuffer, boxes)
	var wg sync.WaitGroup
	for i := range boxes {
		dsts[i] = new(lockedBuffer)
		o := newOutbox(dsts[i])
		wg.Go(func() {
			for j := range writes {
				if _, err := o.Write([]byte{byte('a' + j%26)}); err != nil {
					t.Error(err)
				}
				o.kick()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := o.drain(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var want []byte
	for j := range writes {
		want = append(want, byte('a'+j%26))
	}
	for i, d := range dsts {
		if got := d.String(); got != string(want) {
			t.Fatalf("outbox %d wrote %q, want %q", i, got, want)
		}
	}
	if n := parkedCount(); n > parkedWriters {
		t.Fatalf("%d writers wait, bound %d", n, parkedWriters)
	}
	deadline := time.Now().Add(10 * writerLinger)
	for parkedCount() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d writers still wait after %v", parkedCount(), 10*writerLinger)
		}
		time.Sleep(writerLinger / 10)
	}
}
