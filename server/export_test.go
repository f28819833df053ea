package server

import (
	"time"

	"github.com/canto-im/xmpp"
)

// SetLoginBackoff shortens the login back-off for tests. Call it before
// the first login.
func SetLoginBackoff(s *Server, base, max time.Duration) {
	s.guard.logins.base, s.guard.logins.max = base, max
}

// SetAfterOfflineSend runs f between the send of each offline message and
// the registration of its receipt; nil removes it.
func SetAfterOfflineSend(f func(*xmpp.Session)) {
	if f == nil {
		afterOfflineSend.Store(nil)
		return
	}
	afterOfflineSend.Store(&f)
}
