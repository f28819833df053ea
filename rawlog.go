package xmpp

import (
	"bytes"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
)

// rawLogIDs numbers the sessions that keep a raw log, so that a log shared
// by many (a server's) tells their connections apart.
var rawLogIDs atomic.Uint64

// rawLog formats a session's raw XML for Config.RawLog, for a person to
// read: each chunk read or written becomes lines that start with the
// connection's number and the direction, "C3 <- " for what was read from
// the peer and "C3 -> " for what was written to it, with a line break
// between adjacent tags so that each element begins a line. A chunk of
// white space only (a keepalive) is shown quoted. Each chunk is one Write
// to the destination; the two directions are serialised.
type rawLog struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
	in  []byte // "C3 <- "
	out []byte // "C3 -> "
}

func newRawLog(w io.Writer) *rawLog {
	id := "C" + strconv.FormatUint(rawLogIDs.Add(1), 10)
	return &rawLog{w: w, in: []byte(id + " <- "), out: []byte(id + " -> ")}
}

// reader and writer are the two directions.
func (l *rawLog) reader() io.Writer { return &rawDirection{l: l, prefix: l.in} }
func (l *rawLog) writer() io.Writer { return &rawDirection{l: l, prefix: l.out} }

type rawDirection struct {
	l      *rawLog
	prefix []byte
	red    redactor // FAST secrets (rawlog_redact.go)
}

func (d *rawDirection) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	l := d.l
	l.mu.Lock()
	defer l.mu.Unlock()
	out := d.red.process(p)
	if len(out) == 0 {
		return len(p), nil
	}
	l.buf = appendRaw(l.buf[:0], d.prefix, out)
	// A failing debug log must not fail the stream it copies.
	_, _ = l.w.Write(l.buf)
	if cap(l.buf) > 64<<10 {
		l.buf = nil // one big chunk does not stay allocated
	}
	return len(p), nil
}

// xmlSpace is XML's white space (the S production).
const xmlSpace = " \t\r\n"

// appendRaw appends chunk p as prefixed lines: a new line at every line
// break in p and between "><", blank lines dropped.
func appendRaw(dst, prefix, p []byte) []byte {
	if len(bytes.Trim(p, xmlSpace)) == 0 {
		dst = append(dst, prefix...)
		dst = strconv.AppendQuote(dst, string(p))
		return append(dst, '\n')
	}
	for len(p) > 0 {
		end := len(p)
		next := len(p)
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			end, next = i, i+1
		}
		if i := bytes.Index(p[:end], []byte("><")); i >= 0 {
			end, next = i+1, i+1
		}
		if line := bytes.TrimRight(p[:end], xmlSpace); len(bytes.Trim(line, xmlSpace)) > 0 {
			dst = append(dst, prefix...)
			dst = append(dst, line...)
			dst = append(dst, '\n')
		}
		p = p[next:]
	}
	return dst
}
