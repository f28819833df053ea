package xmlstream

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Names and namespace URIs are interned as symbols: small integers that
// index the shared table of well-known names or, above it, a Decoder's own
// table. Elements store symbols, so that their token lists hold no pointers
// (cheap for the garbage collector) and names compare as integers.
type sym = uint32

// Symbols with fixed meaning: the first entries of wellKnownNames.
const (
	symEmpty sym = iota // "": no prefix, no namespace
	symXML              // the xml prefix
	symXMLNS            // the xmlns prefix
	symXMLNSURI
	symXMLNSNSURI
)

// symTable is a Decoder's table of symbols that are not well known, with a
// cache from names to symbols (well-known ones included). A name has one
// symbol per table, so symbols compare like the names.
type symTable struct {
	names []string       // symbol numWellKnown+i is names[i]
	index map[string]sym // names to their symbols: each name has one
	bytes int            // bytes held by names
	added int            // names added since the current element began
	cache [symCacheSets][2]symSlot
	uris  [2]sym // the last namespace values of 8 to 16 bytes interned by internURI
}

// symSlot caches one name. Names of up to 8 bytes are identified by key,
// which holds their bytes; longer ones by key (a hash) and then their
// symbol's string. It holds no pointers, so filling it is cheap.
type symSlot struct {
	key uint64
	n   uint32 // the name's length, with slotName once it is known to be a name
	id  sym
}

// slotName marks a slot whose bytes were read as an element or attribute
// name and so form an NCName: cachedName finds only those. The cache
// also holds namespace URIs, which may be any string.
const slotName = 1 << 31

const (
	// symCacheSets is the number of two-way sets of the cache; a power of two.
	// 64 slots hold a stream's usual vocabulary; the cache is part of every
	// idle session's Decoder (16 bytes a slot), and 128 slots measured no
	// faster.
	symCacheSetBits = 5
	symCacheSets    = 1 << symCacheSetBits
	// maxTableBytes is the size beyond which a Decoder starts a new table
	// between elements, so that a peer sending ever new names cannot make
	// it grow without bound.
	maxTableBytes = 32 << 10
	// maxNewNames bounds the distinct names one element may add to the
	// table (real stanzas use a few dozen), which bounds what the table
	// costs within an element.
	maxNewNames = 1024
)

// nameKey returns b's bytes packed in a word, little-endian, if it has at
// most 8 (which, with the length, identifies b), or else a hash of its two
// ends. The packed form is what shortName finds in a word of input.
func nameKey(b []byte) uint64 {
	n := len(b)
	switch {
	case n >= 8:
		x := binary.LittleEndian.Uint64(b)
		if n > 8 {
			x ^= binary.LittleEndian.Uint64(b[n-8:]) * 0xff51afd7ed558ccd
		}
		return x
	case n >= 4:
		// The two words overlap; their common bytes are the same.
		return uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<(8*(n-4))
	}
	var x uint64
	for i, c := range b {
		x |= uint64(c) << (8 * i)
	}
	return x
}

// mixKey spreads a key and length over the high bits of a word.
func mixKey(key uint64, n int) uint64 {
	x := key ^ uint64(n)<<59
	x ^= x >> 29
	return x * 0x9e3779b97f4a7c15
}

// intern returns the symbol for b, adding it to the table if needed.
func (t *symTable) intern(b []byte) sym { return t.internAs(b, 0) }

// internName is intern for b that is known to be an NCName (a prefix or
// local name the decoder has checked), which its cache slot then records.
func (t *symTable) internName(b []byte) sym { return t.internAs(b, slotName) }

// internAs is intern marking b's cache slot with flag.
func (t *symTable) internAs(b []byte, flag uint32) sym {
	n := len(b)
	if n == 0 {
		return symEmpty
	}
	key := nameKey(b)
	h := mixKey(key, n)
	set := &t.cache[h>>(64-symCacheSetBits)]
	for w := range set {
		if s := &set[w]; s.key == key && s.n&^slotName == uint32(n) && (n <= 8 || t.name(s.id) == string(b)) {
			s.n |= flag
			return s.id
		}
	}
	id, ok := lookupWellKnown(b, h)
	if !ok {
		id = t.add(b)
	}
	set[1], set[0] = set[0], symSlot{key: key, n: uint32(n) | flag, id: id}
	return id
}

// shortName finds the end of the name at the start of the input word x
// (eight bytes, little-endian): the first byte that cannot be part of a
// name and that shortName looks for, such as white space, '=', '>' or '/'.
// It returns the name's bytes as a cache key and its length, 0 if the word
// holds no such byte. Together with cachedName, this is how the names that
// recur on a stream are read without looking at each byte: a name cached
// as one was checked when it was first read, and the byte after it ends it.
func shortName(x uint64) (key uint64, n int) {
	// Flagged: bytes below '-' (white space and control bytes among
	// them), '<' to '?' ('=' and '>' among them), and '/'. See swar.go:
	// the lowest flagged byte is a true match.
	lt, sl := x^(lo8*'<'), x^(lo8*'/')
	m := ((x-lo8*'-')&^x | (lt-lo8*4)&^lt | (sl-lo8)&^sl) & hi8
	n = bits.TrailingZeros64(m) >> 3 & 7 // 8 (nothing flagged) becomes 0
	return x & (1<<(8*n) - 1), n
}

// cachedName returns the symbol of the name of n bytes (1 to 7) packed in
// key, if the cache holds it as a name.
func (t *symTable) cachedName(key uint64, n int) (sym, bool) {
	set, want := &t.cache[mixKey(key, n)>>(64-symCacheSetBits)], uint32(n)|slotName
	s := &set[0]
	if s.key != key || s.n != want {
		s = &set[1]
	}
	return s.id, s.key == key && s.n == want
}

// wellKnownShort holds the well-known names of 1 to 7 bytes that are
// NCNames, keyed as the cache keys them: a Decoder finds them from their
// first use as it finds the names it has read before. A new stream's
// names (a set-up reads some forty tags on fresh Decoders) were each read
// byte by byte and looked up by string first. It is written only by init.
var wellKnownShort [1 << wellKnownShortBits]symSlot

// wellKnownShortBits sizes wellKnownShort (98 names), kept sparse as wellKnownIndex is.
const wellKnownShortBits = 9

// seededName returns the symbol of the name of n bytes (1 to 7) packed in
// key if it is in wellKnownShort, and caches it as a name.
func (t *symTable) seededName(key uint64, n int) (sym, bool) {
	h := mixKey(key, n)
	for i := h >> (64 - wellKnownShortBits); ; i = (i + 1) & (1<<wellKnownShortBits - 1) {
		s := &wellKnownShort[i]
		if s.n == 0 {
			return 0, false
		}
		if s.key == key && s.n == uint32(n) {
			set := &t.cache[h>>(64-symCacheSetBits)]
			set[1], set[0] = set[0], symSlot{key: key, n: uint32(n) | slotName, id: s.id}
			return s.id, true
		}
	}
}

// add returns the symbol of a name that is not well known, creating it if
// the table does not hold the name yet.
func (t *symTable) add(b []byte) sym {
	if id, ok := t.index[string(b)]; ok {
		return id
	}
	if t.index == nil {
		t.index = make(map[string]sym)
	}
	s := string(b)
	id := numWellKnown + sym(len(t.names))
	t.names = append(t.names, s)
	t.index[s] = id
	t.bytes += len(s)
	t.added++
	return id
}

// overflow reports whether the current element added too many names.
func (t *symTable) overflow() bool { return t.added > maxNewNames }

// lookupWellKnown returns the well-known symbol for b, whose mixed key is h.
func lookupWellKnown(b []byte, h uint64) (sym, bool) {
	for i := h >> (64 - wellKnownBits); ; i = (i + 1) & (1<<wellKnownBits - 1) {
		id := wellKnownIndex[i]
		if id == 0 {
			return 0, false
		}
		if wellKnownNames[id] == string(b) {
			return sym(id), true
		}
	}
}

// internURI is intern for a namespace value. One of 8 to 16 bytes is
// first compared with the last two such values, by length and first and
// last eight bytes (which overlap, so they are all of them): a stream that
// declares the same namespace on every stanza finds its symbol without
// the cache's hash and string comparison.
func (t *symTable) internURI(b []byte) sym {
	n := len(b)
	if n < 8 || n > 16 {
		return t.intern(b)
	}
	// The words lie within b and, once its length is n, within s.
	p := unsafe.SliceData(b)
	first, last := wordAt(p, 0), wordAt(p, n-8)
	for _, id := range t.uris {
		if id == symEmpty {
			break
		}
		if s := t.name(id); len(s) == n {
			q := unsafe.StringData(s)
			if wordAt(q, 0) == first && wordAt(q, n-8) == last {
				return id
			}
		}
	}
	id := t.intern(b)
	t.uris[1], t.uris[0] = t.uris[0], id
	return id
}

// internString is intern for a string.
func (t *symTable) internString(s string) sym {
	return t.intern([]byte(s))
}

// name returns the string of a symbol.
func (t *symTable) name(id sym) string { return symName(t.names, id) }

// symName returns the string of a symbol given a Decoder's table.
func symName(names []string, id sym) string {
	if id < numWellKnown {
		return wellKnownNames[id]
	}
	return names[id-numWellKnown]
}

// endWord returns the end tag of the name s as it lies in a word of input,
// s's bytes then '>' (little-endian, the word's unused high bytes zero),
// if s has 1 to 7 bytes; 0 otherwise. tryEndTag compares an end tag with
// it without reading the name's string.
func endWord(s string) uint64 {
	n := len(s)
	if n == 0 || n >= 8 {
		return 0
	}
	return nameKey([]byte(s)) | '>'<<(8*n)
}

// endWord returns the endWord of symbol id's name: a well-known one's
// from a table (most elements on a stream have a well-known name), any
// other's from its string (a table of them per Decoder would make every
// idle stream's Decoder a size class larger).
func (t *symTable) endWord(id sym) uint64 {
	if id < numWellKnown {
		return wellKnownEnds[id]
	}
	return endWord(t.names[id-numWellKnown])
}

// reset starts a new table. Elements read before keep the old one.
func (t *symTable) reset() {
	t.names = nil
	t.index = nil
	t.bytes = 0
	t.cache = [symCacheSets][2]symSlot{}
	t.uris = [2]sym{}
}

// wellKnownBits sizes the open-addressed index of well-known names, which
// is kept sparse so that a lookup rarely probes more than one slot.
const wellKnownBits = 10

// numWellKnown is the number of well-known symbols. A constant, as
// wellKnownNames is an array: symName, on the paths that read an
// element's names, then compares and indexes without loading the
// slice's length or checking the index.
const numWellKnown = sym(len(wellKnownNames))

// wellKnownEnds holds the endWord of each well-known name; it is written
// only by init.
var wellKnownEnds [numWellKnown]uint64

// wellKnownEndTags holds each well-known name's end tag as tryEndTag
// compares it with a word of input: its endWord, the mask of the endWord's
// bytes and their number, ready so that tryEndTag is small enough to be
// inlined. A name of 8 bytes or more has the word 1 and the mask 0, which
// no input word matches. It is written only by init.
var wellKnownEndTags [numWellKnown]struct {
	word, mask uint64
	n          int
}

// wellKnownIndex maps hash slots to well-known symbols (0: empty slot); it
// is written only by init.
var wellKnownIndex [1 << wellKnownBits]uint16

func init() {
	for id, s := range &wellKnownNames {
		wellKnownEnds[id] = endWord(s)
		tag := &wellKnownEndTags[id]
		if tag.word = endWord(s); tag.word != 0 {
			tag.n = len(s) + 1
			tag.mask = ^uint64(0) >> (64 - 8*tag.n)
		} else {
			tag.word = 1
		}
		if id == 0 {
			continue
		}
		b := []byte(s)
		h := mixKey(nameKey(b), len(b))
		for i := h >> (64 - wellKnownBits); ; i = (i + 1) & (1<<wellKnownBits - 1) {
			if wellKnownIndex[i] == 0 {
				wellKnownIndex[i] = uint16(id)
				break
			}
		}
		if len(b) < 8 && isNCName(s) {
			for i := h >> (64 - wellKnownShortBits); ; i = (i + 1) & (1<<wellKnownShortBits - 1) {
				if wellKnownShort[i].n == 0 {
					wellKnownShort[i] = symSlot{key: nameKey(b), n: uint32(len(b)), id: sym(id)}
					break
				}
			}
		}
	}
}

// wellKnownNames holds names and namespaces common on XMPP streams, shared
// by all Decoders. The first five are the fixed symbols above; there are no
// duplicates.
var wellKnownNames = [...]string{
	"", "xml", "xmlns", xmlNS, xmlnsNS,
	// stream level
	"stream", "db", "lang", "version", "to", "from", "id", "type",
	"jabber:client", "jabber:server", "jabber:component:accept", "jabber:server:dialback",
	"http://etherx.jabber.org/streams", "urn:ietf:params:xml:ns:xmpp-streams",
	"urn:ietf:params:xml:ns:xmpp-stanzas", "urn:ietf:params:xml:ns:xmpp-tls",
	"urn:ietf:params:xml:ns:xmpp-sasl", "urn:ietf:params:xml:ns:xmpp-bind",
	"urn:ietf:params:xml:ns:xmpp-session", "urn:ietf:params:xml:ns:xmpp-framing",
	"features", "error", "text", "starttls", "proceed", "failure", "mechanisms", "mechanism",
	"auth", "challenge", "response", "success", "bind", "resource", "jid", "session",
	"open", "close", "required", "optional",
	// stanzas
	"message", "presence", "iq", "body", "subject", "thread", "show", "status", "priority",
	"query", "item", "group", "name", "subscription", "ask", "node", "ver", "hash", "c", "ext",
	"by", "code", "reason", "x", "var", "value", "field", "label", "feature", "identity", "category",
	"get", "set", "result", "chat", "groupchat", "headline", "normal", "unavailable", "subscribe",
	"subscribed", "unsubscribe", "unsubscribed", "probe", "away", "dnd", "xa", "sha-1",
	"jabber:iq:roster", "jabber:iq:version", "jabber:iq:private", "jabber:iq:last", "jabber:x:data",
	"http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#info",
	"http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc",
	"http://jabber.org/protocol/muc#user", "http://jabber.org/protocol/chatstates",
	"http://jabber.org/protocol/pubsub", "http://jabber.org/protocol/pubsub#event",
	"http://jabber.org/protocol/xhtml-im", "http://www.w3.org/1999/xhtml",
	"urn:xmpp:ping", "urn:xmpp:time", "urn:xmpp:receipts", "urn:xmpp:delay", "urn:xmpp:sm:3",
	"urn:xmpp:carbons:2", "urn:xmpp:forward:0", "urn:xmpp:mam:2", "urn:xmpp:sid:0", "urn:xmpp:hints",
	"urn:xmpp:chat-markers:0", "urn:xmpp:message-correct:0", "urn:xmpp:avatar:metadata",
	"urn:xmpp:bookmarks:1", "urn:xmpp:http:upload:0", "urn:xmpp:blocking", "urn:xmpp:csi:0",
	"active", "composing", "paused", "inactive", "gone", "ping", "request", "received",
	"stanza-id", "origin-id", "delay", "stamp", "forwarded", "sent", "private", "enable",
	"enabled", "r", "a", "h", "resume", "resumed", "items", "publish", "event", "fin",
	"max", "first", "last", "count", "before", "after", "index", "affiliation", "role", "nick",
	"password", "html", "p", "span", "br", "img", "src", "alt", "href", "style", "previd",
	"location", "markable", "displayed", "acknowledged", "replace", "store", "no-store",
}
