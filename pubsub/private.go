package pubsub

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// privateItem is the id of the one item of a private node (XEP-0223 §3,
// XEP-0049 bridged onto it: the element is kept as that item).
const privateItem = "current"

// privateConfig is what XEP-0223 §3 asks of a node for private data: only
// the owner reads it, it is kept, and it holds one item.
func privateConfig() NodeConfig {
	return NodeConfig{AccessModel: AccessWhitelist, MaxItems: 1, PersistItems: true, NotifyRetract: true, SendLastPublished: SendLastNever}
}

// StorePrivate keeps payload as owner's private data under node (its
// namespace, as XEP-0049 stores it), in a node configured as XEP-0223
// says, created if needed. A node of that name that others may read is
// left alone and the store refused with conflict, rather than make
// private data readable. It returns the event for the owner's resources.
func (p *PEP) StorePrivate(owner jid.JID, node string, payload *xmlstream.Element) (*Event, error) {
	stored, size, err := compact(payload)
	if err != nil {
		return nil, errInvalidPayload
	}
	if size > p.lim.MaxItemBytes {
		return nil, errPayloadTooBig
	}
	defer p.lock(owner)()
	cfg, exists, err := p.store.Config(owner, node)
	switch {
	case err != nil:
		return nil, errInternal
	case exists && cfg.AccessModel != AccessWhitelist:
		return nil, stanza.Error{Type: stanza.Cancel, Condition: stanza.Conflict, Text: "the node is not private"}
	case !exists:
		cfg = privateConfig()
		if err := p.createNode(owner, node, cfg); err != nil {
			return nil, err
		}
	}
	it := StoredItem{ID: privateItem, Publisher: owner, Payload: stored, Size: size}
	if err := p.put(owner, node, it, max(1, cfg.MaxItems)); err != nil {
		return nil, err
	}
	return &Event{Node: node, Items: []Item{toItem(it)}}, nil
}

// LoadPrivate returns owner's private data under node, or nil if there is
// none (or the node is not private).
func (p *PEP) LoadPrivate(owner jid.JID, node string) (*xmlstream.Element, error) {
	defer p.lock(owner)()
	cfg, exists, err := p.store.Config(owner, node)
	if err != nil {
		return nil, errInternal
	}
	if !exists || cfg.AccessModel != AccessWhitelist {
		return nil, nil
	}
	items, err := p.store.Items(owner, node)
	if err != nil {
		return nil, errInternal
	}
	for i := len(items) - 1; i >= 0; i-- {
		if items[i].ID == privateItem {
			return items[i].Payload, nil
		}
	}
	return nil, nil
}
