// Package syncio holds the io.Writer wrapper that the session, the server
// and the command-line tool share for their raw XML logs, which several
// goroutines write to at once (a session's reader and writer, many
// sessions of one server).
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
