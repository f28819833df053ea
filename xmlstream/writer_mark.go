package xmlstream

import (
	"encoding/xml"
	"io"
)

// Mark is a position in a Writer's output, for [Writer.Rollback].
type Mark struct {
	flushes, n, depth, binds int
	open                     bool
}

// Mark records the current position.
func (w *Writer) Mark() Mark {
	return Mark{flushes: w.flushes, n: len(w.buf), depth: len(w.stack), binds: len(w.binds), open: w.open}
}

// Rollback discards everything written since m, so that a Marshaler that
// failed halfway leaves no partial element behind. It reports false when
// that is impossible because some of those bytes already reached the
// destination (the buffer filled up and was flushed).
func (w *Writer) Rollback(m Mark) bool {
	if w.flushes != m.flushes || len(w.buf) < m.n || len(w.stack) < m.depth {
		return false
	}
	w.buf = w.buf[:m.n]
	if m.n == 0 {
		w.releaseBuf() // a session idle after a failed write holds none
	}
	w.stack = w.stack[:m.depth]
	w.binds = w.binds[:m.binds]
	w.open = m.open
	return true
}

// Since returns the bytes written since m, for a caller that must look at
// (or copy) an element it has just encoded before letting it go: they are
// still in w's buffer, so no copy is made. ok is false when some of them
// already reached the destination (the buffer filled up and was flushed
// after m) or w was rolled back past m. The slice aliases w's buffer: it
// is valid until the next call that writes, flushes or rolls back, and
// must not be modified.
func (w *Writer) Since(m Mark) (b []byte, ok bool) {
	if w.flushes != m.flushes || len(w.buf) < m.n {
		return nil, false
	}
	return w.buf[m.n:len(w.buf):len(w.buf)], true
}

// Len returns how many bytes were buffered at the mark.
func (m Mark) Len() int { return m.n }

// SetOutput makes w write to dst from now on, keeping its state (open
// elements, namespace bindings) and its buffered bytes, unlike Reset.
func (w *Writer) SetOutput(dst io.Writer) { w.dst = dst }

// StartResolved writes a start tag for a name as a Decoder resolved it: an
// empty Space means no namespace (written as xmlns="" where a default
// namespace is in scope) instead of the namespace in scope that [Writer.Start]
// gives it. Attribute names are taken as resolved too, as [Element.Attrs]
// gives them: a Space of "xmlns" or "xml" is a namespace of that name, not
// encoding/xml's declaration or xml prefix. Use it to re-encode received
// elements with changed attributes.
func (w *Writer) StartResolved(name xml.Name, attr ...xml.Attr) error {
	return w.start(name, attr, false, formResolved)
}

// StartResolvedAttrs is [Writer.Start] with attribute names taken as
// resolved, as [Writer.StartResolved] takes them: an element name with an
// empty Space takes the namespace in scope (at the top level, the stream's
// content namespace), and an attribute Space of "xmlns" or "xml" is a
// namespace of that name. Use it to re-encode a received element's
// attributes, from [Element.Attrs] or [Element.AppendAttrs], under a name
// in the inherited namespace.
func (w *Writer) StartResolvedAttrs(name xml.Name, attr ...xml.Attr) error {
	return w.start(name, attr, true, formResolved)
}
