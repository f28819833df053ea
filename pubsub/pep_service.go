package pubsub

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"strconv"
	"sync"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
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
// time, so that the checks and the changes of one are never interleaved
// with another's.
type PEP struct {
	mu    sync.Mutex
	store Store
	lim   Limits
	usage map[jid.JID]int // bytes per owner (pep_usage.go)
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
	p.mu.Lock()
	defer p.mu.Unlock()
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

// items answers an items request (§6.5): all, by id, the last max_items,
// or a XEP-0059 page, oldest first.
func (p *PEP) items(req Request, el *xmlstream.Element) (Response, error) {
	node := el.Attr("node")
	cfg, err := p.config(req.Owner, node)
	if err == nil {
		err = readable(cfg, req.Relation)
	}
	if err != nil {
		return Response{}, err
	}
	all, err := p.store.Items(req.Owner, node)
	if err != nil {
		return Response{}, errInternal
	}
	var ids []string
	for c := range el.Children() {
		if c.Name() == (xml.Name{Space: NS, Local: "item"}) {
			if c.Attr("id") == "" {
				return Response{}, stanza.NewError(stanza.BadRequest)
			}
			ids = append(ids, c.Attr("id"))
		}
	}
	var set *paging.Result
	switch {
	case len(ids) > 0:
		var picked []StoredItem
		for _, it := range all {
			for _, id := range ids {
				if it.ID == id {
					picked = append(picked, it)
					break
				}
			}
		}
		all = picked
	case el.Attr("max_items") != "":
		n, err := strconv.Atoi(el.Attr("max_items"))
		if err != nil || n < 1 {
			return Response{}, stanza.NewError(stanza.BadRequest)
		}
		all = all[len(all)-min(n, len(all)):]
	default:
		if s, ok := req.Payload.Child(paging.NS, "set"); ok {
			pr, err := paging.ParseRequest(s)
			if err != nil {
				return Response{}, paging.StanzaError(err)
			}
			lo, hi, res, err := pr.Window(itemList(all))
			if err != nil {
				return Response{}, paging.StanzaError(err)
			}
			all, set = all[lo:hi], &res
		}
	}
	return Response{Result: itemsResult{node: node, items: all, set: set}}, nil
}

// itemList is a node's items as a XEP-0059 result set, by item id.
type itemList []StoredItem

func (l itemList) Len() int         { return len(l) }
func (l itemList) UID(i int) string { return l[i].ID }
func (l itemList) Find(uid string) (int, bool) {
	for i, it := range l {
		if it.ID == uid {
			return i, true
		}
	}
	return 0, false
}

// itemsResult writes <pubsub><items node>…</items>[<set/>]</pubsub>.
type itemsResult struct {
	node  string
	items []StoredItem
	set   *paging.Result
}

func (r itemsResult) WriteXML(e xmlstream.Encoder) error {
	return e.Element(Name, nil, func(e xmlstream.Encoder) error {
		err := e.Element(xml.Name{Space: NS, Local: "items"}, []xml.Attr{attr("node", r.node)}, func(e xmlstream.Encoder) error {
			for _, it := range r.items {
				if err := toItem(it).writeXML(e, NS); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || r.set == nil {
			return err
		}
		return r.set.WriteXML(e)
	})
}

// toItem is a stored item as written in results and events.
func toItem(it StoredItem) Item {
	out := Item{ID: it.ID}
	if !it.Publisher.IsZero() {
		out.Publisher = it.Publisher.String()
	}
	if it.Payload != nil {
		out.Payload = it.Payload
	}
	return out
}

// publish publishes an item (§7.1), creating the node on first publish
// (XEP-0163 §3) with the publish-options applied, or checking them as
// preconditions on an existing node (§7.1.5).
func (p *PEP) publish(req Request, el *xmlstream.Element) (Response, error) {
	if req.Relation != Owner {
		return Response{}, errNotOwner // XEP-0163: only the account publishes
	}
	node := el.Attr("node")
	if node == "" {
		return Response{}, errNodeRequired
	}
	var item *xmlstream.Element
	for c := range el.Children() {
		if c.Name() != (xml.Name{Space: NS, Local: "item"}) || item != nil {
			return Response{}, errInvalidPayload // one item per publish here
		}
		item = c
	}
	if item == nil {
		return Response{}, errItemRequired
	}
	var payload *xmlstream.Element
	for c := range item.Children() {
		if payload != nil {
			return Response{}, errInvalidPayload // §7.1.3.5: one payload
		}
		payload = c
	}
	if payload == nil {
		return Response{}, errPayloadRequired
	}
	stored, size, err := compact(payload)
	if err != nil {
		return Response{}, errInvalidPayload
	}
	if size > p.lim.MaxItemBytes {
		return Response{}, errPayloadTooBig
	}
	opts, err := publishOptions(req.Payload)
	if err != nil {
		return Response{}, err
	}
	cfg, exists, err := p.store.Config(req.Owner, node)
	if err != nil {
		return Response{}, errInternal
	}
	if exists {
		for _, fl := range opts {
			if ok, _ := cfg.matches(fl, p.lim.MaxItems); !ok {
				return Response{}, errPrecondition
			}
		}
	} else {
		cfg = defaultConfig(p.lim.MaxItems)
		for _, fl := range opts {
			if known, err := cfg.apply(fl, p.lim.MaxItems); err != nil || !known {
				return Response{}, errPrecondition
			}
		}
		if err := p.createNode(req.Owner, node, cfg); err != nil {
			return Response{}, err
		}
	}
	id := item.Attr("id")
	if id == "" {
		id = newItemID()
	}
	it := StoredItem{ID: id, Publisher: req.Owner, Payload: stored, Size: size}
	keep := cfg.MaxItems
	if !cfg.PersistItems {
		keep = 1 // the last item is still sent on new interest
	}
	if err := p.put(req.Owner, node, it, keep); err != nil {
		return Response{}, err
	}
	result := xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		return e.Element(Name, nil, func(e xmlstream.Encoder) error {
			return e.Element(xml.Name{Space: NS, Local: "publish"}, []xml.Attr{attr("node", node)}, func(e xmlstream.Encoder) error {
				return e.EmptyElement(xml.Name{Space: NS, Local: "item"}, attr("id", id))
			})
		})
	})
	ev := &Event{Node: node, Items: []Item{toItem(it)}}
	return Response{Result: result, Notify: ev, AccessModel: cfg.AccessModel}, nil
}

// createNode creates a node, mapping the store's quota error.
func (p *PEP) createNode(owner jid.JID, node string, cfg NodeConfig) error {
	err := p.store.Create(owner, node, cfg, p.lim.MaxNodes)
	switch {
	case errors.Is(err, ErrNodeQuota):
		return stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "too many nodes"}
	case err != nil:
		return errInternal
	}
	return nil
}

// publishOptions reads the <publish-options/> form of a publish, if any:
// its fields other than FORM_TYPE.
func publishOptions(ps *xmlstream.Element) ([]form.Field, error) {
	po, ok := ps.Child(NS, "publish-options")
	if !ok {
		return nil, nil
	}
	x, ok := po.Child(form.NS, "x")
	if !ok {
		return nil, nil // an empty <publish-options/> asks for nothing
	}
	f, err := form.Parse(x)
	if err != nil || f.FormType() != NSPublishOptions {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	var out []form.Field
	for _, fl := range f.Fields {
		if fl.Var != form.FormTypeVar {
			out = append(out, fl)
		}
	}
	return out, nil
}

// newItemID is an id for an item published without one (§7.1.1).
func newItemID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// retract removes an item (§7.2) and notifies it when asked to or when the
// node is configured to.
func (p *PEP) retract(req Request, el *xmlstream.Element) (Response, error) {
	if req.Relation != Owner {
		return Response{}, errNotOwner
	}
	node := el.Attr("node")
	cfg, err := p.config(req.Owner, node)
	if err != nil {
		return Response{}, err
	}
	var ids []string
	for c := range el.Children() {
		if c.Name() == (xml.Name{Space: NS, Local: "item"}) && c.Attr("id") != "" {
			ids = append(ids, c.Attr("id"))
		}
	}
	if len(ids) != 1 {
		return Response{}, errItemRequired // §7.2.3.3: one item, with an id
	}
	var found bool
	err = p.changing(req.Owner, node, func() (err error) {
		found, err = p.store.Retract(req.Owner, node, ids[0])
		return err
	})
	switch {
	case err != nil:
		return Response{}, errInternal
	case !found:
		return Response{}, stanza.NewError(stanza.ItemNotFound)
	}
	notify := cfg.NotifyRetract
	if v := el.Attr("notify"); v != "" {
		notify = v == "true" || v == "1"
	}
	if !notify {
		return Response{}, nil
	}
	return Response{Notify: &Event{Node: node, Retracted: ids}, AccessModel: cfg.AccessModel}, nil
}

// create creates a node (§8.1), with a configuration form if one comes.
func (p *PEP) create(req Request, el *xmlstream.Element) (Response, error) {
	if req.Relation != Owner {
		return Response{}, errNotOwner
	}
	node := el.Attr("node")
	if node == "" {
		return Response{}, unsupported("instant-nodes")
	}
	if _, exists, err := p.store.Config(req.Owner, node); err != nil || exists {
		if err != nil {
			return Response{}, errInternal
		}
		return Response{}, stanza.NewError(stanza.Conflict)
	}
	cfg := defaultConfig(p.lim.MaxItems)
	if c, ok := req.Payload.Child(NS, "configure"); ok {
		if x, ok := c.Child(form.NS, "x"); ok {
			f, err := form.Parse(x)
			if err != nil {
				return Response{}, stanza.NewError(stanza.BadRequest)
			}
			if cfg, err = cfg.configure(f, p.lim.MaxItems); err != nil {
				return Response{}, err
			}
		}
	}
	return Response{}, p.createNode(req.Owner, node, cfg)
}

// configure answers a configuration get (§8.2.1) or set (§8.2.4).
func (p *PEP) configure(req Request, el *xmlstream.Element) (Response, error) {
	if req.Relation != Owner {
		return Response{}, errNotOwner
	}
	node := el.Attr("node")
	cfg, err := p.config(req.Owner, node)
	if err != nil {
		return Response{}, err
	}
	if !req.Set {
		f := cfg.Form()
		return Response{Result: xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
			return e.Element(OwnerName, nil, func(e xmlstream.Encoder) error {
				return e.Element(xml.Name{Space: NSOwner, Local: "configure"}, []xml.Attr{attr("node", node)}, f.WriteXML)
			})
		})}, nil
	}
	x, ok := el.Child(form.NS, "x")
	if !ok {
		return Response{}, stanza.NewError(stanza.BadRequest)
	}
	f, err := form.Parse(x)
	if err != nil {
		return Response{}, stanza.NewError(stanza.BadRequest)
	}
	if f.Type == form.TypeCancel {
		return Response{}, nil
	}
	if cfg, err = cfg.configure(f, p.lim.MaxItems); err != nil {
		return Response{}, err
	}
	if err := p.changing(req.Owner, node, func() error { return p.store.SetConfig(req.Owner, node, cfg) }); err != nil {
		return Response{}, errInternal
	}
	return Response{}, nil
}

// remove deletes (§8.4) or purges (§8.5) a node and notifies it.
func (p *PEP) remove(req Request, el *xmlstream.Element, del bool) (Response, error) {
	if req.Relation != Owner {
		return Response{}, errNotOwner
	}
	node := el.Attr("node")
	cfg, err := p.config(req.Owner, node)
	if err != nil {
		return Response{}, err
	}
	ev := &Event{Node: node, Deleted: del, Purged: !del}
	err = p.changing(req.Owner, node, func() error {
		if del {
			return p.store.Delete(req.Owner, node)
		}
		return p.store.Purge(req.Owner, node)
	})
	if err != nil {
		return Response{}, errInternal
	}
	return Response{Notify: ev, AccessModel: cfg.AccessModel}, nil
}

// LastItems returns, for each of owner's nodes that an entity in relation
// r may read, that wants its last item sent (send_last_published_item)
// and that interested accepts, an event with its last item: what goes to
// an entity that has just become interested (XEP-0163 §4.3.1).
func (p *PEP) LastItems(owner jid.JID, r Relation, interested func(node string) bool) []Event {
	p.mu.Lock()
	defer p.mu.Unlock()
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
