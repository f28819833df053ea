package xmpp

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// The stream seam: how a package outside the core takes part in a running
// session (XEP-0198 stream management, XEP-0352 client state indication,
// inline features of later authentication protocols). A package declares an
// [ExtensionKey], attaches a per-session value under it while the session
// negotiates, and finds it again with [ExtensionKey.Get]. If the value is a
// [Receiver] it sees every top-level element the peer sends and takes its
// own; if it is a [Sender] it sees every element this side sends and may
// hold some back. A session with nothing attached pays one nil check per
// element.

// ExtensionKey identifies one package's per-session state, the way a
// context key identifies a context value, but typed. Declare one per
// package, as a package-level variable:
//
//	var key = xmpp.NewExtensionKey[*state]("csi")
type ExtensionKey[T any] struct{ name string }

// NewExtensionKey returns a new key; name is for diagnostics only.
func NewExtensionKey[T any](name string) *ExtensionKey[T] { return &ExtensionKey[T]{name: name} }

// String returns the key's name.
func (k *ExtensionKey[T]) String() string { return k.name }

// Attach gives the session being negotiated the value v under k. Call it
// from a [StreamFeature]'s Advertise or Negotiate (or a custom negotiation);
// attaching again under the same key replaces the value in its place. The
// value is fixed once the session runs, so v is usually a pointer whose
// fields the package guards itself.
//
// If v is a [Receiver] or a [Sender], the running session calls it, in the
// order values were first attached.
func (k *ExtensionKey[T]) Attach(n *Negotiation, v T) {
	s := n.s
	for i := range s.exts {
		if s.exts[i].key == any(k) {
			s.exts[i].val = v
			return
		}
	}
	s.exts = append(s.exts, extension{key: k, val: v})
}

// Get returns the value attached to s under k, and whether there is one.
func (k *ExtensionKey[T]) Get(s *Session) (T, bool) {
	for i := range s.exts {
		if s.exts[i].key == any(k) {
			v, ok := s.exts[i].val.(T)
			return v, ok
		}
	}
	var zero T
	return zero, false
}

// Lookup returns the value attached under k to the session being
// negotiated, and whether there is one: a feature negotiated later in the
// same negotiation finds what an earlier one attached (stream management's
// enabling after a resumption, or after an inline feature of SASL2).
func (k *ExtensionKey[T]) Lookup(n *Negotiation) (T, bool) { return k.Get(n.s) }

// extension is one attached value. key is an *ExtensionKey[T].
type extension struct {
	key, val any
}

// A Receiver is an attached value that sees what the peer sends.
type Receiver interface {
	// Receive is called on the session's read loop for each top-level
	// element the peer sends once the session runs, in order, before the
	// session routes it: stanzas (IQ responses and malformed stanzas too)
	// and other elements such as XEP-0198's <r/>, but not the stream's own
	// end or errors (a [NamespaceReceiver] is given only its namespace's
	// elements). It reports whether el was its own: the session then
	// routes it no further. el is valid only during the call.
	//
	// A non-nil error ends the stream with that stream error if it is a
	// [stream.Error], else with undefined-condition. Receive may send (the
	// read loop waits); it must not wait for anything the peer sends.
	Receive(s *Session, el *xmlstream.Element) (mine bool, err error)
}

// A NamespaceReceiver is a [Receiver] that takes only top-level elements of
// its protocol's namespace: the read loop calls its Receive for those
// alone, so that stanzas and other protocols' elements pass it by at no
// cost.
type NamespaceReceiver interface {
	Receiver
	// ReceiveNamespace returns the namespace; it is asked once, when the
	// session starts. It must not be the stream's content namespace.
	ReceiveNamespace() string
}

// A StanzaCounter is an attached value that counts the stanzas the peer
// sends (XEP-0198's h) without seeing them: the read loop adds one to its
// [StanzaCount] for each top-level message, presence and iq in the content
// namespace (malformed ones and IQ responses too), once the count was
// started, whether or not a Receiver takes it: one a Receiver takes once
// taken, any other once the read loop knows it does not end the stream
// (a stanza in a wrong namespace or with a wrong 'from', RFC 6120
// §4.9.3, ends it unhandled and is never counted).
type StanzaCounter interface {
	// StanzaCount returns the count to keep; it is asked once, when the
	// session starts.
	StanzaCount() *StanzaCount
}

// StanzaCount is a count of stanzas received, kept by the read loop for
// a [StanzaCounter]. It counts nothing until Start, and wraps at 2^32.
// Its methods are safe for concurrent use; only the read loop adds to
// it, and Store is for a count carried over from an earlier stream,
// before the session runs.
type StanzaCount struct {
	n  atomic.Uint32
	on atomic.Bool
}

// Start makes the read loop count from now on.
func (c *StanzaCount) Start() { c.on.Store(true) }

// Counting reports whether Start was called.
func (c *StanzaCount) Counting() bool { return c.on.Load() }

// Load returns the count.
func (c *StanzaCount) Load() uint32 { return c.n.Load() }

// Store sets the count.
func (c *StanzaCount) Store(n uint32) { c.n.Store(n) }

// add counts one stanza, if counting. Only the read loop adds, so a load
// and a store do, without the locked instruction of an atomic add.
func (c *StanzaCount) add() {
	if c.on.Load() {
		c.n.Store(c.n.Load() + 1)
	}
}

// A Sender is an attached value that sees, and may hold back, what this
// side sends.
type Sender interface {
	// Sending is called for each top-level element written once the
	// session runs (once per send: a Marshaler that writes two elements is
	// seen as one), in order, after it is encoded and before it leaves.
	// The session's write lock is held: Sending must not block, nor call
	// the session's send methods; it may Hold or Copy o, Release
	// elements held earlier, which then leave before o, and have elements
	// Follow o. An element one
	// Sender holds is not seen by the Senders after it until it is
	// released, so a value that counts what reaches the wire (stream
	// management) is an [AtWire] value: it comes last.
	Sending(s *Session, o *Outgoing)
}

// An AtWire value is a [Sender] that sees what is written to the wire:
// the session calls it after all other Senders, whatever the attach
// order, so that it never sees what another Sender holds back. Stream
// management counts and keeps what it sees (XEP-0198 §4); what the peer
// sends it counts as a [StanzaCounter], whichever Receiver takes it. The session
// keeps the attach order among AtWire values, and among the others.
type AtWire interface {
	// AtWire marks the type; the session never calls it.
	AtWire()
}

// A Starter is an attached value told when its session starts running.
type Starter interface {
	// Started is called once negotiation is done, before the session reads
	// anything and before it is returned to whoever negotiated it, so
	// before any other element is sent: what Started writes with
	// [Session.Release] leaves first. A resumed stream (XEP-0198) sends
	// the stanzas its peer had not acknowledged this way.
	Started(s *Session)
}

// An Ender is an attached value told when its session's stream has ended.
type Ender interface {
	// Ended is called once, when the stream has ended and its transport
	// is closed, before [Session.Done] is closed and before
	// [Config.OnEnd] runs, with the session's write lock held: every
	// element that passed the Senders has been seen, and any later send
	// fails with [ErrClosed]. Elements a Sender still holds are dropped
	// with the session unless Ended takes them over. Ended must not block
	// or call the session's send methods.
	Ended(s *Session)
}

// Held is a copy of an element this side sent or was about to send, as the
// session encoded it, kept by a [Sender] to write later with
// [Outgoing.Release] or [Session.Release], on this session or on another
// one that resumes its stream.
type Held struct {
	blk *copyBlock // what its bytes are in, and who made it; nil if zero
	off int32      // where its bytes start in blk.b
	n   int32      // how many there are; -1: all of blk.b (a copy of its own)
}

// Len returns the element's size in bytes as encoded.
func (h Held) Len() int {
	if h.n < 0 {
		return len(h.blk.b)
	}
	return int(h.n)
}

// bytes returns the element as encoded. Its capacity ends with it.
func (h *Held) bytes() []byte {
	if h.n < 0 {
		return h.blk.b
	}
	if h.blk == nil {
		return nil
	}
	end := h.off + h.n
	return h.blk.b[h.off:end:end]
}

// sender returns the key of the Sender that made h, or nil.
func (h *Held) sender() any {
	if h.blk == nil || h.blk.from == nil {
		return nil
	}
	return h.blk.from.by
}

// Element parses the element, for code that must act on a held element
// itself (bounce a stanza that was never acknowledged, say) rather than
// send it again. It is the slow path: each call parses anew.
func (h Held) Element() (*xmlstream.Element, error) {
	var sm seam
	sm.s = new(Session)
	if h.blk != nil && h.blk.from != nil {
		sm.s.out.NS = h.blk.from.ns
	}
	el := new(xmlstream.Element)
	if err := sm.parse(h.bytes(), el); err != nil {
		return nil, err
	}
	return el, nil
}

// Outgoing is an element this side is sending, as a [Sender] sees it. It
// is valid only during the Sending call.
type Outgoing struct {
	raw    []byte
	from   *heldFrom // the Sender being called, and the namespace
	held   bool
	parsed bool
	fresh  bool  // sent now, not released: it may be refused
	refuse error // why a Sender refused it, or nil
	src    xmlstream.Marshaler
	el     xmlstream.Element
	err    error
	sm     *seam
	// inPlace: raw is in the writer's buffer, after sm.mark (see
	// seam.emitInPlace), rather than in a stage or a Held.
	inPlace   bool
	kindKnown bool // kind and isStanza are set
	isStanza  bool
	kind      stanza.Kind
	follow    [][]byte // elements to write right after this one (Follow)
}

// Len returns the element's size in bytes as encoded.
func (o *Outgoing) Len() int { return len(o.raw) }

// Element returns the element, parsed from its encoding on the first call
// (so that Senders that only count pay nothing for it).
func (o *Outgoing) Element() (*xmlstream.Element, error) {
	if !o.parsed {
		o.parsed = true
		o.err = o.sm.parse(o.raw, &o.el)
	}
	return &o.el, o.err
}

// Source returns the [xmlstream.Marshaler] given to [Session.Send] that
// wrote the element, or nil for an element being released and for those
// the session writes itself (IQ requests of [Session.SendIQ], error
// replies). A package that offers its own send function can wrap the
// caller's Marshaler in a type of its own and recognise it here: stream
// management ties a delivery receipt to its stanza that way.
func (o *Outgoing) Source() xmlstream.Marshaler { return o.src }

// Released reports whether the element was held earlier and is being
// released now, rather than sent now.
func (o *Outgoing) Released() bool { return !o.fresh }

// Stanza reports whether the element is a stanza (a message, presence or
// IQ in the stream's content namespace), and which, from the start tag of
// its encoding alone: stream management counts every stanza sent this way
// without parsing any.
func (o *Outgoing) Stanza() (stanza.Kind, bool) {
	if !o.kindKnown {
		o.kind, o.isStanza = encodedKind(o.raw, o.sm.s.out.NS)
		o.kindKnown = true
	}
	return o.kind, o.isStanza
}

// encodedKind reads the start tag of raw, as the session's writer encodes
// it: an unprefixed name, then, if the element's namespace is not the
// default one in scope (the content namespace), its declaration as the
// first attribute, since the writer never declares a default namespace
// elsewhere (Marshalers have no way to write raw bytes). Only the name and
// that first attribute are read.
func encodedKind(raw []byte, ns string) (stanza.Kind, bool) {
	if len(raw) < 4 {
		return 0, false
	}
	// Each name is compared whole, with its '<', as a constant: one
	// eight-byte load for a message, cheaper than picking the candidate
	// by one byte first.
	var k stanza.Kind
	var i int
	switch {
	case len(raw) > 8 && string(raw[:8]) == "<message":
		k, i = stanza.KindMessage, 8
	case len(raw) > 9 && string(raw[:9]) == "<presence":
		k, i = stanza.KindPresence, 9
	case string(raw[:3]) == "<iq":
		k, i = stanza.KindIQ, 3
	default:
		return 0, false
	}
	switch raw[i] {
	case '>', '/':
		return k, true
	case ' ':
	default:
		return 0, false // a longer name
	}
	const decl = ` xmlns=`
	if len(raw)-i < len(decl) || string(raw[i:i+len(decl)]) != decl {
		return k, true
	}
	v := raw[i+len(decl):]
	if len(v) == 0 {
		return 0, false
	}
	end := bytes.IndexByte(v[1:], v[0]) // the value's quote
	if end < 0 || string(v[1:1+end]) != ns {
		return 0, false
	}
	return k, true
}

// Hold takes the element out of the stream for now: it is not written, and
// Senders after this one do not see it. Write it later with Release.
func (o *Outgoing) Hold() Held {
	o.held = true
	// A copy of its own: a held element may be kept a long time (XEP-0352
	// holds presence while the client is inactive), and should not keep
	// a chunk of copies alive meanwhile.
	return alone(o.from, o.raw)
}

// Copy returns a copy of the element, to write again later (on this
// session or another one, as stream resumption does); the element itself
// goes on. Copies of small elements share chunks of a few KiB, so that a
// Sender that copies every element (stream management) does not allocate
// for each: a chunk is freed once none of its copies is referenced.
//
// A Sender that copies an element being sent now takes over its delivery:
// if the transport then fails, the send that wrote it returns nil rather
// than the write's error, since the copy will be written again on a
// resumed stream (or reported by the Sender as not delivered). A caller
// that retried on such an error would send the stanza twice.
func (o *Outgoing) Copy() Held {
	// The session's own Copies for this Sender (a chunk holds one
	// Sender's copies), disowned for good: nothing tells it when a copy
	// is no longer needed, so its chunks are left to the collector.
	sm := o.sm
	if sm.copies == nil {
		sm.copies = make([]Copies, len(sm.send))
	}
	c := &sm.copies[sm.indexOf(o.from.by)]
	c.disowned = true
	var h Held
	o.CopyTo(c, &h)
	return h
}

// Refuse takes the element out of the stream for good and makes the send
// call that wrote it return err (which must not be nil): a Sender that
// cannot take the element (stream management whose queue of
// unacknowledged stanzas is full) refuses it rather than drop it. Only an
// element being sent now can be refused: one being released (written by
// [Outgoing.Release] or [Session.Release]) was accepted earlier and must
// go, so Refuse reports false for it and does nothing.
func (o *Outgoing) Refuse(err error) bool {
	if !o.fresh || err == nil {
		return false
	}
	o.held = true
	o.refuse = err
	return true
}

// Release writes held elements now, in order, before this one: they pass
// the Senders after this one, then leave.
func (o *Outgoing) Release(h ...Held) {
	if len(h) == 0 {
		return
	}
	o.detach()
	at := o.sm.indexOf(o.from.by) + 1
	for i := range h {
		o.sm.emit(at, h[i].bytes(), false)
	}
}

// detach moves an element being sent in place (in the writer's buffer) to
// the stage and rolls the writer back, so that elements released now are
// written before it; it is written after them once the Senders let it
// through.
func (o *Outgoing) detach() {
	if !o.inPlace {
		return
	}
	st := &o.sm.stage
	st.b = append(st.b[:0], o.raw...)
	o.raw, o.inPlace = st.b, false
	o.sm.s.w.Rollback(o.sm.mark) // nothing was written after the mark: cannot fail
}

// Follow writes raw right after the element, under the same write lock, so
// that nothing comes in between: stream management asks for an
// acknowledgement right after every so many stanzas this way, without a
// send of its own. raw must be one whole top-level element encoded as the
// session's writer encodes it (the session does not check it), and must
// not change until Sending returns; it is not copied. It does not pass
// the Senders: none sees it, holds it or counts it. Elements follow in the
// order of the calls; if the element is held or refused (by this Sender
// or a later one), they are written in its place.
func (o *Outgoing) Follow(raw []byte) {
	if len(raw) > 0 {
		o.follow = append(o.follow, raw)
	}
}

// Release writes elements held by a [Sender], in order, through the
// Senders attached after the one that held them. take runs first, under
// the session's write lock, so that nothing is sent between taking the
// elements and writing them: XEP-0352's flush on <active/> keeps its order
// that way. take must not block or call the session's send methods.
func (s *Session) Release(ctx context.Context, take func() []Held) error {
	if err := s.lockWrite(ctx); err != nil {
		return err
	}
	if s.outClosed || s.closed.Load() || s.box == nil {
		s.wl.unlock()
		return ErrClosed
	}
	if err := s.box.waitRoom(ctx); err != nil {
		s.unlockUnwritten()
		return err
	}
	held := take()
	for i := range held {
		h := &held[i]
		if s.seam == nil {
			s.writeEncoded(h.bytes())
			continue
		}
		s.seam.emit(s.seam.indexOf(h.sender())+1, h.bytes(), false)
	}
	return s.unlockWrite()
}

// seam is a running session's attached Receivers and Senders; nil when
// there are none.
type seam struct {
	s      *Session
	recv   []receiver
	send   []Sender
	froms  []*heldFrom // each Sender's key, with the content namespace
	start  []Starter
	end    []Ender
	stage  stage       // an element too large for the writer's buffer, or moved out of it (detach)
	outs   []*Outgoing // one per nesting of Release inside Sending
	depth  int
	parser parser
	src    xmlstream.Marshaler // what Send was given for the element being sent now
	mark   xmlstream.Mark      // where the element sent in place begins (emitInPlace)
	copies []Copies            // where Outgoing.Copy copies to, one per Sender; nil until used
	kept   bool                // a Sender copied the element being sent now (see Copy)

	counts []*StanzaCount // of the StanzaCounters
	// stanzaRecv are the Receivers that see stanzas (those that take
	// every namespace), in order; if there are none, nsOnly is set when
	// there are Receivers or StanzaCounters, and the read loop offers
	// elements after it parsed the header (see dispatch).
	stanzaRecv []receiver
	nsOnly     bool
}

// startSeam collects the attached hooks when the session starts.
func (s *Session) startSeam() {
	var sm seam
	// Senders in two passes: AtWire values last.
	for _, wire := range [2]bool{false, true} {
		for _, e := range s.exts {
			if w, ok := e.val.(Sender); ok {
				if _, at := e.val.(AtWire); at == wire {
					sm.send = append(sm.send, w)
					sm.froms = append(sm.froms, &heldFrom{by: e.key, ns: s.out.NS})
				}
			}
		}
	}
	for _, e := range s.exts {
		if r, ok := e.val.(Receiver); ok {
			rc := receiver{r: r}
			if nr, ok := r.(NamespaceReceiver); ok {
				rc.ns = nr.ReceiveNamespace()
			}
			sm.recv = append(sm.recv, rc)
			if rc.ns == "" {
				sm.stanzaRecv = append(sm.stanzaRecv, rc)
			}
		}
		if c, ok := e.val.(StanzaCounter); ok {
			if n := c.StanzaCount(); n != nil {
				sm.counts = append(sm.counts, n)
			}
		}
		if st, ok := e.val.(Starter); ok {
			sm.start = append(sm.start, st)
		}
		if en, ok := e.val.(Ender); ok {
			sm.end = append(sm.end, en)
		}
	}
	receives := sm.recv != nil || sm.counts != nil
	sm.nsOnly = receives && sm.stanzaRecv == nil
	if receives || sm.send != nil || sm.start != nil || sm.end != nil {
		// A copy, so that sm itself stays on the stack: a session
		// without hooks allocates no seam.
		sm.s = s
		s.seam = new(seam)
		*s.seam = sm
	}
}

// startedSeam tells the Starters that the session runs.
func (s *Session) startedSeam() {
	if s.seam == nil {
		return
	}
	for _, st := range s.seam.start {
		st.Started(s)
	}
}

// endedSeam tells the Enders that the stream has ended, under the write
// lock (taken without regard to the stream's end, which makes lockWrite
// give up: whoever holds the lock returns within its own bound).
func (s *Session) endedSeam() {
	if s.seam == nil || s.seam.end == nil {
		return
	}
	s.wl.lock(nil, nil)
	defer s.wl.unlock()
	for _, en := range s.seam.end {
		en.Ended(s)
	}
}

// receiver is an attached Receiver and the namespace it takes, or "" for
// every element.
type receiver struct {
	r  Receiver
	ns string
}

// received offers el to the Receivers, before the read loop parses its
// header, when some Receiver sees stanzas, and counts it for the
// StanzaCounters if it is a stanza one took (one none takes is counted
// once the read loop knows it does not end the stream, see dispatch). It
// reports whether one took it and, if so, whether reading goes on.
func (s *Session) received(el *xmlstream.Element) (taken, goOn bool) {
	sm := s.seam
	name := el.Name()
	recv := sm.recv
	_, isStanza := stanza.KindOf(name)
	if isStanza {
		recv = sm.stanzaRecv // a stanza is in no Receiver's namespace
	}
	taken, goOn = s.offer(el, name.Space, recv)
	if taken && isStanza {
		sm.counted()
	}
	return taken, goOn
}

// counted counts a stanza received for the StanzaCounters: one that does
// not end the stream, so that no <a/> written meanwhile (the answer to
// <r/> takes h when it is written, by any writer) counts a stanza that
// ends it unhandled, which a peer resuming with that h (XEP-0198 §5)
// would take as handled and never send again.
func (sm *seam) counted() {
	if sm == nil {
		return
	}
	for _, c := range sm.counts {
		c.add()
	}
}

// offer shows el, in namespace space, to the Receivers in recv that take
// it (apart from received, whose path for a stanza nobody sees is short).
func (s *Session) offer(el *xmlstream.Element, space string, recv []receiver) (taken, goOn bool) {
	for i := range recv {
		r := &recv[i]
		if r.ns != "" && r.ns != space {
			continue
		}
		mine, err := r.r.Receive(s, el)
		if err != nil {
			putElement(el)
			var serr stream.Error
			if !errors.As(err, &serr) {
				serr = stream.UndefinedCondition
			}
			s.sendStreamError(serr)
			s.setErr(&LocalStreamError{Err: serr, Cause: err})
			s.closeTransport()
			return true, false
		}
		if mine {
			putElement(el)
			return true, true
		}
	}
	return false, true
}

// writeSeam is write's path when Senders are attached, called with the
// write lock held and room in the outbox. The element is encoded straight
// into the writer's buffer and shown to the Senders there (emitInPlace): if
// they let it through it is already in place, if one holds or refuses it
// the writer is rolled back. Only an element that does not fit in the
// buffer (the writer flushed while encoding it) is collected in a stage of
// its own and copied into the writer afterwards: the writer's output is the
// stage while it encodes, so nothing of it leaves before the Senders saw it.
func (s *Session) writeSeam(src xmlstream.Marshaler, enc func(xmlstream.Encoder) error) error {
	sm := s.seam
	if s.w.Buffered() >= seamRoom {
		// Earlier elements, so that this one is likely to fit.
		if err := s.w.Flush(); err != nil {
			s.wl.unlock()
			s.fail(err)
			return err
		}
	}
	s.w.SetOutput(&sm.stage)
	mark := s.w.Mark()
	sm.kept = false
	err := enc(s.w.Encoder())
	if err != nil && (s.w.Depth() != 0 || s.w.Buffered() != mark.Len() || len(sm.stage.b) != 0) && !s.w.Rollback(mark) {
		s.w.SetOutput(s.writerOutput())
		sm.stage.reset()
		s.outClosed = true
		s.wl.unlock()
		s.fail(errBrokenWrite)
		return err
	}
	if err == nil {
		if raw, ok := s.w.Since(mark); ok {
			s.w.SetOutput(s.writerOutput())
			if len(raw) > 0 {
				err = sm.emitInPlace(raw, mark, src)
			}
		} else {
			sm.src = src
			err = sm.emitStaged(mark.Len())
			sm.src = nil
		}
	} else {
		s.w.SetOutput(s.writerOutput())
	}
	sm.stage.reset()
	kept := err == nil && sm.kept
	if uerr := s.unlockWrite(); err == nil && !kept {
		err = uerr
	}
	return err
}

// seamRoom is how full the writer's buffer may be before an element is
// encoded into it on writeSeam's path; a fuller one is flushed first, so
// that elements of ordinary size do not spill out of it (the writer
// flushes at 4 KiB).
const seamRoom = 2 << 10

// emitStaged is emit for an element that spilled out of the writer's
// buffer while it was encoded: the stage holds the earlier elements that
// were buffered at the mark (their n bytes first) and the beginning of
// this one, the writer the rest. The earlier elements go on, this one
// passes the Senders from the stage.
func (sm *seam) emitStaged(n int) error {
	s := sm.s
	if err := s.w.Flush(); err != nil { // the rest, into the stage
		s.w.SetOutput(s.writerOutput())
		return err
	}
	s.w.SetOutput(s.writerOutput())
	if n > 0 {
		if _, err := s.writerOutput().Write(sm.stage.b[:n]); err != nil {
			return err
		}
	}
	if len(sm.stage.b) == n {
		return nil
	}
	return sm.emit(0, sm.stage.b[n:], true)
}

// next returns the Outgoing for the current nesting of emit, reset, with
// src its Source. Its from is left as it was: pass sets it before each
// Sender sees it.
func (sm *seam) next(raw []byte, fresh bool, src xmlstream.Marshaler) *Outgoing {
	if sm.depth == len(sm.outs) {
		sm.outs = append(sm.outs, &Outgoing{sm: sm})
	}
	o := sm.outs[sm.depth]
	sm.depth++
	o.raw, o.held, o.parsed, o.err, o.fresh, o.refuse = raw, false, false, nil, fresh, nil
	o.src, o.inPlace, o.kindKnown = src, false, false
	o.follow = o.follow[:0]
	return o
}

// done writes the elements o's Senders asked to follow it, and lets the
// Outgoing go.
func (sm *seam) done(o *Outgoing) {
	if len(o.follow) > 0 {
		sm.writeFollow(o) // apart, so that done is inlined
	}
	o.raw, o.src = nil, nil
	sm.depth--
}

// writeFollow writes the elements o's Senders asked to follow it.
func (sm *seam) writeFollow(o *Outgoing) {
	for i, f := range o.follow {
		sm.s.writeEncoded(f)
		o.follow[i] = nil
	}
	o.follow = o.follow[:0]
}

// emitInPlace is emit for a fresh element that src encoded into the
// writer's buffer after mark, where raw is: let through, it stays there;
// held or refused, the writer is rolled back. If a Sender releases held elements before it,
// it moves to the stage first (see Outgoing.detach).
func (sm *seam) emitInPlace(raw []byte, mark xmlstream.Mark, src xmlstream.Marshaler) error {
	o := sm.next(raw, true, src)
	o.inPlace, sm.mark = true, mark
	var err error
	switch {
	case sm.pass(o, 0):
		if o.inPlace {
			sm.s.w.Rollback(mark)
		}
		err = o.refuse
	case !o.inPlace:
		sm.s.writeEncoded(o.raw)
	case sm.s.fr != nil:
		if ferr := sm.s.endElement(); ferr != nil {
			sm.s.fail(ferr)
		}
	}
	// Not deferred: it cost a tenth of the seam's price per stanza, and
	// a Sender that panics leaves the write lock held, so the session
	// is of no use afterwards anyway.
	sm.done(o)
	return err
}

// emit shows raw to the Senders from index at on and writes it unless one
// of them holds it. fresh is true for an element being sent now (not
// released); it returns the error of a Sender that refused it.
func (sm *seam) emit(at int, raw []byte, fresh bool) error {
	var src xmlstream.Marshaler
	if fresh {
		src = sm.src
	}
	o := sm.next(raw, fresh, src)
	defer sm.done(o)
	if sm.pass(o, at) {
		return o.refuse
	}
	sm.s.writeEncoded(raw)
	return nil
}

// pass shows o to the Senders from index at on, reporting whether one of
// them held (or refused) it.
func (sm *seam) pass(o *Outgoing, at int) bool {
	for i := at; i < len(sm.send); i++ {
		o.from = sm.froms[i]
		sm.send[i].Sending(sm.s, o)
		if o.held {
			return true
		}
	}
	return false
}

// indexOf returns the index of the Sender attached under key, or -1.
func (sm *seam) indexOf(key any) int {
	for i, f := range sm.froms {
		if f.by == key {
			return i
		}
	}
	return -1
}

// stage collects one encoded element.
type stage struct{ b []byte }

func (st *stage) Write(p []byte) (int, error) {
	st.b = append(st.b, p...)
	return len(p), nil
}

// reset empties the stage, dropping storage grown for a large element.
func (st *stage) reset() {
	if cap(st.b) > idleKeep {
		st.b = nil
	}
	st.b = st.b[:0]
}
