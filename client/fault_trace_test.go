package client

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"
)

// wireTrace keeps the raw XML of the fault-injection test's clients and
// server (xmpp.Config.RawLog, server.Config.RawLog), with CANTO_FAULT_DEBUG
// set, so that a message that went missing can be followed: which
// connections carried it, each way, and how they ended. Connection
// numbers (C12) are shared by the clients and the server of one process,
// so that a client's connection and the server's end of it differ.
type wireTrace struct {
	mu    sync.Mutex
	lines []string
}

// party returns the writer for one side (alice, bob, server).
func (w *wireTrace) party(name string) *traceWriter { return &traceWriter{w: w, name: name} }

type traceWriter struct {
	w    *wireTrace
	name string
}

func (t *traceWriter) Write(p []byte) (int, error) {
	at := time.Now().Format("15:04:05.000000")
	t.w.mu.Lock()
	defer t.w.mu.Unlock()
	for line := range bytes.Lines(p) {
		t.w.lines = append(t.w.lines, at+" "+t.name+" "+string(bytes.TrimRight(line, "\n")))
	}
	return len(p), nil
}

// conn returns the connection number of a line ("C12"), or "".
func traceConn(line string) string {
	f := strings.Fields(line)
	if len(f) < 3 {
		return ""
	}
	return f[2]
}

// explain returns the lines that tell what became of message body (its
// own lines, every side, and the last lines of each connection that
// carried it, which show how that connection ended and what its
// acknowledgements and resumption said).
func (w *wireTrace) explain(body string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	needle := ">" + body + "<"
	conns := map[string]bool{}
	var out []string
	for _, l := range w.lines {
		if strings.Contains(l, needle) {
			out = append(out, l)
			conns[traceConn(l)] = true
		}
	}
	if len(out) == 0 {
		out = append(out, fmt.Sprintf("%s: on no connection's trace (may be split across reads)", body))
	}
	for c := range conns {
		var tail []string
		for _, l := range w.lines {
			if traceConn(l) == c {
				tail = append(tail, l)
			}
		}
		out = append(out, fmt.Sprintf("-- last lines of %s (%d lines):", c, len(tail)))
		out = append(out, tail[max(0, len(tail)-12):]...)
	}
	// The presences and resumptions: when each side went online, what
	// each <resume/> claimed and the answers.
	for _, l := range w.lines {
		if strings.Contains(l, "<presence") || strings.Contains(l, "<resume ") || strings.Contains(l, "<resumed ") || strings.Contains(l, "<failed ") || strings.Contains(l, "<enabled ") {
			out = append(out, l)
		}
	}
	return out
}
