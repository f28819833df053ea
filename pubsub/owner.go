package pubsub

import (
	"context"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Create creates node at service (XEP-0060 §8.1), configured with config
// if it is not nil (§8.1.3; Create sets its FORM_TYPE). An empty node asks
// for an instant node (§8.1.2). Create returns the node's name: the one
// the service reports, else node.
func Create(ctx context.Context, s *xmpp.Session, service jid.JID, node string, config *form.Form) (string, error) {
	ps, err := send(ctx, s, stanza.SetIQ, service, NS, func(e xmlstream.Encoder) error {
		var attrs []xml.Attr
		if node != "" {
			attrs = append(attrs, attr("node", node))
		}
		if err := e.EmptyElement(xml.Name{Space: NS, Local: "create"}, attrs...); err != nil || config == nil {
			return err
		}
		return writeForm(e, NS, "configure", withFormType(*config, NSNodeConfig))
	})
	if err != nil {
		return "", err
	}
	if ps != nil {
		if c, ok := ps.Child(NS, "create"); ok && c.Attr("node") != "" {
			return c.Attr("node"), nil
		}
	}
	if node == "" {
		return "", fmt.Errorf("%w: instant node created without a name", ErrInvalid)
	}
	return node, nil
}

// Config returns the configuration form of node at service (§8.2.1).
func Config(ctx context.Context, s *xmpp.Session, service jid.JID, node string) (form.Form, error) {
	if node == "" {
		return form.Form{}, ErrNoNode
	}
	ps, err := send(ctx, s, stanza.GetIQ, service, NSOwner, nodeElement(NSOwner, "configure", node))
	if err != nil {
		return form.Form{}, err
	}
	if ps == nil {
		return form.Form{}, fmt.Errorf("%w {%s}pubsub", xmpp.ErrNoPayload, NSOwner)
	}
	c, ok := ps.Child(NSOwner, "configure")
	if !ok {
		return form.Form{}, fmt.Errorf("%w: result without <configure/>", ErrInvalid)
	}
	x, ok := c.Child(form.NS, "x")
	if !ok {
		return form.Form{}, fmt.Errorf("%w: <configure/> without a form", ErrInvalid)
	}
	return form.Parse(x)
}

// Configure submits config as the configuration of node at service
// (§8.2.4; Configure sets its type and FORM_TYPE).
func Configure(ctx context.Context, s *xmpp.Session, service jid.JID, node string, config form.Form) error {
	if node == "" {
		return ErrNoNode
	}
	_, err := send(ctx, s, stanza.SetIQ, service, NSOwner, func(e xmlstream.Encoder) error {
		return e.Element(xml.Name{Space: NSOwner, Local: "configure"}, []xml.Attr{attr("node", node)}, withFormType(config, NSNodeConfig).WriteXML)
	})
	return err
}

// Delete deletes node at service (§8.4).
func Delete(ctx context.Context, s *xmpp.Session, service jid.JID, node string) error {
	return ownerSet(ctx, s, service, "delete", node)
}

// Purge removes every item of node at service (§8.5).
func Purge(ctx context.Context, s *xmpp.Session, service jid.JID, node string) error {
	return ownerSet(ctx, s, service, "purge", node)
}

func ownerSet(ctx context.Context, s *xmpp.Session, service jid.JID, local, node string) error {
	if node == "" {
		return ErrNoNode
	}
	_, err := send(ctx, s, stanza.SetIQ, service, NSOwner, nodeElement(NSOwner, local, node))
	return err
}
