package server

import (
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// StoreOffline keeps m for to's account as the server keeps a message it
// cannot deliver (offline storage, then a flush if a resource is
// available).
func StoreOffline(s *Server, to jid.JID, m xmlstream.Marshaler) error {
	return s.storeOffline(to, m, time.Now())
}

// SetAfterFlushRound runs f each time an offline flush has put in a
// delivery queue what fitted and kept the rest for a later round; nil
// removes it.
func SetAfterFlushRound(f func()) {
	if f == nil {
		afterFlushRound.Store(nil)
		return
	}
	afterFlushRound.Store(&f)
}
