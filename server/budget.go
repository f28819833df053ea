package server

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/xmlstream"
)

// limits are the per-account and per-resource bounds of Config, which the
// registry enforces (see Config for each).
type limits struct {
	resources    int
	rosterBytes  int
	pendingBytes int
	directed     int
	vcardBytes   int
	offline      store.Quota
}

func limitsOf(c Config) limits {
	return limits{
		resources:    c.MaxResources,
		rosterBytes:  c.MaxRosterBytes,
		pendingBytes: c.MaxPendingBytes,
		directed:     c.MaxDirected,
		vcardBytes:   c.MaxVCardBytes,
		offline:      store.Quota{Messages: c.MaxOfflineMessages, Bytes: c.MaxOfflineBytes},
	}
}

// itemOverhead is what a roster item is charged beyond its wire size: the
// map entry, the item and its strings' headers (about 200 bytes measured
// for an item without groups; a little over to cover the group slices).
const itemOverhead = 256

// pendingOverhead is what a pending subscription request is charged beyond
// its wire size (the map entry and the cloned element's token slices).
const pendingOverhead = 256

// itemCost is what it is charged against the roster budget: an upper bound
// of its size in a roster result (every character escaped at worst, the
// longest subscription and ask attributes) plus itemOverhead. The budget
// thus also bounds the roster result, which a client must accept whole.
func itemCost(j jid.JID, name string, groups []string) int {
	const fixed = len(`<item jid='' name='' subscription='both' ask='subscribe'></item>`)
	n := fixed + itemOverhead + escapedMax(j.String()) + escapedMax(name)
	for _, g := range groups {
		n += len(`<group></group>`) + escapedMax(g)
	}
	return n
}

// escapedMax is the most bytes s can take once escaped in text or in an
// attribute value: six for a character written as a reference (&quot;),
// one for the others.
func escapedMax(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<', '>', '&', '\'', '"', '\r', '\n', '\t':
			n += 5
		}
	}
	return n
}

// addItem returns a's roster item for c, creating it (subscription none,
// RFC 6121 §3.1.2) if there is none and the roster budget allows; nil if
// it does not.
func (a *account) addItem(c jid.JID, budget int) *rosterItem {
	if it := a.roster[c]; it != nil {
		return it
	}
	cost := itemCost(c, "", nil)
	if a.rosterBytes+cost > budget {
		return nil
	}
	it := &rosterItem{jid: c}
	a.roster[c] = it
	a.rosterBytes += cost
	return it
}

// setItemDetails gives an existing item a new name and groups, if the
// budget allows.
func (a *account) setItemDetails(it *rosterItem, name string, groups []string, budget int) bool {
	delta := itemCost(it.jid, name, groups) - itemCost(it.jid, it.name, it.groups)
	if delta > 0 && a.rosterBytes+delta > budget {
		return false
	}
	it.name, it.groups = name, groups
	a.rosterBytes += delta
	return true
}

// deleteItem removes c from a's roster.
func (a *account) deleteItem(c jid.JID) {
	if it := a.roster[c]; it != nil {
		a.rosterBytes -= itemCost(it.jid, it.name, it.groups)
		delete(a.roster, c)
	}
}

// setPending stores (or replaces) the pending subscription request from
// 'from', if the budget allows.
func (a *account) setPending(from jid.JID, req *xmlstream.Element, budget int) bool {
	old := 0
	if prev := a.pendingIn[from]; prev != nil {
		old = prev.Size() + pendingOverhead
	}
	cost := req.Size() + pendingOverhead
	if a.pendingBytes-old+cost > budget {
		return false
	}
	if err := a.reg.persistPending(a, from, req); err != nil {
		a.reg.storeFailed("pending request", a, err)
		return false
	}
	a.pendingIn[from] = req
	a.pendingBytes += cost - old
	return true
}

// dropPending forgets the request from 'from', reporting whether there was
// one.
func (a *account) dropPending(from jid.JID) bool {
	prev, ok := a.pendingIn[from]
	if ok {
		a.pendingBytes -= prev.Size() + pendingOverhead
		delete(a.pendingIn, from)
		a.reg.storeFailed("pending request", a, a.reg.persistPending(a, from, nil))
	}
	return ok
}
