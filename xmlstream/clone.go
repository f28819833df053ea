package xmlstream

import "unsafe"

// Clone returns a deep copy of e that owns its storage. (The arena and name
// table it shares with e are never written again.)
//
// The copy and its tokens and attributes take one allocation when they
// fit cloneBox's largest room, as a stanza or a stream feature does:
// stream.ParseFeatures clones every feature offered, and the server every
// stanza it keeps.
func (e *Element) Clone() *Element {
	lo, hi := 0, 0
	if len(e.toks) > 0 {
		lo, hi = e.attrRange()
	}
	nt, na := len(e.toks), hi-lo
	c, room := newClone(nt + attrWords(na))
	c.names, c.arena, c.size = e.names, e.arena, e.size
	if nt == 0 {
		return c
	}
	c.toks = room[:nt:nt]
	copy(c.toks, e.toks)
	if na > 0 {
		// Attributes hold no pointers and are 4-byte aligned, as tokens
		// are: they take the room after the tokens.
		c.attrs = unsafe.Slice((*attr)(unsafe.Pointer(&room[nt])), na)
		copy(c.attrs, e.attrs[lo:hi])
	}
	if lo != 0 {
		for i := range c.toks {
			if c.toks[i].kind == kindStart {
				c.toks[i].a0 -= int32(lo)
				c.toks[i].a1 -= int32(lo)
			}
		}
	}
	return c
}

// attrWords returns the number of tokens' room that n attributes take.
func attrWords(n int) int {
	const ts, as = int(unsafe.Sizeof(token{})), int(unsafe.Sizeof(attr{}))
	return (n*as + ts - 1) / ts
}

// cloneBox is an Element with room for n tokens' worth of tokens and
// attributes after it, allocated together. The sizes used each fill an
// allocator size class (an Element is 104 bytes, a token 24): 160, 176,
// 208, 256, 320, 384, 416, 512, 704 and 1024 bytes.
type cloneBox[R any] struct {
	el   Element
	room R
}

// newClone returns a new Element and room for n tokens, in one allocation
// when n fits the largest box.
func newClone(n int) (*Element, []token) {
	switch {
	case n == 0:
		return new(Element), nil
	case n <= 2:
		b := new(cloneBox[[2]token])
		return &b.el, b.room[:]
	case n <= 3:
		b := new(cloneBox[[3]token])
		return &b.el, b.room[:]
	case n <= 4:
		b := new(cloneBox[[4]token])
		return &b.el, b.room[:]
	case n <= 6:
		b := new(cloneBox[[6]token])
		return &b.el, b.room[:]
	case n <= 9:
		b := new(cloneBox[[9]token])
		return &b.el, b.room[:]
	case n <= 11:
		b := new(cloneBox[[11]token])
		return &b.el, b.room[:]
	case n <= 13:
		b := new(cloneBox[[13]token])
		return &b.el, b.room[:]
	case n <= 17:
		b := new(cloneBox[[17]token])
		return &b.el, b.room[:]
	case n <= 25:
		b := new(cloneBox[[25]token])
		return &b.el, b.room[:]
	case n <= 38:
		b := new(cloneBox[[38]token])
		return &b.el, b.room[:]
	}
	return new(Element), make([]token, n)
}

// NewElement returns an empty Element with room for 8 tokens and 7
// attributes (a stanza of a few children, a SASL or bind exchange, with
// a namespace declaration, which is an attribute while its tag is read)
// in the same allocation (416 bytes), for an Element that is read into again
// and again, such as a session's negotiation elements: new(Element) cost
// itself, its storage when first read and the larger storage a later,
// larger element grew. The values of each element read still take an
// allocation of their own.
func NewElement() *Element {
	const ts, as = int(unsafe.Sizeof(token{})), int(unsafe.Sizeof(attr{}))
	const nt, na = 8, 7
	e, room := newClone(nt + (na*as+ts-1)/ts)
	e.toks = room[:0:nt]
	e.attrs = unsafe.Slice((*attr)(unsafe.Pointer(&room[nt])), na)[:0]
	return e
}
