package thirdparty

import (
	"bytes"
	"strings"
	"sync"
)

// lineBuffer collects a program's output and passes on each whole line.
type lineBuffer struct {
	mu      sync.Mutex
	all     bytes.Buffer
	partial string
	lines   chan string
}

func (b *lineBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.all.Write(p)
	b.partial += string(p)
	for {
		line, rest, ok := strings.Cut(b.partial, "\n")
		if !ok {
			break
		}
		b.partial = rest
		select {
		case b.lines <- line:
		default:
		}
	}
	return len(p), nil
}

func (b *lineBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.all.String()
}
