package xmpp

import (
	"crypto/subtle"
	"errors"
	"sync"
	"time"

	"github.com/canto-im/xmpp/jid"
)

// FASTToken is one FAST token (XEP-0484). It is a secret equal to a
// password: keep it out of logs and backups.
type FASTToken struct {
	// Mechanism is the HT mechanism the token is bound to, such as
	// "HT-SHA-256-NONE".
	Mechanism string
	// Token is the secret.
	Token string
	// Expiry is when the token stops being accepted.
	Expiry time.Time
	// Count is the number of authentication attempts made with the token
	// (the client sends it incremented on every attempt; the server
	// remembers the highest it accepted).
	Count int
}

// String hides the secret, so that printing a token does not leak it.
func (t FASTToken) String() string {
	return "FAST token for " + t.Mechanism + " until " + t.Expiry.UTC().Format(time.RFC3339)
}

// ErrNoFASTToken is returned by a [FASTClientStore] that holds no token
// for the account and user agent.
var ErrNoFASTToken = errors.New("xmpp: no FAST token")

// FASTClientStore keeps the FAST token of the client (XEP-0484 §Client
// responsibilities): one per account and user-agent id. Implementations
// must be safe for concurrent use; the application implements it over its
// secret storage, or uses [NewMemoryFASTClientStore].
type FASTClientStore interface {
	// LoadToken returns the token for account (a bare JID) and agent (the
	// user-agent id), or ErrNoFASTToken.
	LoadToken(account jid.JID, agent string) (FASTToken, error)
	// SaveToken stores t, replacing the previous token.
	SaveToken(account jid.JID, agent string, t FASTToken) error
	// DeleteToken forgets the token (after the server refused it, or on
	// log-out).
	DeleteToken(account jid.JID, agent string) error
}

// FASTServerStore keeps the FAST tokens a server issued, per account
// (the prepared username) and user-agent id, in the two slots of
// XEP-0484 §Implementation Notes: the token last issued ("new") and the
// one last used ("current"). Implementations must be safe for concurrent
// use. [NewMemoryFASTServerStore] keeps them in memory.
type FASTServerStore interface {
	// Tokens returns the client's tokens, the newest first (at most two).
	Tokens(username, agent string) ([]FASTToken, error)
	// Issue stores t as the client's newest token, replacing an unused
	// newer one.
	Issue(username, agent string, t FASTToken) error
	// Used records that t authenticated the client: it becomes the
	// current token (with t.Count), and tokens issued before it are
	// forgotten.
	Used(username, agent string, t FASTToken) error
	// Invalidate forgets every token of the client.
	Invalidate(username, agent string) error
}

// MemoryFASTClientStore is a [FASTClientStore] and [FASTOfferStore] in
// memory: tokens and offers are lost when the process ends.
type MemoryFASTClientStore struct {
	mu     sync.Mutex
	m      map[[2]string]FASTToken
	offers map[[2]string]FASTOffer // see FASTOfferStore
}

// NewMemoryFASTClientStore returns an empty store.
func NewMemoryFASTClientStore() *MemoryFASTClientStore {
	return &MemoryFASTClientStore{m: map[[2]string]FASTToken{}}
}

func (s *MemoryFASTClientStore) LoadToken(account jid.JID, agent string) (FASTToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[[2]string{account.Bare().String(), agent}]
	if !ok {
		return FASTToken{}, ErrNoFASTToken
	}
	return t, nil
}

func (s *MemoryFASTClientStore) SaveToken(account jid.JID, agent string, t FASTToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[[2]string{account.Bare().String(), agent}] = t
	return nil
}

func (s *MemoryFASTClientStore) DeleteToken(account jid.JID, agent string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, [2]string{account.Bare().String(), agent})
	return nil
}

// MemoryFASTServerStore is a [FASTServerStore] in memory.
type MemoryFASTServerStore struct {
	mu sync.Mutex
	m  map[[2]string]*fastSlots
}

// fastSlots are the two token slots of one client.
type fastSlots struct{ newest, current *FASTToken }

// NewMemoryFASTServerStore returns an empty store.
func NewMemoryFASTServerStore() *MemoryFASTServerStore {
	return &MemoryFASTServerStore{m: map[[2]string]*fastSlots{}}
}

func (s *MemoryFASTServerStore) Tokens(username, agent string) ([]FASTToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sl := s.m[[2]string{username, agent}]
	if sl == nil {
		return nil, nil
	}
	var out []FASTToken
	for _, t := range []*FASTToken{sl.newest, sl.current} {
		if t != nil {
			out = append(out, *t)
		}
	}
	return out, nil
}

func (s *MemoryFASTServerStore) Issue(username, agent string, t FASTToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]string{username, agent}
	if s.m[k] == nil {
		s.m[k] = &fastSlots{}
	}
	s.m[k].newest = &t
	return nil
}

func (s *MemoryFASTServerStore) Used(username, agent string, t FASTToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sl := s.m[[2]string{username, agent}]
	if sl == nil {
		return nil
	}
	if sl.newest != nil && sameToken(*sl.newest, t) {
		// The newest token is used: the older one is invalid now.
		sl.newest = nil
	}
	sl.current = &t
	return nil
}

func (s *MemoryFASTServerStore) Invalidate(username, agent string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, [2]string{username, agent})
	return nil
}

// sameToken compares two tokens' secrets in constant time.
func sameToken(a, b FASTToken) bool {
	return subtle.ConstantTimeCompare([]byte(a.Token), []byte(b.Token)) == 1
}
