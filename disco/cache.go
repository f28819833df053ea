package disco

import (
	"context"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// CapsCache maps verification strings to the information they stand for,
// holding only results that verified (XEP-0115 §5.4: a result that does
// not verify MUST NOT be cached globally). It is safe for concurrent use
// and may be shared by many sessions. The zero value is not usable; use
// [NewCapsCache].
type CapsCache struct {
	mu    sync.Mutex
	max   int
	m     map[capsKey]Info
	order []capsKey // insertion order, as a ring, for eviction
	next  int       // where the next key goes in order once it is full
}

// capsKey identifies a verification string: the same ver under two hash
// functions is two entries.
type capsKey struct{ hash, ver string }

// DefaultCapsCacheSize is the number of entries of a cache made with
// NewCapsCache(0).
const DefaultCapsCacheSize = 1024

// NewCapsCache returns an empty cache of at most max entries (zero or less
// means DefaultCapsCacheSize); when it is full, the oldest entry goes.
func NewCapsCache(max int) *CapsCache {
	if max <= 0 {
		max = DefaultCapsCacheSize
	}
	return &CapsCache{max: max, m: make(map[capsKey]Info)}
}

// Lookup returns the information cached for c, a copy the caller may
// change. Its Node is empty: the same ver stands for every node#ver.
func (cc *CapsCache) Lookup(c Caps) (Info, bool) {
	cc.mu.Lock()
	info, ok := cc.m[capsKey{c.Hash, c.Ver}]
	cc.mu.Unlock()
	if !ok {
		return Info{}, false
	}
	return info.clone(), true
}

// Add verifies info against c ([Caps.Verify]) and caches it if, and only
// if, it verifies. The error says why it was not cached.
func (cc *CapsCache) Add(c Caps, info Info) error {
	if err := c.Verify(info); err != nil {
		return err
	}
	info = info.clone()
	info.Node = ""
	key := capsKey{c.Hash, c.Ver}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if _, ok := cc.m[key]; ok {
		return nil
	}
	if len(cc.order) < cc.max {
		cc.order = append(cc.order, key)
	} else {
		delete(cc.m, cc.order[cc.next])
		cc.order[cc.next] = key
		cc.next = (cc.next + 1) % cc.max
	}
	cc.m[key] = info
	return nil
}

// Len returns the number of cached entries.
func (cc *CapsCache) Len() int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return len(cc.m)
}

// Resolve returns the information that c, received in presence from the
// entity from, stands for: from the cache if it holds it, else by asking
// from for node#ver and caching the answer if it verifies.
//
// When the answer does not verify, Resolve returns it with the reason
// (ErrCapsNoHash, ErrCapsHash, ErrCapsIllFormed, ErrCapsMismatch): it is
// then what from said about itself, to be used for from alone, never for
// others that advertise the same caps. If asking fails, the Info is zero.
func (cc *CapsCache) Resolve(ctx context.Context, s *xmpp.Session, from jid.JID, c Caps) (Info, error) {
	if info, ok := cc.Lookup(c); ok {
		return info, nil
	}
	info, err := GetInfo(ctx, s, from, c.InfoNode())
	if err != nil {
		return Info{}, err
	}
	return info, cc.Add(c, info)
}
