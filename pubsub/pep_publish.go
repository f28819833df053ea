package pubsub

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

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
