package interop

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// maxLogBytes bounds what one log file puts into a test's log.
const maxLogBytes = 32 << 10

// allLogs are the server's log files: its own and its captured output.
func (s *server) allLogs() []string {
	if s.dir == "" {
		return nil
	}
	return append(s.f.logFiles(s), filepath.Join(s.dir, "stdout.log"))
}

// logSizes records how long each log file is, to show later what a test
// added.
func (s *server) logSizes() map[string]int64 {
	sizes := make(map[string]int64)
	for _, f := range s.allLogs() {
		if fi, err := os.Stat(f); err == nil {
			sizes[f] = fi.Size()
		}
	}
	return sizes
}

// logsSince returns what the logs gained since mark (nil: everything), the
// end of each file if that is too long.
func (s *server) logsSince(mark map[string]int64) string {
	var b strings.Builder
	for _, f := range s.allLogs() {
		data, err := readFrom(f, mark[f])
		if err != nil || len(data) == 0 {
			continue
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", f, data)
	}
	if b.Len() == 0 {
		return "(the server logged nothing)"
	}
	return b.String()
}

// readFrom reads f from offset, keeping at most maxLogBytes of the end.
func readFrom(name string, offset int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	offset = max(offset, fi.Size()-maxLogBytes)
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(f, maxLogBytes))
}

// maxRawBytes bounds the raw XML kept of one session (a benchmark's
// session would otherwise grow without end).
const maxRawBytes = 1 << 20

// rawLog collects the beginning of a session's raw XML
// (xmpp.Config.RawLog). The session writes to it from its reading and
// writing goroutines at once.
type rawLog struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	truncated bool
}

func (r *rawLog) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if room := maxRawBytes - r.buf.Len(); len(p) > room {
		r.buf.Write(p[:max(room, 0)])
		r.truncated = true
		return len(p), nil
	}
	return r.buf.Write(p)
}

func (r *rawLog) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.truncated {
		return r.buf.String() + "\n(truncated)"
	}
	return r.buf.String()
}
