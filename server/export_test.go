package server

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
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

// OfflineClaims returns how many of user's offline messages are claimed
// for delivery.
func OfflineClaims(s *Server, user string) int {
	r := s.state
	r.mu.Lock()
	defer r.mu.Unlock()
	j, err := jid.New(user, s.Domain().Domainpart(), "")
	if err != nil {
		return 0
	}
	a := r.local(j)
	if a == nil {
		return 0
	}
	return len(a.flight.claimed)
}

// Available reports whether user has a resource that takes messages sent
// to the bare JID.
func Available(s *Server, user string) bool {
	r := s.state
	r.mu.Lock()
	defer r.mu.Unlock()
	j, err := jid.New(user, s.Domain().Domainpart(), "")
	if err != nil {
		return false
	}
	a := r.local(j)
	return a != nil && firstTakerExcept(a, nil) != nil
}

// HoldPresence makes the next presence handled wait, after the registry
// lock is released and before what it caused is queued, until release is
// called; held is closed once it waits.
func HoldPresence() (held <-chan struct{}, release func()) {
	return holdAt(&afterPresenceLocked)
}

// HoldResume makes the next resumed session wait, past <resumed/> and
// before it takes its stream's resource, until release is called; held
// is closed once it waits.
func HoldResume() (held <-chan struct{}, release func()) {
	return holdAt(&beforeResume)
}

func holdAt(p *atomic.Pointer[func()]) (held <-chan struct{}, release func()) {
	h, r := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f := func() {
		first := false
		once.Do(func() { first = true })
		if first {
			close(h)
			<-r
		}
	}
	p.Store(&f)
	var done sync.Once
	return h, func() {
		done.Do(func() {
			p.Store(nil)
			close(r)
		})
	}
}
