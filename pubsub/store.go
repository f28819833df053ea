package pubsub

import (
	"errors"
	"slices"
	"sync"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// StoredItem is an item as a node store keeps it.
type StoredItem struct {
	ID string
	// Publisher is the bare JID of who published it.
	Publisher jid.JID
	// Payload is the item's content, owned by the store (nil for none);
	// never changed once stored, so it may be written without a lock.
	Payload *xmlstream.Element
	// Size is what the payload takes written out, charged to quotas.
	Size int
}

// ErrNodeQuota is returned by [Store.Create] when the owner has as many
// nodes as it may.
var ErrNodeQuota = errors.New("pubsub: too many nodes")

// Store keeps the nodes of PEP services, one service per owner (a bare
// JID). [PEP] calls it one call at a time per owner, so an implementation
// needs no transactions across calls, but it calls it for different
// owners at once: an implementation is safe for concurrent use. A
// persistent one (SQL, files) implements the same methods. Errors other than the ones
// named are internal: the requester gets internal-server-error.
type Store interface {
	// Nodes returns the names of owner's nodes.
	Nodes(owner jid.JID) ([]string, error)
	// Config returns a node's configuration; false if it does not exist.
	Config(owner jid.JID, node string) (NodeConfig, bool, error)
	// Create adds an empty node, failing with ErrNodeQuota if owner has
	// maxNodes already.
	Create(owner jid.JID, node string, cfg NodeConfig, maxNodes int) error
	// SetConfig changes an existing node's configuration, dropping the
	// oldest items beyond cfg.MaxItems.
	SetConfig(owner jid.JID, node string, cfg NodeConfig) error
	// Delete removes a node and its items.
	Delete(owner jid.JID, node string) error
	// Put adds it to an existing node, replacing an item with the same
	// id (which then counts as the newest), and drops the oldest items
	// beyond maxItems.
	Put(owner jid.JID, node string, it StoredItem, maxItems int) error
	// Retract removes an item; false if there was none with that id.
	Retract(owner jid.JID, node, id string) (bool, error)
	// Purge removes every item of a node.
	Purge(owner jid.JID, node string) error
	// Items returns a node's items, oldest first; the slice is the
	// caller's.
	Items(owner jid.JID, node string) ([]StoredItem, error)
}

// MemoryStore is a [Store] in memory. Its size is bounded by what [PEP]
// allows (nodes per owner, items per node, bytes per item) times the
// number of owners. The zero MemoryStore is empty and ready.
type MemoryStore struct {
	mu     sync.Mutex
	owners map[jid.JID]map[string]*memNode
}

type memNode struct {
	cfg   NodeConfig
	items []StoredItem // oldest first
}

var _ Store = (*MemoryStore)(nil)

func (m *MemoryStore) node(owner jid.JID, node string) *memNode {
	return m.owners[owner][node]
}

// Nodes implements [Store].
func (m *MemoryStore) Nodes(owner jid.JID) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for name := range m.owners[owner] {
		out = append(out, name)
	}
	slices.Sort(out)
	return out, nil
}

// Config implements [Store].
func (m *MemoryStore) Config(owner jid.JID, node string) (NodeConfig, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.node(owner, node)
	if n == nil {
		return NodeConfig{}, false, nil
	}
	return n.cfg, true, nil
}

// Create implements [Store].
func (m *MemoryStore) Create(owner jid.JID, node string, cfg NodeConfig, maxNodes int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.owners == nil {
		m.owners = make(map[jid.JID]map[string]*memNode)
	}
	nodes := m.owners[owner]
	if nodes == nil {
		nodes = make(map[string]*memNode)
		m.owners[owner] = nodes
	}
	if _, ok := nodes[node]; ok {
		return nil
	}
	if len(nodes) >= maxNodes {
		return ErrNodeQuota
	}
	nodes[node] = &memNode{cfg: cfg}
	return nil
}

// SetConfig implements [Store].
func (m *MemoryStore) SetConfig(owner jid.JID, node string, cfg NodeConfig) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := m.node(owner, node); n != nil {
		n.cfg = cfg
		n.trim(cfg.MaxItems)
	}
	return nil
}

// Delete implements [Store].
func (m *MemoryStore) Delete(owner jid.JID, node string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.owners[owner], node)
	if len(m.owners[owner]) == 0 {
		delete(m.owners, owner)
	}
	return nil
}

// Put implements [Store].
func (m *MemoryStore) Put(owner jid.JID, node string, it StoredItem, maxItems int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.node(owner, node)
	if n == nil {
		return nil
	}
	n.items = slices.DeleteFunc(n.items, func(o StoredItem) bool { return o.ID == it.ID })
	n.items = append(n.items, it)
	n.trim(maxItems)
	return nil
}

// trim drops the oldest items beyond max.
func (n *memNode) trim(max int) {
	if extra := len(n.items) - max; extra > 0 {
		clear(n.items[:extra])
		n.items = slices.Delete(n.items, 0, extra)
	}
}

// Retract implements [Store].
func (m *MemoryStore) Retract(owner jid.JID, node, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.node(owner, node)
	if n == nil {
		return false, nil
	}
	before := len(n.items)
	n.items = slices.DeleteFunc(n.items, func(o StoredItem) bool { return o.ID == id })
	return len(n.items) < before, nil
}

// Purge implements [Store].
func (m *MemoryStore) Purge(owner jid.JID, node string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := m.node(owner, node); n != nil {
		n.items = nil
	}
	return nil
}

// Items implements [Store].
func (m *MemoryStore) Items(owner jid.JID, node string) ([]StoredItem, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := m.node(owner, node); n != nil {
		return slices.Clone(n.items), nil
	}
	return nil, nil
}
