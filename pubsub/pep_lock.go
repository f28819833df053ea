package pubsub

import (
	"sync"

	"github.com/canto-im/xmpp/jid"
)

// PEP serves one request at a time per owner, so that the checks and the
// changes of one request (and the owner's byte count) are never
// interleaved with another's; requests to different owners run side by
// side, so that a durable store's sync for one account's publish never
// holds up another account's requests. Each owner's lock lives while a
// request holds or waits for it: the map is bounded by the requests in
// flight.

// ownerLock serialises the requests to one owner's service.
type ownerLock struct {
	mu   sync.Mutex
	refs int // requests holding or waiting for mu; guarded by PEP.mu
}

// lock waits for owner's lock and returns its unlock.
func (p *PEP) lock(owner jid.JID) (unlock func()) {
	p.mu.Lock()
	l := p.locks[owner]
	if l == nil {
		if p.locks == nil {
			p.locks = make(map[jid.JID]*ownerLock)
		}
		l = new(ownerLock)
		p.locks[owner] = l
	}
	l.refs++
	p.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		p.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(p.locks, owner)
		}
		p.mu.Unlock()
	}
}
