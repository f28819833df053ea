package xmpp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// gateWriter takes no bytes until opened; it then keeps what it is given.
type gateWriter struct {
	entered chan struct{} // closed when the first write waits
	open    chan struct{}
	once    sync.Once
	mu      sync.Mutex
	got     bytes.Buffer
}

func (g *gateWriter) Write(p []byte) (int, error) {
	g.once.Do(func() { close(g.entered) })
	<-g.open
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.got.Write(p)
}

func (g *gateWriter) has(b []byte) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return bytes.Contains(g.got.Bytes(), b)
}

// A holder of the write lock leaves its flush to the writer waiting for
// it. If that writer, handed the lock, then finds the outbox full and gives
// up waiting for room (its context ends), what the holder wrote must still
// be flushed: left in the writer's buffer, it would reach the peer only
// with some later write, never if the session goes quiet. Both writers
// that wait for room after taking the lock: Send, and Release.
func TestRoomWaitGiverUpFlushesForTheHolder(t *testing.T) {
	writers := map[string]func(s *Session, ctx context.Context) error{
		"Send": func(s *Session, ctx context.Context) error {
			return s.write(ctx, func(xmlstream.Encoder) error { return nil })
		},
		"Release": func(s *Session, ctx context.Context) error {
			return s.Release(ctx, func() []Held { return nil })
		},
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) { testRoomWaitGiverUp(t, write) })
	}
}

// fullOutbox returns a session whose outbox is full: one batch its
// transport g does not take until release, and as much again waiting
// behind it. The test's end releases it and ends the session.
func fullOutbox(t *testing.T) (s *Session, g *gateWriter, release func()) {
	t.Helper()
	g = &gateWriter{entered: make(chan struct{}), open: make(chan struct{})}
	s = newSession(struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(nil), io.Discard}, Config{}, stanza.NSClient)
	t.Cleanup(s.ctx.end)
	s.boxStore.init(g)
	s.w.SetOutput(&s.boxStore)
	s.box = &s.boxStore
	release = sync.OnceFunc(func() { close(g.open) })
	t.Cleanup(release)

	fill := bytes.Repeat([]byte("<a/>"), outboxLimit/4+1)
	for i := range 2 {
		if !s.wl.tryLock() {
			t.Fatal("the lock is held")
		}
		if err := s.w.WriteRaw(fill); err != nil {
			t.Fatal(err)
		}
		if err := s.unlockWrite(); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			<-g.entered
		}
	}
	if !s.box.full() {
		t.Fatal("the outbox is not full")
	}
	return s, g, release
}

func testRoomWaitGiverUp(t *testing.T, write func(*Session, context.Context) error) {
	s, g, release := fullOutbox(t)

	// The holder writes; a writer waits for the lock meanwhile.
	if !s.wl.tryLock() {
		t.Fatal("the lock is held")
	}
	mark := []byte("<held-back/>")
	if err := s.w.WriteRaw(mark); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	waited := make(chan error, 1)
	go func() { waited <- write(s, ctx) }()
	for s.wl.waiters.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := s.unlockWrite(); err != nil { // leaves the flush to the waiter
		t.Fatal(err)
	}
	if err := <-waited; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the waiting writer: %v, want it to give up waiting for room", err)
	}

	// The transport takes everything now: the holder's element too.
	release()
	deadline := time.Now().Add(5 * time.Second)
	for !g.has(mark) {
		if time.Now().After(deadline) {
			t.Fatalf("the holder's element never left: %d bytes left in the writer's buffer", s.w.Buffered())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// flushAnswers on the read loop takes a free write lock, and a full
// outbox has it wait for room. The lock may have come free with a
// holder's element in the buffer: the holder left its flush to a waiter
// that then gave up, and whose flush on its behalf (gaveUpWaiting) found
// the lock taken by flushAnswers. If flushAnswers gives up waiting too
// (here the peer has closed its stream), it must flush that element,
// though not the pending answers, which stay for the next read rather
// than go into the full outbox.
func TestFlushAnswersGiverUpFlushesForTheHolder(t *testing.T) {
	s, _, _ := fullOutbox(t)

	// The holder's element, left in the buffer as the lock came free.
	if !s.wl.tryLock() {
		t.Fatal("the lock is held")
	}
	if err := s.w.WriteRaw([]byte("<held-back/>")); err != nil {
		t.Fatal(err)
	}
	s.wl.unlock()
	s.ans.q = append(s.ans.q, answer{key: 1, fill: func(b []byte) []byte { return append(b, "<answer/>"...) }})
	s.ans.n.Store(1)
	s.box.stopWaiting() // waitRoom fails at once

	s.flushAnswers(true)
	if n := s.w.Buffered(); n != 0 {
		t.Errorf("%d bytes left in the writer's buffer", n)
	}
	if s.ans.n.Load() == 0 {
		t.Error("the pending answer was written into the full outbox")
	}
	if !s.wl.tryLock() {
		t.Fatal("the lock was not let go")
	}
	s.wl.unlock()
}
