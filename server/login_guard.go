package server

import (
	"sync"
	"time"
)

// Login back-off (issue 17, item 7): every failed login delays the failure
// reply by loginBackoffBase, doubled with each further consecutive failure
// for the same account or from the same address, up to loginBackoffMax.
// The delay runs on the failing connection's goroutine only: other users
// and other connections are never held. Together with the cap on
// unauthenticated connections per address, it bounds the guesses one
// address can make to about MaxUnauthenticatedPerAddr / loginBackoffMax
// per second (16 / 5 s) instead of hundreds. A successful login is not
// delayed, so an attacker guessing a user's password does not lock that
// user out.
const (
	loginBackoffBase = 250 * time.Millisecond
	loginBackoffMax  = 5 * time.Second
	// loginForget is how long a failure count lasts without a new failure.
	loginForget = 15 * time.Minute
	// loginTracked bounds each table, so that failures under made-up
	// usernames or from many addresses cannot grow it without bound.
	loginTracked = 10_000
)

// loginGuard counts consecutive failed logins per account and per address.
type loginGuard struct {
	base, max time.Duration
	now       func() time.Time

	mu        sync.Mutex
	byAccount map[string]failures
	byAddr    map[string]failures
}

// failures is a run of failed logins.
type failures struct {
	n    int
	last time.Time
}

func newLoginGuard() *loginGuard {
	return &loginGuard{base: loginBackoffBase, max: loginBackoffMax, now: time.Now,
		byAccount: make(map[string]failures), byAddr: make(map[string]failures)}
}

// fail records a failed login for account (empty if the client named none)
// from addr (empty if unknown), and returns the number of consecutive failures and how long to
// delay the failure reply.
func (g *loginGuard) fail(account, addr string) (int, time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	var n int
	if addr != "" {
		n = g.bump(g.byAddr, hostOf(addr), now)
	}
	if account != "" {
		n = max(n, g.bump(g.byAccount, account, now))
	}
	d := g.base
	for i := 1; i < n && d < g.max; i++ {
		d *= 2
	}
	return n, min(d, g.max)
}

// bump counts one more failure for key and returns the run's length.
func (g *loginGuard) bump(m map[string]failures, key string, now time.Time) int {
	f, ok := m[key]
	if !ok || now.Sub(f.last) > loginForget {
		f = failures{}
		if len(m) >= loginTracked {
			evict(m, now)
		}
	}
	f.n++
	f.last = now
	m[key] = f
	return f.n
}

// evict makes room in a full table: the expired runs go, or failing that
// one arbitrary run (map order is random, so an attacker cannot choose it).
func evict(m map[string]failures, now time.Time) {
	for k, f := range m {
		if now.Sub(f.last) > loginForget {
			delete(m, k)
		}
	}
	if len(m) < loginTracked {
		return
	}
	for k := range m {
		delete(m, k)
		return
	}
}

// succeed ends the account's run of failures. The address's run goes on
// until it expires: otherwise an attacker with an account of their own could
// reset it between guesses at other accounts.
func (g *loginGuard) succeed(account string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.byAccount, account)
}
