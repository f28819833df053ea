package xmlstream

import (
	"encoding/xml"
	"io"
	"sync"
	"sync/atomic"
	"unsafe"
)

// xmlNS is the namespace the xml: prefix is bound to.
const xmlNS = "http://www.w3.org/XML/1998/namespace"

// flushAt is the buffer size beyond which the Writer writes to its
// destination between operations.
const flushAt = 4096

// Writer encodes XML straight to an io.Writer, buffered, escaping text and
// attribute values, refusing characters XML cannot carry. Element names are
// written unprefixed with a default namespace declaration where the
// namespace changes, unless BindPrefix bound a prefix to the namespace.
// Not safe for concurrent use (the session layer locks).
//
// A method that returns an error other than one from the destination writes
// nothing. Errors from the destination are sticky.
type Writer struct {
	dst io.Writer
	// buf is nil between flushes: the Writer takes a buffer from
	// writeBufPool when it has bytes to hold and gives it back once they
	// are written, so that an idle stream holds none.
	buf    []byte
	pooled *[]byte // what buf goes back to the pool in
	err    error
	stack  []openElem
	binds  []binding
	defNS  string // default namespace at depth 0
	// contentNS, if set, is what an empty namespace means at depth 0 when
	// it is not declared in scope (WebSocket framing, RFC 7395: every
	// top-level element declares jabber:client itself).
	contentNS string
	open      bool // the innermost start tag still lacks its '>'
	spare     bool // buf is spareWrite (see takeBuf)
	// flushes counts the writes to dst, so that Rollback knows whether
	// bytes after a Mark have left.
	flushes int

	// Starting storage for stack and binds, which otherwise grew from
	// empty in every new Writer (three allocations for the stack alone):
	// stanzas seldom nest deeper, and a stream header binds one prefix.
	stackStore [4]openElem
	bindStore  [1]binding
	// deep is where stack lives while elements nest deeper than
	// stackStore holds (a SASL2 offer with Bind 2 nests six deep): taken
	// from deepPool and given back once the Writer has flushed at a depth
	// stackStore holds again, so that an idle stream keeps no stack grown
	// once during its negotiation.
	deep *[deepStack]openElem
}

// deepStack is the depth a pooled stack holds; deeper nesting grows it as
// any slice.
const deepStack = 16

var deepPool = sync.Pool{New: func() any { return new([deepStack]openElem) }}

// pushElem appends an open element for the caller to fill in and returns
// it, moving the open elements to a pooled stack when they outgrow
// stackStore. Filled in place, the element is not built and then copied.
func (w *Writer) pushElem() *openElem {
	n := len(w.stack)
	if n < cap(w.stack) {
		w.stack = w.stack[:n+1]
		return &w.stack[n]
	}
	if w.deep == nil && n < deepStack {
		w.deep = deepPool.Get().(*[deepStack]openElem)
		w.stack = append(w.deep[:0], w.stack...)
	}
	w.stack = append(w.stack, openElem{})
	return &w.stack[n]
}

// shallowStack moves the open elements back into stackStore and gives the
// pooled stack back, when they fit.
func (w *Writer) shallowStack() {
	if w.deep == nil || len(w.stack) > len(w.stackStore) {
		return
	}
	w.stack = w.stackStore[:copy(w.stackStore[:], w.stack)]
	clear(w.deep[:])
	deepPool.Put(w.deep)
	w.deep = nil
}

// openElem is an element the Writer has started and not yet ended.
type openElem struct {
	name   xml.Name
	prefix string // prefix its tags are written with, or ""
	defNS  string // default namespace in scope inside it
	nbinds int    // len(binds) before its declarations
}

// binding is a namespace prefix in scope.
type binding struct {
	prefix, ns string
	elements   bool // bound by BindPrefix, so used for element names too
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	wr := &Writer{dst: w}
	wr.stack, wr.binds = wr.stackStore[:0], wr.bindStore[:0]
	return wr
}

// Reset drops buffered output and all state (open elements, namespace
// bindings, the default namespace) and makes w write to dst.
func (w *Writer) Reset(dst io.Writer) {
	w.dst = dst
	w.releaseBuf()
	w.err = nil
	w.stack = w.stack[:0]
	w.shallowStack()
	w.binds = w.binds[:0]
	w.defNS = ""
	w.contentNS = ""
	w.open = false
}

// SetContentNS sets the namespace that a top-level element given with an
// empty namespace is written in, when it differs from the default namespace
// in scope: the element then declares it. Used where no stream header
// declares the content namespace (RFC 7395 framing). Empty means the
// default namespace in scope.
func (w *Writer) SetContentNS(ns string) { w.contentNS = ns }

// SetDefaultNS sets the default namespace already in scope at depth 0
// (declared on the stream header); top-level elements in it are written
// without xmlns.
func (w *Writer) SetDefaultNS(ns string) { w.defNS = ns }

// BindPrefix records that prefix is already bound to ns at depth 0 (declared
// on the stream header, e.g. "stream" to "http://etherx.jabber.org/streams").
// Elements and attributes in ns are then written with that prefix. Call it
// between top-level elements; Reset forgets the bindings.
func (w *Writer) BindPrefix(prefix, ns string) error {
	// The binding every stream header makes is known good: comparing it
	// is cheaper than checking its characters at every header.
	if prefix != "stream" || ns != streamsNS {
		if err := checkBinding(prefix, ns); err != nil {
			return err
		}
	}
	for i := range w.binds {
		if w.binds[i].prefix == prefix {
			w.binds[i].ns = ns
			return nil
		}
	}
	w.binds = append(w.binds, binding{prefix: prefix, ns: ns, elements: true})
	return nil
}

// streamsNS is the namespace of the stream header's stream: prefix.
const streamsNS = "http://etherx.jabber.org/streams"

// checkBinding refuses what BindPrefix cannot bind: a prefix that is not an
// NCName or is reserved, an empty namespace, one holding characters XML
// cannot carry, and the reserved namespaces.
func checkBinding(prefix, ns string) error {
	if !isNCName(prefix) || ns == "" || !validChars(ns) {
		return ErrInvalidName
	}
	if prefix == "xml" || prefix == "xmlns" || ns == xmlNS || ns == xmlnsNS {
		return ErrInvalidName
	}
	return nil
}

// Depth returns the number of open elements.
func (w *Writer) Depth() int { return len(w.stack) }

// Buffered returns the number of bytes written to w but not yet to its destination.
func (w *Writer) Buffered() int { return len(w.buf) }

// Flush writes the buffered bytes to the destination. A start tag still
// waiting for content is completed first.
func (w *Writer) Flush() error {
	w.closeStartTag()
	return w.flush()
}

// FlushVia is Flush with write taking the buffered bytes in place of the
// destination's Write: for a caller that knows the destination and has a
// cheaper way to it. write is called even when nothing is buffered (p is
// then empty): what was written may have gone to the destination already,
// as a large element does while it is written. write must not keep p.
// Its error sticks, as the destination's does.
func (w *Writer) FlushVia(write func(p []byte) error) error {
	w.closeStartTag()
	if w.err != nil {
		w.releaseBuf()
		return w.err
	}
	if len(w.buf) == 0 {
		w.releaseBuf()
		w.shallowStack()
		if err := write(nil); err != nil {
			w.err = err
			return err
		}
		return nil
	}
	return w.flushed(write(w.buf))
}

// Output returns the destination w writes to.
func (w *Writer) Output() io.Writer { return w.dst }

func (w *Writer) flush() error {
	if w.err != nil {
		w.releaseBuf() // what it holds is lost with the destination
		return w.err
	}
	if len(w.buf) == 0 {
		w.releaseBuf()
		w.shallowStack()
		return nil
	}
	_, err := w.dst.Write(w.buf)
	return w.flushed(err)
}

// flushed ends a flush whose write returned err.
func (w *Writer) flushed(err error) error {
	// The usual buffer, the spare, and no pooled stack are seen to here,
	// without releaseBuf's and shallowStack's calls.
	if w.spare {
		spareWriteTaken.Store(false)
		w.buf, w.spare = nil, false
	} else {
		w.releaseBuf()
	}
	if w.deep != nil {
		w.shallowStack()
	}
	w.flushes++
	if err != nil {
		w.err = err
	}
	return err
}

// maxPooledWrite is the largest buffer given back to writeBufPool; one
// grown larger by a big element goes to the collector.
const maxPooledWrite = 64 << 10

// spareWrite is a buffer in the program's static data, which one Writer
// at a time may hold (spareWriteTaken), and writeBufPool holds more. The
// spare is tried first: a Writer takes and gives back a buffer at every
// flush (twice per IQ round trip), and the spare costs a CompareAndSwap
// and a Store where the pool's Get and Put cost about 120 instructions (a
// spare behind an atomic.Pointer about 90: pointer atomics are calls, for
// the write barrier). It holds no pointers, so the collector does not
// scan it. A Writer that finds it taken uses the pool; one dropped while
// it holds it (with bytes never flushed) leaves all Writers to the pool.
var (
	spareWrite      [flushAt]byte
	spareWriteTaken atomic.Bool
	writeBufPool    = sync.Pool{New: func() any {
		b := make([]byte, 0, flushAt)
		return &b
	}}
)

// grab makes sure w has a buffer to append to.
func (w *Writer) grab() {
	if w.buf == nil {
		w.takeBuf()
	}
}

// takeBuf gives w a buffer: the spare, or one from the pool. Kept out of
// grab, so that grab, called before every append, stays small enough to
// inline.
func (w *Writer) takeBuf() {
	// Read first: cores that find the spare taken then share its cache
	// line, where a CompareAndSwap would take it from the others each time.
	if !spareWriteTaken.Load() && spareWriteTaken.CompareAndSwap(false, true) {
		w.buf, w.spare = spareWrite[:0], true
		return
	}
	p := writeBufPool.Get().(*[]byte)
	w.pooled, w.buf = p, (*p)[:0]
}

// releaseBuf gives the buffer back; what it held is dropped.
func (w *Writer) releaseBuf() {
	switch {
	case w.buf == nil:
		return
	case w.spare:
		// Given back even when a large write outgrew it: w no longer
		// uses it then, and the grown buffer goes to the collector.
		spareWriteTaken.Store(false)
		w.spare = false
	case w.pooled != nil:
		if cap(w.buf) <= maxPooledWrite {
			*w.pooled = w.buf[:0]
			writeBufPool.Put(w.pooled)
		}
		w.pooled = nil
	}
	w.buf = nil
}

// maybeFlush writes out a full buffer between operations.
func (w *Writer) maybeFlush() error {
	if len(w.buf) >= flushAt {
		return w.flush()
	}
	return w.err
}

// closeStartTag writes the pending '>' of the innermost start tag.
func (w *Writer) closeStartTag() {
	if w.open {
		w.grab()
		w.buf = append(w.buf, '>')
		w.open = false
	}
}

// WriteRaw writes trusted pre-encoded bytes, e.g. a stream header. A pending
// start tag is completed first.
func (w *Writer) WriteRaw(p []byte) error {
	if w.err != nil {
		return w.err
	}
	w.grab()
	w.closeStartTag()
	w.buf = append(w.buf, p...)
	return w.maybeFlush()
}

// Text writes s as character data, escaped.
func (w *Writer) Text(s string) error {
	if w.err != nil {
		return w.err
	}
	if len(w.stack) == 0 {
		return ErrNoOpenElement
	}
	w.grab()
	mark, wasOpen := len(w.buf), w.open
	w.closeStartTag()
	var ok bool
	w.buf, ok = appendText(w.buf, s)
	if !ok {
		w.buf, w.open = w.buf[:mark], wasOpen
		return ErrInvalidChar
	}
	return w.maybeFlush()
}

// End closes the innermost open element; an empty element is written as <x/>.
func (w *Writer) End() error {
	if w.err != nil {
		return w.err
	}
	n := len(w.stack)
	if n == 0 {
		return ErrNoOpenElement
	}
	// Popped first: el stays where it is, and less is kept in
	// registers (or spilled) across what follows.
	el := &w.stack[n-1]
	w.binds = w.binds[:el.nbinds]
	w.stack = w.stack[:n-1]
	w.grab()
	if w.open {
		w.buf = append(w.buf, '/', '>')
		w.open = false
	} else {
		w.appendEndTag(el.prefix, el.name.Local)
	}
	return w.maybeFlush()
}

// appendEndTag appends the end tag of an element named prefix:local (or
// local): in room it has (nearly always), stored with local (nearly
// always 16 bytes or fewer) put last by putShort rather than through
// memmove's call, nothing left to do after it; otherwise appended.
func (w *Writer) appendEndTag(prefix, local string) {
	n, off := len(local), len(w.buf)
	if prefix != "" || n > 16 || cap(w.buf)-off < n+len("</>") {
		w.appendEndTagGrowing(prefix, local)
		return
	}
	w.buf = w.buf[:off+n+len("</>")]
	d := unsafe.Pointer(unsafe.SliceData(w.buf))
	*(*[2]byte)(unsafe.Add(d, off)) = [2]byte{'<', '/'}
	*(*byte)(unsafe.Add(d, off+2+n)) = '>'
	putShort(d, off+2, local)
}

// appendEndTagGrowing is appendEndTag with appends.
func (w *Writer) appendEndTagGrowing(prefix, local string) {
	buf := append(w.buf, '<', '/')
	if prefix != "" {
		buf = append(buf, prefix...)
		buf = append(buf, ':')
	}
	buf = append(buf, local...)
	w.buf = append(buf, '>')
}
