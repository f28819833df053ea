// Package syncio holds the io.Writer wrapper that the server and the
// command-line tool put around a raw XML log shared by many sessions, each
// writing from its own goroutines. (A session serialises its own two
// directions; sessions sharing one destination need this lock.)
package syncio

import (
	"io"
	"sync"
)

// Writer serialises writes to an io.Writer: each Write reaches it whole,
// never interleaved with another. It is safe for concurrent use.
type Writer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes p to the underlying writer under the lock.
func (l *Writer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
