package pubsub

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// The bytes of each account's items are bounded by Limits.MaxBytes. PEP
// counts them per owner, from the store the first time the owner changes
// something after the PEP was made (a persistent store outlives it), and
// then by the change each request makes; an owner's requests serve one
// at a time (pep_lock.go), so the count is exact; the map itself is
// guarded by PEP.mu. Only owners who changed something are counted:
// owners are the server's accounts, so the map is bounded by them.

// errStorageFull refuses a publish beyond the account's bytes.
var errStorageFull = stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "PEP storage full"}

// nodeBytes is what a node's items take.
func (p *PEP) nodeBytes(owner jid.JID, node string) int {
	items, _ := p.store.Items(owner, node)
	n := 0
	for _, it := range items {
		n += it.Size
	}
	return n
}

// usageOf returns owner's bytes, counting them from the store the first
// time.
func (p *PEP) usageOf(owner jid.JID) int {
	p.mu.Lock()
	n, ok := p.usage[owner]
	p.mu.Unlock()
	if ok {
		return n
	}
	nodes, _ := p.store.Nodes(owner)
	for _, node := range nodes {
		n += p.nodeBytes(owner, node)
	}
	p.setUsage(owner, n)
	return n
}

// setUsage records owner's bytes.
func (p *PEP) setUsage(owner jid.JID, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.usage == nil {
		p.usage = make(map[jid.JID]int)
	}
	p.usage[owner] = n
}

// putDelta is how a put of it, keeping keep items, changes a node's bytes.
func (p *PEP) putDelta(owner jid.JID, node string, it StoredItem, keep int) int {
	items, _ := p.store.Items(owner, node)
	delta := it.Size
	kept := make([]StoredItem, 0, len(items))
	for _, o := range items {
		if o.ID == it.ID {
			delta -= o.Size
			continue
		}
		kept = append(kept, o)
	}
	for i := 0; i < len(kept)+1-keep && i < len(kept); i++ {
		delta -= kept[i].Size
	}
	return delta
}

// put stores it in node if the owner's bytes allow.
func (p *PEP) put(owner jid.JID, node string, it StoredItem, keep int) error {
	used := p.usageOf(owner)
	delta := p.putDelta(owner, node, it, keep)
	if delta > 0 && used+delta > p.lim.MaxBytes {
		return errStorageFull
	}
	if err := p.store.Put(owner, node, it, keep); err != nil {
		return errInternal
	}
	p.setUsage(owner, used+delta)
	return nil
}

// changing runs a change to node and counts what it freed.
func (p *PEP) changing(owner jid.JID, node string, change func() error) error {
	used := p.usageOf(owner)
	before := p.nodeBytes(owner, node)
	if err := change(); err != nil {
		return err
	}
	p.setUsage(owner, used-before+p.nodeBytes(owner, node))
	return nil
}
