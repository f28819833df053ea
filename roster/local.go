package roster

import (
	"context"
	"sync"

	"github.com/canto-im/xmpp"
)

// Local is a client's copy of its roster, kept current by pushes: pass its
// Apply as [Handler].Push, load what was persisted, and [Local.Sync] after
// login. It is safe for concurrent use.
type Local struct {
	mu sync.Mutex
	r  Roster
	// syncs counts the Syncs under way; while there are any, pushes are
	// also kept in during, to apply again on top of the answer.
	syncs  int
	during []Push
	// OnChange, if set before use, is called with each push applied, after
	// the copy changed.
	OnChange func(Push)
}

// Load replaces the copy with r (a roster persisted from an earlier session).
func (l *Local) Load(r Roster) {
	l.mu.Lock()
	l.r = r.clone()
	l.mu.Unlock()
}

// Roster returns a copy of the current roster, ready to persist.
func (l *Local) Roster() Roster {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.clone()
}

// Apply applies a push to the copy.
func (l *Local) Apply(p Push) {
	l.mu.Lock()
	l.r = l.r.Apply(p.Item, p.Ver)
	if l.syncs > 0 {
		l.during = append(l.during, p)
	}
	l.mu.Unlock()
	if l.OnChange != nil {
		l.OnChange(p)
	}
}

// Sync gets the roster with [Get], sending the copy's version, and keeps
// what the server answers (the copy as it is, when the server says it is
// current). Pushes that arrive while it waits are applied again on top of
// the answer, which may have been computed before them.
func (l *Local) Sync(ctx context.Context, s *xmpp.Session) error {
	l.mu.Lock()
	have := l.r.clone()
	if l.syncs == 0 {
		l.during = nil
	}
	l.syncs++
	l.mu.Unlock()
	r, err := Get(ctx, s, have)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.syncs--
	if err != nil {
		return err
	}
	for _, p := range l.during {
		r = r.Apply(p.Item, p.Ver)
	}
	l.r = r
	return nil
}
