package xmlstream

import (
	"encoding/xml"
	"io"
)

// Decoder reads the restricted XML of one XMPP stream (RFC 6120 §11) from an
// io.Reader, one top-level element at a time.
//
// Its read buffer starts at 4 KiB and grows only as far as a name of
// MaxNameBytes needs; text and attribute values are streamed through it.
// What a peer can make it hold is bounded by its Limits.
//
// Memory: an element costs about 24 bytes per tag and per text run plus
// its text and attribute values, so a peer can make a Decoder hold a small
// multiple of MaxElementBytes at most; choose a small MaxElementBytes before
// authentication. One element may also use at most 1024 names (element and
// attribute names, prefixes, namespaces) the stream has not used before
// (policy-violation otherwise).
//
// After any error other than io.EOF (fragment mode, at a clean end of input)
// the Decoder keeps returning that error until Reset or Restart. A Decoder is
// not safe for concurrent use.
type Decoder struct {
	r   io.Reader
	lim Limits
	buf []byte // read buffer (or idle, see fillIdle); unread bytes are buf[pos:end]; nil when idle
	// pooled is buf's array when it came from bufPool, to give it back.
	pooled *[initialBufSize]byte
	idle   [idleReadSize]byte // what a read waits with when nothing is buffered, and its bytes are read from
	// burst is the size of the peer's latest burst: the bytes of the
	// reads since the last one that returned less than it was given
	// (burstEnded). A burst the idle buffer could not hold whole makes
	// the next read with nothing buffered use the read buffer.
	burst int
	pos   int
	end   int
	base  int64 // input offset of buf[0]
	rerr  error // error returned by r, reported once buf is drained
	err   error // sticky decode error

	limStart int64 // input offset where MaxElementBytes is counted from, or -1

	// The flags share one word (the Decoder's size is kept within a
	// size class, see TestDecoderSize).
	burstEnded bool
	atStart    bool // nothing but a byte order mark consumed since Reset/Restart
	restarted  bool // Restart began a new document on the same bytes
	started    bool // ReadStart succeeded: elements are children of a stream
	// boxing is set while ReadNewElement reads: finish leaves the element
	// in its lent storage and its values in scratch, for newBoxed.
	boxing bool

	stream openTag // the stream element's raw name

	// defaultNS is the default namespace in scope (ns's innermost
	// binding of symEmpty, or symEmpty): kept as ns changes, so that
	// startTag needs no walk of ns for an element without prefix.
	defaultNS sym

	ns      []nsBinding // namespace bindings in scope, innermost last
	open    []openTag   // elements open inside the current top-level element
	scratch []byte      // unescaped text and values of the current element
	syms    symTable

	// Starting storage for ns and open, which otherwise grew from empty
	// in every new Decoder: stanzas seldom nest or declare more.
	nsStore   [6]nsBinding
	openStore [4]openTag
	// scratch's starting storage: the values of a stream header, a SASL
	// step or a short stanza fit, where growing from empty took up to six
	// allocations in every new Decoder.
	scratchStore [minScratch]byte
	// lent is the storage lent to the element being read, if it had
	// none (see lend); nil otherwise.
	lent *lendStore
}

// minScratch is the scratch capacity a Decoder starts with.
const minScratch = 128

// openTag is an open element: its raw qualified name, for matching its end
// tag, the index of its start token and the namespace scope to restore.
type openTag struct {
	prefix, local sym
	tok           int32
	nsMark        int32
}

// NewDecoder returns a Decoder reading from r with the given limits.
func NewDecoder(r io.Reader, lim Limits) *Decoder {
	d := &Decoder{lim: lim.withDefaults()}
	d.ns, d.open, d.scratch = d.nsStore[:0], d.openStore[:0], d.scratchStore[:0]
	d.Reset(r)
	return d
}

// SetLimits replaces the limits, e.g. tighter before authentication. It
// applies from the next element read.
func (d *Decoder) SetLimits(lim Limits) { d.lim = lim.withDefaults() }

// Reset drops all buffered bytes and state and makes d read from r: use it
// at a TLS switch (bytes sent before it must not be read after it) or for a
// new connection.
func (d *Decoder) Reset(r io.Reader) {
	d.r = r
	d.pos, d.end, d.base = 0, 0, 0
	d.rerr = nil
	d.burst, d.burstEnded = 0, false
	d.Restart()
	d.restarted = false
}

// SetReader makes d read the rest of its input from r, keeping the bytes
// it has buffered and its state: r must go on with the byte stream the
// reader before it gave (a reader that wraps it, say). Call it between
// reads, from the goroutine that reads.
func (d *Decoder) SetReader(r io.Reader) { d.r = r }

// Restart forgets the stream (its namespaces and any error) but keeps the
// buffered bytes, for a stream restart on the same transport (RFC 6120
// §4.3.3), e.g. after SASL success. The next ReadStart may again begin with
// an XML declaration, after white space left over from the previous stream:
// each restart begins a new document, but the peer may have sent white
// space (a keepalive, a newline after its last element) before it knew.
func (d *Decoder) Restart() {
	d.endHeaderLend()
	d.err = nil
	d.atStart = true
	d.restarted = true
	d.limStart = -1
	d.started = false
	d.stream = openTag{}
	d.ns, d.defaultNS = d.ns[:0], symEmpty
	d.open = d.open[:0]
	d.scratch = d.scratch[:0]
}

// Buffered returns the number of bytes read from r but not yet consumed.
// After <proceed/> it must be zero: bytes a peer sent before the TLS switch
// must not be read after it (drop them with Reset).
func (d *Decoder) Buffered() int { return d.end - d.pos }

// SkipBufferedSpace consumes the white space at the start of the buffered
// bytes, without reading more, and returns how many buffered bytes remain.
// After <starttls/> or <proceed/> white space is harmless (a peer may end
// its write with a newline); anything else pipelined across the TLS switch
// is not.
func (d *Decoder) SkipBufferedSpace() int {
	for d.pos < d.end && isSpace(d.buf[d.pos]) {
		d.pos++
	}
	return d.end - d.pos
}

// InputOffset returns the input offset of the next byte to consume.
func (d *Decoder) InputOffset() int64 { return d.base + int64(d.pos) }

// LookupPrefix returns the namespace bound to prefix at the stream level
// (between top-level elements), e.g. LookupPrefix("") is the default
// namespace declared on the stream header.
func (d *Decoder) LookupPrefix(prefix string) (string, bool) {
	if prefix == "xml" {
		return xmlNS, true
	}
	for i := len(d.ns) - 1; i >= 0; i-- {
		if d.syms.name(d.ns[i].prefix) == prefix {
			return d.syms.name(d.ns[i].uri), true
		}
	}
	return "", prefix == ""
}

// ReadStart reads an optional XML declaration and then the opening tag of a
// stream (e.g. <stream:stream ...>), which must not be self-closing. Its
// namespace declarations stay in scope for the elements that follow. Names
// in the result are namespace-resolved (Name.Space is the URI); xmlns
// declarations are not among Attr.
func (d *Decoder) ReadStart() (xml.StartElement, error) {
	el, err := d.ReadStartElement()
	if err != nil {
		return xml.StartElement{}, err
	}
	return el.StartElement(), nil
}

// ReadStartElement is ReadStart returning the opening tag as an Element
// without children, read in place rather than copied into an
// xml.StartElement: its Name, Attr and AttrNS allocate nothing. The
// Element belongs to d and is valid until the next ReadStart or
// ReadStartElement; strings taken from it stay valid for ever.
func (d *Decoder) ReadStartElement() (*Element, error) {
	if d.err != nil {
		return nil, d.err
	}
	d.endHeaderLend()
	h := new(headerStore)
	h.el.toks, h.el.attrs = h.tok[:0], h.attrs[:0]
	el, err := d.readStart(&h.el, h.arena[:0])
	if err != nil {
		d.err = err
	}
	return el, err
}

// HeaderRoom is room for a stream header that ReadStartInto reads, which
// a caller can keep on its stack: reading a header then allocates nothing
// (ReadStartElement allocates 352 bytes per header).
type HeaderRoom struct {
	el Element
}

// ReadStartInto is ReadStartElement reading the opening tag into room.
// The Element and the strings taken from it are valid only until the next
// read from d (or Reset or Restart): its tokens are in storage d lends it
// until then, and its attribute values are left in d's buffer rather than
// copied. A caller copies what it keeps (stream.ReadHeader keeps the
// stream's id, language, version and addresses).
func (d *Decoder) ReadStartInto(room *HeaderRoom) (*Element, error) {
	if d.err != nil {
		return nil, d.err
	}
	d.endHeaderLend()
	el, err := d.readStart(&room.el, nil)
	if err != nil {
		d.err = err
	}
	return el, err
}

// ReadElement skips whitespace and reads the next complete element into el
// (reusing its storage). After ReadStart it reads the children of the stream
// element and returns ErrStreamEnd at the stream's end tag. Without
// ReadStart (fragment mode, used for WebSocket frames) it reads top-level
// elements one after another and returns io.EOF at a clean end of input
// between them. Non-whitespace text between top-level elements is
// not-well-formed.
//
// Strings held by el are allocated afresh for every element read and never
// overwritten, so they stay valid after el is reused.
func (d *Decoder) ReadElement(el *Element) error {
	if d.err != nil {
		return d.err
	}
	el.reset()
	d.endHeaderLend()
	var err error
	if d.pos == d.end {
		// Nothing is buffered: wait for the peer here, as the first
		// read of readElement would, but from this small frame rather
		// than from the decoding functions' larger ones, so that a
		// goroutine waiting for the next element over net.Pipe or TCP
		// fits the runtime's smallest (starting) stack and does not grow
		// it, at a cost of microseconds, when it first waits.
		if _, err = d.fill(d.pos); err == io.EOF && d.started {
			err = d.eof(err)
		}
	}
	if err == nil {
		err = d.readElement(el)
	}
	if err != nil {
		el.reset()
		if err != io.EOF || d.started {
			d.err = err
			d.releaseDrained()
		}
	}
	return err
}

// ReadNewElement is ReadElement into a new Element, which it returns.
// An element of a few tags, attributes and short values (an IQ response)
// takes one allocation with its storage; ReadElement into a new(Element)
// took two.
func (d *Decoder) ReadNewElement() (*Element, error) {
	var el Element // lent storage while it is read: it does not escape
	d.boxing = true
	err := d.ReadElement(&el)
	d.boxing = false
	if err != nil {
		return nil, err
	}
	e := d.newBoxed(&el)
	if cap(d.scratch) > maxKeptScratch {
		d.scratch = d.scratchStore[:0]
	}
	return e, nil
}

// releaseDrained gives the read buffer back to the pool once an error ends
// reading (the stream's end tag, a decoding error, the transport's error)
// and nothing is left buffered: reading stops until Reset or Restart,
// which start again from the idle buffer. Without it every stream that
// ended at its closing tag kept a pooled buffer until the collector took
// it, and the pool allocated a new one for the next stream.
func (d *Decoder) releaseDrained() {
	if d.pos != d.end || d.buf == nil {
		return
	}
	d.base += int64(d.pos)
	d.pos, d.end = 0, 0
	d.releaseBuf()
}
