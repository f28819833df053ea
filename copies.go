package xmpp

import (
	"sync/atomic"
	"weak"
)

// Copies is one Sender's store of the copies it makes of what it sends
// ([Outgoing.CopyTo]) and keeps until it learns they are no longer needed
// ([Copies.Done]): stream management keeps each stanza until the peer
// acknowledges it. Small copies share chunks of a few KiB, as with
// [Outgoing.Copy]; unlike those, a chunk all of whose copies are done is
// written over by later copies rather than left to the collector, so that
// a busy stream reuses a few chunks instead of allocating one every dozen
// stanzas.
//
// Its storage never leaves it: a chunk is reused only for later copies
// into the same Copies, and only once every copy made in it was done. A
// copy handed to anyone else (another session resuming the stream, the
// program as a lost stanza) must stay intact while it is referenced, so
// whoever hands copies out calls [Copies.Disown] first: from then on no
// storage of c is ever reused, and the collector frees it as it would
// the chunks of Copy.
//
// The zero value is ready to use. A Copies is not safe for concurrent use:
// its owner guards it (stream management with the mutex its Sending and
// its acknowledgements take).
type Copies struct {
	id  uint64     // what its chunks know it by; 0 until the first copy
	cur *copyBlock // where copies go; nil before the first
	// free are chunks all of whose copies are done, for reuse, in a list
	// of weak pointers (nfree of them at most): the collector takes what
	// is not reused by its next cycle, so that a stream that goes idle
	// after a burst keeps only its current chunk, as with Copy.
	free     weak.Pointer[copyBlock]
	nfree    int
	live     int  // copies in chunks, not done
	disowned bool // copies were handed out: nothing is reused
}

// Copies are appended to a chunk of copyChunk bytes; an element larger
// than copyAlone gets an allocation of its own.
const (
	copyChunk = 2 << 10
	copyAlone = copyChunk / 4
)

// copiesFree bounds the chunks a Copies keeps for reuse besides its
// current one: a stream whose peer acknowledges its whole window at once
// (1 MiB, stream management's default: 547 chunks of 128-byte copies, at
// most some 700 whatever their size) reuses all of them. The list holds
// them weakly, so a long one keeps nothing the collector would take.
const copiesFree = 1024

// copiesIDs numbers the Copies. A chunk refers to its Copies by number,
// not by pointer, so that a copy handed out (kept for a later
// resumption, say) does not keep alive the state that holds the Copies.
var copiesIDs atomic.Uint64

// copyBlock is what a [Held]'s bytes are in: one chunk of a Copies, of
// copyChunk bytes with its header (see newChunk), whose copies are
// appended to b[:n]; or, for a copy of its own (an element larger than
// copyAlone, one Hold takes), a header alone whose b is that copy.
// Who made the copies (from) is kept here, once for all the copies of a
// chunk, rather than in each Held: a queue of a window's Helds is then
// one pointer and two numbers an entry, which the collector scans and
// the write barrier records a third as often as a slice, a key and a
// namespace.
type copyBlock struct {
	from  *heldFrom               // the Sender and namespace of its copies
	b     []byte                  // the chunk's bytes, or a copy of its own
	self  weak.Pointer[copyBlock] // made when first freed
	next  weak.Pointer[copyBlock] // in the free list
	owner uint64                  // its Copies' id; 0 for a copy of its own
	refs  int32                   // copies made in b and not done
	n     int32
}

// chunk is a copyBlock and its bytes in one allocation: b refers to
// bytes, and a pointer to the copyBlock (the first field) keeps both.
type chunk struct {
	blk   copyBlock
	bytes [copyChunk - 64]byte
}

// newChunk returns a new chunk of a Copies known by id.
func newChunk(id uint64) *copyBlock {
	c := &chunk{blk: copyBlock{owner: id}}
	c.blk.b = c.bytes[:]
	return &c.blk
}

// heldFrom is who made a Held: the key of the Sender, and the content
// namespace it was written in. One per Sender of a running session.
type heldFrom struct {
	by any
	ns string
}

// CopyTo is [Outgoing.Copy] into c, stored in *dst: the copy is c's,
// valid until it is given to [Copies.Done], and delivery is taken over as
// with Copy. It fills dst in place, rather than returning the Held, since
// a Sender that copies every stanza keeps each in an entry of its own.
func (o *Outgoing) CopyTo(c *Copies, dst *Held) {
	if o.fresh {
		o.sm.kept = true
	}
	c.keep(o.from, o.raw, dst)
}

// keep copies raw, made by from, into *dst: into c's current chunk, or
// a copy of its own if large. A chunk's copies are all from one from:
// a copy from another starts a chunk (only a Copies shared by Senders,
// the session's for Outgoing.Copy, sees more than one).
func (c *Copies) keep(from *heldFrom, raw []byte, dst *Held) {
	if len(raw) > copyAlone {
		*dst = alone(from, raw)
		return
	}
	b := c.cur
	if b == nil || len(b.b)-int(b.n) < len(raw) || b.from != from {
		b = c.next()
		b.from = from
	}
	start := int(b.n)
	copy(b.b[start:], raw) // fits: checked above
	b.n += int32(len(raw))
	b.refs++
	c.live++
	*dst = Held{blk: b, off: int32(start), n: int32(len(raw))}
}

// alone returns a Held of a copy of raw of its own.
func alone(from *heldFrom, raw []byte) Held {
	return Held{blk: &copyBlock{from: from, b: append([]byte(nil), raw...)}, n: -1}
}

// next makes a chunk with room current: the current one itself if all its
// copies are done, else a free one, else a new one.
func (c *Copies) next() *copyBlock {
	if b := c.cur; b != nil && b.refs == 0 && !c.disowned {
		b.n = 0
		poisonCopies(b)
		return b
	}
	b := c.pop()
	if b == nil {
		if c.id == 0 {
			c.id = copiesIDs.Add(1)
		}
		b = newChunk(c.id)
	}
	c.cur = b
	return b
}

// pop takes a chunk from the free list, or returns nil.
func (c *Copies) pop() *copyBlock {
	if c.nfree == 0 || c.disowned {
		return nil
	}
	b := c.free.Value()
	if b == nil { // collected
		c.free, c.nfree = weak.Pointer[copyBlock]{}, 0
		return nil
	}
	c.free, b.next = b.next, weak.Pointer[copyBlock]{}
	c.nfree--
	b.n = 0
	return b
}

// Done tells c that nothing refers to *h any more, a copy made into c by
// [Outgoing.CopyTo]: its storage may be written over by later copies.
// Call it once per copy, and use no copy of that Held value afterwards.
// It takes a pointer, as CopyTo does, so that a Sender that tells it of
// each acknowledged stanza passes one word.
// It does nothing for a Held made otherwise (by [Outgoing.Copy], by Hold,
// or into another Copies, as the copies a resumed stream carries over
// are) nor once c is disowned.
func (c *Copies) Done(h *Held) {
	b := h.blk
	if b == nil || c.id == 0 || b.owner != c.id || c.disowned {
		return
	}
	if b.refs <= 0 {
		panic("xmpp: Copies.Done called twice for one copy")
	}
	b.refs--
	c.live--
	if b.refs == 0 && b != c.cur && c.nfree < copiesFree {
		poisonCopies(b)
		if b.self == (weak.Pointer[copyBlock]{}) {
			b.self = weak.Make(b)
		}
		b.next, c.free = c.free, b.self
		c.nfree++
	}
}

// Disown makes c reuse nothing any more, for good: call it before handing
// copies made into c to anyone else (to be sent on another stream, or
// reported as not delivered), which may keep them as long as they like.
func (c *Copies) Disown() {
	c.disowned = true
	c.free, c.nfree, c.cur = weak.Pointer[copyBlock]{}, 0, nil
}

// poisonCopies overwrites a chunk once its copies are all done, before it
// is reused: a copy still read after it was given to Done (a bug) then
// reads 0xff bytes from its start, every time, which tests catch and a
// peer rejects as not well-formed, rather than the later stanzas that
// would otherwise overwrite it bit by bit. It is one copy of a chunk of
// 0xff bytes (a byte loop cost 80 ns per stanza on the message benchmark,
// more than the copy itself), a few nanoseconds a stanza.
func poisonCopies(b *copyBlock) { copy(b.b, copyPoison[:]) }

// copyPoison is what poisonCopies writes: a chunk's bytes, all 0xff.
var copyPoison = func() (p [len(chunk{}.bytes)]byte) {
	for i := range p {
		p[i] = 0xff
	}
	return p
}()
