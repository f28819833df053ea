package pubsub

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

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
