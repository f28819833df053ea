package store

import (
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
)

// Memory keeps the message archives, PEP nodes and FAST tokens too
// (ArchiveKeeper, PEPKeeper, FASTKeeper), so that DeleteAccount removes
// them with the rest. They are
// kept by owner's bare JID, and an account is a username in every domain
// the server serves: DeleteAccount removes every owner with the account's
// localpart.

var (
	_ ArchiveKeeper = (*Memory)(nil)
	_ PEPKeeper     = (*Memory)(nil)
)

// memKept is what Memory keeps by bare JID.
type memKept struct {
	mu       sync.Mutex
	lim      mam.MemoryLimits
	archives map[jid.JID]*mam.MemoryArchive // one per owner, so that one can be dropped
	empty    *mam.MemoryArchive             // answers reads of owners without an archive
	pep      pubsub.MemoryStore
	pepOwner map[jid.JID]struct{}                   // who created nodes in pep
	fast     map[string]*xmpp.MemoryFASTServerStore // by username
}

// MessageArchive implements ArchiveKeeper: one archive per owner, each
// bounded by lim (the limits of the first call).
func (m *Memory) MessageArchive(lim mam.MemoryLimits) mam.Archive {
	k := &m.kept
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.archives == nil {
		k.lim = lim
		k.archives = make(map[jid.JID]*mam.MemoryArchive)
		k.empty = mam.NewMemoryArchive(lim)
	}
	return (*memArchives)(k)
}

// PEPStore implements PEPKeeper.
func (m *Memory) PEPStore() pubsub.Store { return (*memPEP)(&m.kept) }

// forget removes what is kept for every bare JID with localpart user.
func (k *memKept) forget(user string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for owner := range k.archives {
		if owner.Localpart() == user {
			delete(k.archives, owner)
		}
	}
	for owner := range k.pepOwner {
		if owner.Localpart() != user {
			continue
		}
		nodes, _ := k.pep.Nodes(owner) // in memory: no error
		for _, n := range nodes {
			_ = k.pep.Delete(owner, n)
		}
		delete(k.pepOwner, owner)
	}
	delete(k.fast, user)
}

// memArchives is Memory's mam.Archive: a MemoryArchive per owner.
type memArchives memKept

var _ mam.Archive = (*memArchives)(nil)

// of returns owner's archive, created if create, else the empty one.
func (a *memArchives) of(owner jid.JID, create bool) *mam.MemoryArchive {
	a.mu.Lock()
	defer a.mu.Unlock()
	ar := a.archives[owner]
	switch {
	case ar != nil:
		return ar
	case !create:
		return a.empty
	}
	ar = mam.NewMemoryArchive(a.lim)
	a.archives[owner] = ar
	return ar
}

// Append implements mam.Archive.
func (a *memArchives) Append(owner jid.JID, m mam.Stored) error {
	return a.of(owner, true).Append(owner, m)
}

// Query implements mam.Archive.
func (a *memArchives) Query(owner jid.JID, f mam.Filter, set paging.Request) (mam.Page, error) {
	return a.of(owner, false).Query(owner, f, set)
}

// Bounds implements mam.Archive.
func (a *memArchives) Bounds(owner jid.JID) (first, last mam.Stored, ok bool, err error) {
	return a.of(owner, false).Bounds(owner)
}

// Prefs implements mam.Archive.
func (a *memArchives) Prefs(owner jid.JID) (mam.Prefs, error) {
	return a.of(owner, false).Prefs(owner)
}

// SetPrefs implements mam.Archive.
func (a *memArchives) SetPrefs(owner jid.JID, p mam.Prefs) error {
	return a.of(owner, true).SetPrefs(owner, p)
}

// memPEP is Memory's pubsub.Store: a pubsub.MemoryStore that remembers
// who created nodes.
type memPEP memKept

var _ pubsub.Store = (*memPEP)(nil)

// Nodes implements pubsub.Store.
func (p *memPEP) Nodes(owner jid.JID) ([]string, error) { return p.pep.Nodes(owner) }

// Config implements pubsub.Store.
func (p *memPEP) Config(owner jid.JID, node string) (pubsub.NodeConfig, bool, error) {
	return p.pep.Config(owner, node)
}

// Create implements pubsub.Store.
func (p *memPEP) Create(owner jid.JID, node string, cfg pubsub.NodeConfig, maxNodes int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pepOwner == nil {
		p.pepOwner = make(map[jid.JID]struct{})
	}
	p.pepOwner[owner] = struct{}{}
	return p.pep.Create(owner, node, cfg, maxNodes)
}

// SetConfig implements pubsub.Store.
func (p *memPEP) SetConfig(owner jid.JID, node string, cfg pubsub.NodeConfig) error {
	return p.pep.SetConfig(owner, node, cfg)
}

// Delete implements pubsub.Store.
func (p *memPEP) Delete(owner jid.JID, node string) error { return p.pep.Delete(owner, node) }

// Put implements pubsub.Store.
func (p *memPEP) Put(owner jid.JID, node string, it pubsub.StoredItem, maxItems int) error {
	return p.pep.Put(owner, node, it, maxItems)
}

// Retract implements pubsub.Store.
func (p *memPEP) Retract(owner jid.JID, node, id string) (bool, error) {
	return p.pep.Retract(owner, node, id)
}

// Purge implements pubsub.Store.
func (p *memPEP) Purge(owner jid.JID, node string) error { return p.pep.Purge(owner, node) }

// Items implements pubsub.Store.
func (p *memPEP) Items(owner jid.JID, node string) ([]pubsub.StoredItem, error) {
	return p.pep.Items(owner, node)
}

// FASTTokens implements FASTKeeper: each account's tokens in a store of
// their own, dropped with the account, so that a client of a removed
// account cannot log in to a new one of the same name.
func (m *Memory) FASTTokens() xmpp.FASTServerStore { return (*memFAST)(&m.kept) }

var _ FASTKeeper = (*Memory)(nil)

// memFAST is Memory's xmpp.FASTServerStore.
type memFAST memKept

// of returns user's tokens, created if create, else an empty store
// (answering as for a user without tokens) if there are none.
func (f *memFAST) of(user string, create bool) *xmpp.MemoryFASTServerStore {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.fast[user]
	if t == nil && !create {
		return xmpp.NewMemoryFASTServerStore()
	}
	if t == nil {
		if f.fast == nil {
			f.fast = make(map[string]*xmpp.MemoryFASTServerStore)
		}
		t = xmpp.NewMemoryFASTServerStore()
		f.fast[user] = t
	}
	return t
}

// Tokens implements xmpp.FASTServerStore.
func (f *memFAST) Tokens(user, agent string) ([]xmpp.FASTToken, error) {
	return f.of(user, false).Tokens(user, agent)
}

// Issue implements xmpp.FASTServerStore.
func (f *memFAST) Issue(user, agent string, t xmpp.FASTToken) error {
	return f.of(user, true).Issue(user, agent, t)
}

// Used implements xmpp.FASTServerStore.
func (f *memFAST) Used(user, agent string, t xmpp.FASTToken) error {
	return f.of(user, false).Used(user, agent, t)
}

// Invalidate implements xmpp.FASTServerStore.
func (f *memFAST) Invalidate(user, agent string) error {
	return f.of(user, false).Invalidate(user, agent)
}
