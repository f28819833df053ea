package xmlstream

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// An Element that has no storage yet (mostly one a caller keeps, such as
// an IQ response returned by a session, so that each costs its storage
// anew) is read into storage the Decoder lends it, and finish then moves
// its tokens, attributes and arena into one allocation of their size, with
// room for settledRoom tokens and attributes at least (see settle).
// A fixed starting size (8 tokens, 8 attributes and a 96-byte arena, 416
// bytes) was most of the bytes allocated per IQ round trip: an IQ result
// has one token and four attributes.

// lendStore is the storage lent to an Element while it is read.
type lendStore struct {
	toks  [minTokens]token
	attrs [minAttrs]attr
}

// spareLend is a lendStore in the program's static data, which one
// Decoder at a time may lend (spareLendTaken), and lendPool holds more,
// shared by Decoders: kept in each Decoder, one would cost every idle
// stream its size. The spare is tried first, since the pool's Get and Put
// cost about 110 instructions per element and the spare's CompareAndSwap
// and Store a few (behind an atomic.Pointer, about 80: pointer atomics are
// calls, for the write barrier). It holds no pointers, so the collector
// does not scan it. A Decoder that finds it taken uses the pool. Only
// ReadElement lends it, which gives it back before it returns: a header
// ReadStartInto read keeps its storage until the next read, and a Decoder
// dropped meanwhile would keep the spare from all others for good.
var (
	spareLend      lendStore
	spareLendTaken atomic.Bool
	lendPool       = sync.Pool{New: func() any { return new(lendStore) }}
)

// lend gives el, which has no storage, the storage of a lendStore, for
// one ReadElement.
func (d *Decoder) lend(el *Element) {
	s := &spareLend
	// Read first: cores that find the spare taken then share its cache
	// line, where a CompareAndSwap would take it from the others each time.
	if spareLendTaken.Load() || !spareLendTaken.CompareAndSwap(false, true) {
		s = lendPool.Get().(*lendStore)
	}
	d.lent = s
	el.toks, el.attrs = s.toks[:0], s.attrs[:0]
}

// lendHeader is lend for a header ReadStartInto reads, from the pool.
func (d *Decoder) lendHeader(el *Element) {
	s := lendPool.Get().(*lendStore)
	d.lent = s
	el.toks, el.attrs = s.toks[:0], s.attrs[:0]
}

// giveBack returns the lent storage.
func (d *Decoder) giveBack() {
	if d.lent == &spareLend {
		spareLendTaken.Store(false)
	} else {
		lendPool.Put(d.lent)
	}
	d.lent = nil
}

// endHeaderLend gives back the storage lent to a header ReadStartInto
// read, which is valid until the next read: it is called before every
// read, Reset and Restart.
func (d *Decoder) endHeaderLend() {
	if d.lent != nil {
		d.giveBack()
	}
}

// unlend takes the lent storage back from el after its read failed: el is
// left with no storage, as it came.
func (d *Decoder) unlend(el *Element) {
	el.toks, el.attrs = nil, nil
	if d.lent != nil {
		d.giveBack()
	}
}

func (d *Decoder) isLent(toks []token) bool {
	return cap(toks) > 0 && unsafe.SliceData(toks) == &d.lent.toks[0]
}

func (d *Decoder) isLentAttrs(attrs []attr) bool {
	return cap(attrs) > 0 && unsafe.SliceData(attrs) == &d.lent.attrs[0]
}

// settle moves what el holds of the lent storage, and the arena from
// scratch, into one allocation, and gives the lent storage back. Tokens or
// attributes that outgrew it are already el's own.
func (d *Decoder) settle(el *Element) {
	toks, attrs := d.isLent(el.toks), d.isLentAttrs(el.attrs)
	if nt, na := len(el.toks), len(el.attrs); toks && attrs && nt <= settledRoom && na <= settledRoom {
		// The usual case (a stanza of a few tags and attributes), with
		// fixed-size copies: the general one's three calls of memmove
		// cost twice as much.
		n := len(d.scratch)
		block := make([]byte, int(unsafe.Sizeof(settledStore{}))+n)
		st := (*settledStore)(unsafe.Pointer(&block[0]))
		st.toks = [settledRoom]token(d.lent.toks[:settledRoom])
		st.attrs = [settledRoom]attr(d.lent.attrs[:settledRoom])
		el.toks, el.attrs = st.toks[:nt], st.attrs[:na]
		if n > 0 {
			el.arena = block[len(block)-n:]
			copy(el.arena, d.scratch)
		}
		d.giveBack()
		return
	}
	tn, an := 0, 0
	if toks {
		tn = max(len(el.toks), settledRoom)
	}
	if attrs {
		an = max(len(el.attrs), settledRoom)
	}
	tb, ab, n := tn*int(unsafe.Sizeof(token{})), an*int(unsafe.Sizeof(attr{})), len(d.scratch)
	if tb+ab+n == 0 {
		// Nothing is lent: the element outgrew both.
		d.giveBack()
		return
	}
	// One noscan block: tokens first, then attributes, then the arena. The
	// allocator aligns a block of 16 bytes or more to 8 bytes, and a token
	// is 24 bytes, so the attributes are aligned too; a block under 16
	// bytes holds only arena bytes.
	block := make([]byte, tb+ab+n)
	if toks {
		t := unsafe.Slice((*token)(unsafe.Pointer(&block[0])), tn)
		el.toks = t[:copy(t, el.toks)]
	}
	if attrs {
		a := unsafe.Slice((*attr)(unsafe.Pointer(&block[tb])), an)
		el.attrs = a[:copy(a, el.attrs)]
	}
	if n > 0 {
		el.arena = block[tb+ab : tb+ab+n : tb+ab+n]
		copy(el.arena, d.scratch)
	}
	d.giveBack()
}

// settledRoom is the number of tokens, and of attributes, an element's
// own storage has room for at least once it is settled. An element the
// session takes back is read into again, and elements pass from one
// session to another through the pool: an IQ request (four tokens, three
// attributes) read into fresh storage leaves it to a response (one token,
// four attributes) that would otherwise grow it.
const settledRoom = 4

// settledStore is the start of a settled element's allocation when its
// tokens and attributes fit settledRoom; its arena follows.
type settledStore struct {
	toks  [settledRoom]token
	attrs [settledRoom]attr
}

// freshBox is an Element with room for settledRoom tokens and attributes
// and an arena of A's size, allocated together (see newBoxed). An Element
// is 104 bytes, the rest 160: the arena sizes used fill the allocator's
// size classes of 288 to 512 bytes.
type freshBox[A any] struct {
	el    Element
	toks  [settledRoom]token
	attrs [settledRoom]attr
	arena A
}

// maxBoxedArena is the largest arena a freshBox holds.
const maxBoxedArena = 248

// newBoxed returns a new Element holding what tmp, read into lent storage
// by ReadNewElement, holds: with its storage in one freshBox when its
// tokens and attributes fit settledRoom and its values maxBoxedArena, as
// settle leaves them otherwise. An IQ response read into a new(Element)
// cost that Element and settle's block, two allocations.
func (d *Decoder) newBoxed(tmp *Element) *Element {
	nt, na, n := len(tmp.toks), len(tmp.attrs), len(d.scratch)
	if !d.isLent(tmp.toks) || !d.isLentAttrs(tmp.attrs) || nt > settledRoom || na > settledRoom || n > maxBoxedArena {
		d.settle(tmp)
		el := new(Element)
		*el = *tmp
		return el
	}
	switch {
	case n <= 24:
		return fillBox(new(freshBox[[24]byte]), d, tmp)
	case n <= 56:
		return fillBox(new(freshBox[[56]byte]), d, tmp)
	case n <= 88:
		return fillBox(new(freshBox[[88]byte]), d, tmp)
	case n <= 120:
		return fillBox(new(freshBox[[120]byte]), d, tmp)
	case n <= 184:
		return fillBox(new(freshBox[[184]byte]), d, tmp)
	}
	return fillBox(new(freshBox[[maxBoxedArena]byte]), d, tmp)
}

// fillBox moves tmp, read into lent storage, into b (see newBoxed), whose
// arena A is a byte array with room for its values, and gives the lent
// storage back. The tokens and attributes are copied at a fixed size, into
// b's fields rather than through pointers, which cost a call of memmove
// each.
func fillBox[A any](b *freshBox[A], d *Decoder, tmp *Element) *Element {
	b.toks = [settledRoom]token(d.lent.toks[:settledRoom])
	b.attrs = [settledRoom]attr(d.lent.attrs[:settledRoom])
	el := &b.el
	el.toks, el.attrs, el.names, el.size = b.toks[:len(tmp.toks)], b.attrs[:len(tmp.attrs)], tmp.names, tmp.size
	if n := len(d.scratch); n > 0 {
		arena := unsafe.Slice((*byte)(unsafe.Pointer(&b.arena)), n)
		copy(arena, d.scratch)
		el.arena = arena
	}
	d.giveBack()
	return el
}
