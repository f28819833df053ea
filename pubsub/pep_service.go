package pubsub

import (
	"sync"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// This file is the service side of XEP-0163: the protocol logic a server
// runs for its accounts' PEP services, separate from how the server
// routes stanzas and learns who is interested. A server passes each
// pubsub IQ addressed to an account to [PEP.Serve] together with how the
// requester stands to the account, and sends the notification it returns
// to the entities the access model allows.

// Relation is how a requester stands to the owner of a PEP service.
type Relation int

const (
	// Stranger is anyone without a presence subscription to the owner.
	Stranger Relation = iota
	// Contact has a presence subscription to the owner (the owner's
	// roster says from or both): the presence access model's readers.
	Contact
	// Owner is the account itself, from any of its resources.
	Owner
)

// MayRead reports whether an entity standing in relation r to a node's
// owner may read its items and receive its notifications under the
// access model.
func MayRead(accessModel string, r Relation) bool {
	switch accessModel {
	case AccessOpen:
		return true
	case AccessPresence:
		return r >= Contact
	}
	return r == Owner
}

// Limits bound what one account may keep in its PEP service.
type Limits struct {
	// MaxNodes is the number of nodes per account (default 64).
	MaxNodes int
	// MaxItems is the largest max_items of a node (default 256); "max"
	// in a configuration means this.
	MaxItems int
	// MaxItemBytes is the largest payload, written out (default 64 KiB).
	MaxItemBytes int
	// MaxBytes bounds the payloads of all of an account's items together
	// (default 4 MiB); a publish beyond it is refused with
	// resource-constraint.
	MaxBytes int
}

func (l Limits) withDefaults() Limits {
	if l.MaxNodes <= 0 {
		l.MaxNodes = 64
	}
	if l.MaxItems <= 0 {
		l.MaxItems = 256
	}
	if l.MaxItemBytes <= 0 {
		l.MaxItemBytes = 64 << 10
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = 4 << 20
	}
	return l
}

// PEP is the protocol logic of the PEP services of many accounts over one
// [Store]. It is safe for concurrent use: requests are served one at a
// time per owner (pep_lock.go), so that the checks and the changes of one
// are never interleaved with another's.
type PEP struct {
	store Store
	lim   Limits

	mu    sync.Mutex             // guards locks and usage, never held across a store call
	locks map[jid.JID]*ownerLock // pep_lock.go
	usage map[jid.JID]int        // bytes per owner (pep_usage.go)
}

// NewPEP returns the PEP services kept in store under lim (zero fields
// take their defaults).
func NewPEP(store Store, lim Limits) *PEP {
	return &PEP{store: store, lim: lim.withDefaults()}
}

// Request is one pubsub IQ (get or set) addressed to an account's bare
// JID, as the server authenticated it.
type Request struct {
	// Owner is the account's bare JID.
	Owner jid.JID
	// Relation is how the requester stands to Owner.
	Relation Relation
	// Set is true for an IQ of type set, false for get.
	Set bool
	// Payload is the IQ's <pubsub/>, in NS or NSOwner.
	Payload *xmlstream.Element
}

// Response is what serving a request produced: the payload of the IQ
// result (nil for an empty one), and the event to notify, if any.
type Response struct {
	Result xmlstream.Marshaler
	// Notify, if not nil, is the event the change makes: the server sends
	// it from the owner's bare JID to the owner's resources and to the
	// interested entities AccessModel allows ([MayRead]).
	Notify      *Event
	AccessModel string
}

// Serve answers a request. Errors are stanza errors with the conditions
// XEP-0060 names.
func (p *PEP) Serve(req Request) (Response, error) {
	if req.Payload == nil {
		return Response{}, stanza.NewError(stanza.BadRequest)
	}
	op, ok := req.Payload.FirstChild()
	if !ok {
		return Response{}, stanza.NewError(stanza.BadRequest)
	}
	owner := req.Payload.Name().Space == NSOwner
	if owner != (op.Space == NSOwner) || !owner && op.Space != NS {
		return Response{}, stanza.NewError(stanza.BadRequest)
	}
	el, _ := req.Payload.Child(op.Space, op.Local)
	defer p.lock(req.Owner)()
	switch {
	case !req.Set && !owner && op.Local == "items":
		return p.items(req, el)
	case req.Set && !owner && op.Local == "publish":
		return p.publish(req, el)
	case req.Set && !owner && op.Local == "retract":
		return p.retract(req, el)
	case req.Set && !owner && op.Local == "create":
		return p.create(req, el)
	case owner && op.Local == "configure":
		return p.configure(req, el)
	case req.Set && owner && (op.Local == "delete" || op.Local == "purge"):
		return p.remove(req, el, op.Local == "delete")
	case !owner && (op.Local == "subscribe" || op.Local == "subscriptions" || op.Local == "affiliations"):
		// PEP notifies on interest (XEP-0163 §4), not on subscriptions.
		return Response{}, unsupported(map[string]string{"subscribe": "subscribe",
			"subscriptions": "retrieve-subscriptions", "affiliations": "retrieve-affiliations"}[op.Local])
	}
	return Response{}, stanza.NewError(stanza.FeatureNotImplemented)
}

// config returns a node's configuration, or item-not-found.
func (p *PEP) config(owner jid.JID, node string) (NodeConfig, error) {
	if node == "" {
		return NodeConfig{}, errNodeRequired
	}
	cfg, ok, err := p.store.Config(owner, node)
	switch {
	case err != nil:
		return NodeConfig{}, errInternal
	case !ok:
		return NodeConfig{}, errNoNode
	}
	return cfg, nil
}

// readable checks the access model for a requester (§6.5.9).
func readable(cfg NodeConfig, r Relation) error {
	if MayRead(cfg.AccessModel, r) {
		return nil
	}
	if cfg.AccessModel == AccessPresence {
		return errPresenceRequired
	}
	return errClosedNode
}

// LastItems returns, for each of owner's nodes that an entity in relation
// r may read, that wants its last item sent (send_last_published_item)
// and that interested accepts, an event with its last item: what goes to
// an entity that has just become interested (XEP-0163 §4.3.1).
func (p *PEP) LastItems(owner jid.JID, r Relation, interested func(node string) bool) []Event {
	defer p.lock(owner)()
	nodes, err := p.store.Nodes(owner)
	if err != nil {
		return nil
	}
	var out []Event
	for _, node := range nodes {
		if !interested(node) {
			continue
		}
		cfg, ok, err := p.store.Config(owner, node)
		if err != nil || !ok || cfg.SendLastPublished == SendLastNever || !MayRead(cfg.AccessModel, r) {
			continue
		}
		items, err := p.store.Items(owner, node)
		if err != nil || len(items) == 0 {
			continue
		}
		out = append(out, Event{Node: node, Items: []Item{toItem(items[len(items)-1])}})
	}
	return out
}

// Features are the disco#info features of a PEP service built with [PEP]
// (XEP-0060 §10, XEP-0163 §6.1), to advertise on the account's bare JID.
func (*PEP) Features() []string {
	const f = NS + "#"
	return []string{NS, f + "access-open", f + "access-presence", f + "access-whitelist",
		f + "auto-create", f + "config-node", f + "create-nodes", f + "delete-items", f + "delete-nodes",
		f + "filtered-notifications", f + "item-ids", f + "last-published", f + "persistent-items",
		f + "presence-access", f + "presence-notifications", f + "publish", f + "publish-options",
		f + "purge-nodes", f + "retract-items", f + "retrieve-items", f + "multi-items", NSRSM}
}
