package xmpp

import (
	"sync"
	"sync/atomic"

	"github.com/canto-im/xmpp/xmlstream"
)

// Elements the session took back (see putElement) are read into again:
// first the spare, then those in elementPool. The spare's Swap and
// CompareAndSwap cost a fraction of the pool's Get and Put, and a Get
// that finds the pool empty (pin, then a look at every P's share and at
// the victims) cost more than one that finds an element: a client whose
// callers keep their IQ responses takes back fewer elements than it
// reads, so half its reads found the pool empty. elementsPooled tells the
// read loop when the pool cannot hold any, so that it does not look.
var (
	spareElement atomic.Pointer[xmlstream.Element]
	// elementPool has no New: with nothing to reuse, the read loop reads
	// into a new element with Decoder.ReadNewElement.
	elementPool sync.Pool // of *xmlstream.Element
	// elementsPooled is set once an element has gone into elementPool,
	// and cleared by a Get that found the pool empty. A Put that races
	// with that clearing may leave an element in the pool unseen until
	// the next Put, or until the collector drops it: a reuse missed,
	// nothing lost.
	elementsPooled atomic.Bool
)

// maxSpareElement is the largest element (in bytes read) that becomes the
// spare, which the collector never empties as it does elementPool: what
// the spare keeps alive is a stanza's values, not a large element's. (The
// token storage an element grew is bounded apart: the Decoder drops it
// beyond a few thousand tokens.)
const maxSpareElement = 2 << 10

// reusedElement returns an element taken back, or nil if there is none.
func reusedElement() *xmlstream.Element {
	// Read first: cores that find the spare empty then share its cache
	// line, where a Swap would take it from the others each time.
	if spareElement.Load() != nil {
		if el := spareElement.Swap(nil); el != nil {
			return el
		}
	}
	if !elementsPooled.Load() {
		return nil
	}
	el, _ := elementPool.Get().(*xmlstream.Element)
	if el == nil {
		elementsPooled.Store(false)
	}
	return el
}

// getElement returns an element to read into: one taken back, or a new one.
func getElement() *xmlstream.Element {
	if el := reusedElement(); el != nil {
		return el
	}
	return new(xmlstream.Element)
}

// keepElement takes back el, whose reader is done with it, for reuse.
func keepElement(el *xmlstream.Element) {
	if el.Size() <= maxSpareElement && spareElement.Load() == nil && spareElement.CompareAndSwap(nil, el) {
		return
	}
	elementPool.Put(el)
	if !elementsPooled.Load() {
		elementsPooled.Store(true)
	}
}
