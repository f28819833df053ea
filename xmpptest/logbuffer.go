package xmpptest

import (
	"bytes"
	"sync"
)

// LogBuffer collects log output (for example through slog.NewTextHandler)
// from a session's goroutines, safe for concurrent use, so that a test can
// check what was logged, such as a refused forgery.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
