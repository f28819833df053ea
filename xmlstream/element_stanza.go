package xmlstream

import "unsafe"

// StanzaAttrs are the attributes RFC 6120 §8.1 gives every stanza, as an
// element's start tag carries them: id, type, to and from (in no
// namespace) and xml:lang. Has tells which are present (a present
// attribute may be empty); of repeated ones the first counts, as with
// [Element.AttrNS].
type StanzaAttrs struct {
	ID, Type, To, From, Lang string
	Has                      StanzaAttr
}

// StanzaAttr is a set of the attributes in [StanzaAttrs].
type StanzaAttr uint8

// The attributes of [StanzaAttrs].
const (
	HasID StanzaAttr = 1 << iota
	HasType
	HasTo
	HasFrom
	HasLang
)

// The well-known symbols of the stanza attributes' names (their places in
// wellKnownNames, which TestStanzaSymbols checks). Every name read is
// interned to its well-known symbol if it has one, so these compare as the
// names do.
const (
	symLang sym = 7
	symTo   sym = 9
	symFrom sym = 10
	symID   sym = 11
	symType sym = 12
)

// StanzaAttrs returns the stanza attributes of e's start tag, found in one
// pass that compares names as symbols: the same as looking each up with
// [Element.AttrNS], without a string comparison per attribute and name.
func (e *Element) StanzaAttrs() (s StanzaAttrs) {
	if len(e.toks) == 0 {
		return s
	}
	// The start tag's attributes are as[a0:], indexed from a0: slicing
	// there (as rootAttrs does) cost more than the loop.
	a0, as := int(uint32(e.toks[0].a0)), e.attrs[:e.toks[0].a1]
	arena := unsafe.SliceData(e.arena)
	// has is a local, kept in a register; s.Has was loaded and stored
	// back at each attribute.
	var has StanzaAttr
	for i := a0; i < len(as); i++ {
		// Each case stores to s itself: through a pointer chosen by
		// the switch, every store had a write barrier check.
		a := &as[i]
		switch {
		case a.space == symEmpty:
			switch a.local {
			case symID:
				if has&HasID == 0 {
					has |= HasID
					s.ID = arenaValue(arena, a)
				}
			case symType:
				if has&HasType == 0 {
					has |= HasType
					s.Type = arenaValue(arena, a)
				}
			case symTo:
				if has&HasTo == 0 {
					has |= HasTo
					s.To = arenaValue(arena, a)
				}
			case symFrom:
				if has&HasFrom == 0 {
					has |= HasFrom
					s.From = arenaValue(arena, a)
				}
			}
		case a.space == symXMLNSURI && a.local == symLang:
			if has&HasLang == 0 {
				has |= HasLang
				s.Lang = arenaValue(arena, a)
			}
		}
	}
	s.Has = has
	return s
}

// arenaValue returns the value of a, an attribute in the arena at arena, as
// Element.str does without its bounds check: an element's attributes lie
// in its arena (str checks only their start), and a check for each of a
// stanza's attributes cost a tenth of StanzaAttrs.
func arenaValue(arena *byte, a *attr) string {
	if a.n == 0 {
		return ""
	}
	// a.n is a length stored as int32: passed as uint32, it spares
	// unsafe.String's test for a negative one. (A string put together
	// from its two words by hand would spare its wrap-around test too,
	// five instructions per attribute, at the cost of depending on the
	// string's layout rather than on a supported API.)
	return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(arena), uint32(a.off))), uint32(a.n))
}
