package xmlstream

// freshStore is the storage an Element that has none starts with, in one
// allocation: its first tokens and attributes, and the arena of the first
// element read into it, if that is small. Such elements are mostly the
// ones a caller keeps (an IQ response returned by a session), so each costs
// its allocations anew; a small stanza read into one now costs one
// allocation instead of three. The arena part is used only once: strings
// taken from that element point into it, and a later element read into the
// same storage gets an arena of its own (see finish).
type freshStore struct {
	toks  [minTokens]token
	attrs [minAttrs]attr
	arena [freshArena]byte
}

// freshArena is the arena room of a freshStore: the attribute values of an
// IQ result (id, to, from, type) fit.
const freshArena = 96

// fresh gives el, which has no storage, a freshStore; finish takes the
// arena from d.freshArena.
func (d *Decoder) fresh(el *Element) {
	f := new(freshStore)
	el.toks, el.attrs = f.toks[:0], f.attrs[:0]
	d.freshArena = f.arena[:0]
}
