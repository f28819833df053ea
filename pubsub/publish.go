package pubsub

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Publish publishes item to node at service (XEP-0060 §7.1; the zero
// service is the account's own PEP service, XEP-0163 §4). An empty
// item.ID lets the service choose one. options, if not nil, is the
// publish-options form (§7.1.5), whose FORM_TYPE Publish sets. Publish
// returns the item's id: the one the service reports, else item.ID.
func Publish(ctx context.Context, s *xmpp.Session, service jid.JID, node string, item Item, options *form.Form) (string, error) {
	if node == "" {
		return "", ErrNoNode
	}
	ps, err := send(ctx, s, stanza.SetIQ, service, NS, func(e xmlstream.Encoder) error {
		err := e.Element(xml.Name{Space: NS, Local: "publish"}, []xml.Attr{attr("node", node)}, func(e xmlstream.Encoder) error {
			return Item{ID: item.ID, Payload: item.Payload}.writeXML(e, NS)
		})
		if err != nil || options == nil {
			return err
		}
		return writeForm(e, NS, "publish-options", withFormType(*options, NSPublishOptions))
	})
	if err != nil {
		return "", err
	}
	if ps != nil {
		if pub, ok := ps.Child(NS, "publish"); ok {
			if it, ok := pub.Child(NS, "item"); ok && it.Attr("id") != "" {
				return it.Attr("id"), nil
			}
		}
	}
	return item.ID, nil
}

// withFormType returns a copy of f of type submit whose FORM_TYPE is ns.
func withFormType(f form.Form, ns string) form.Form {
	f.Type = form.TypeSubmit
	fields := make([]form.Field, 0, len(f.Fields)+1)
	fields = append(fields, form.HiddenFormType(ns))
	for _, fl := range f.Fields {
		if fl.Var != form.FormTypeVar {
			fields = append(fields, fl)
		}
	}
	f.Fields = fields
	return f
}

// Retract removes the item id from node (§7.2). With notify the service
// tells the subscribers (§7.2.2.1).
func Retract(ctx context.Context, s *xmpp.Session, service jid.JID, node, id string, notify bool) error {
	if node == "" {
		return ErrNoNode
	}
	attrs := []xml.Attr{attr("node", node)}
	if notify {
		attrs = append(attrs, attr("notify", "true"))
	}
	_, err := send(ctx, s, stanza.SetIQ, service, NS, func(e xmlstream.Encoder) error {
		return e.Element(xml.Name{Space: NS, Local: "retract"}, attrs, func(e xmlstream.Encoder) error {
			return e.EmptyElement(xml.Name{Space: NS, Local: "item"}, attr("id", id))
		})
	})
	return err
}
