package client

import (
	"bytes"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
)

// faultLog keeps the last lines of what the fault-injection test's server
// logged (connections, their ends and why, failed negotiations) and the
// clients' failed resumptions, to be shown when stanzas were reported
// lost: what the server answered and why it had let the stream go.
type faultLog struct {
	mu    sync.Mutex
	lines []string
}

const faultLogLines = 50_000

func (l *faultLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.add(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

// add keeps line, dropping the oldest past faultLogLines. Called with mu.
func (l *faultLog) add(line string) {
	if len(l.lines) == faultLogLines {
		l.lines = append(l.lines[:0], l.lines[1:]...)
	}
	l.lines = append(l.lines, time.Now().Format("15:04:05.000000")+" "+line)
}

func (l *faultLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.add(fmt.Sprintf(format, args...))
}

// snapshot returns the lines kept.
func (l *faultLog) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// logger is the server's Logger, writing to l from level on.
func (l *faultLog) logger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: level}))
}

// loggingResumer is the default Resumer, noting each session that did not
// resume the stream before it, with the server's answer (<failed/> and its
// condition, or no stream management).
type loggingResumer struct {
	*sm.Resumer
	name string
	log  *faultLog
	seen bool // a first session was negotiated
}

func (r *loggingResumer) Resumed(s *xmpp.Session) bool {
	ok := r.Resumer.Resumed(s)
	if !ok && r.seen {
		r.log.logf("%s: not resumed: %v", r.name, sm.ResumptionOf(s, nil).Err)
	}
	in, out, acked, _ := sm.Counts(s)
	r.log.logf("%s: session, resumed %v: in %d out %d acked %d", r.name, ok, in, out, acked)
	r.seen = true
	return ok
}
