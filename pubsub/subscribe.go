package pubsub

import (
	"context"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Subscription is one subscription to a node (XEP-0060 §6.1, §5.6, §8.8).
type Subscription struct {
	Node  string  // empty in a node owner's list, which is about one node
	JID   jid.JID // the subscribed entity
	SubID string  // the subscription id, when the service uses them
	State string  // "subscribed", "pending", "unconfigured" or "none"
}

// Affiliation is one affiliation with a node (§5.7, §8.9).
type Affiliation struct {
	Node        string  // empty in a node owner's list
	JID         jid.JID // zero in an entity's own list
	Affiliation string  // "owner", "publisher", "member", "outcast", ...
}

// Subscribe subscribes who (the zero JID: the account's bare JID) to node
// at service (§6.1) and returns the subscription the service reports.
func Subscribe(ctx context.Context, s *xmpp.Session, service jid.JID, node string, who jid.JID) (Subscription, error) {
	if node == "" {
		return Subscription{}, ErrNoNode
	}
	if who.IsZero() {
		who = s.LocalAddr().Bare()
	}
	ps, err := send(ctx, s, stanza.SetIQ, service, NS, nodeElement(NS, "subscribe", node, attr("jid", who.String())))
	if err != nil {
		return Subscription{}, err
	}
	if ps != nil {
		if el, ok := ps.Child(NS, "subscription"); ok {
			return parseSubscription(el)
		}
	}
	// §6.1.2: the service may answer with an empty result.
	return Subscription{Node: node, JID: who, State: "subscribed"}, nil
}

// Unsubscribe ends the subscription of who (the zero JID: the account's
// bare JID) to node at service (§6.2); subID names the subscription when
// the service uses ids.
func Unsubscribe(ctx context.Context, s *xmpp.Session, service jid.JID, node string, who jid.JID, subID string) error {
	if node == "" {
		return ErrNoNode
	}
	if who.IsZero() {
		who = s.LocalAddr().Bare()
	}
	attrs := []xml.Attr{attr("jid", who.String())}
	if subID != "" {
		attrs = append(attrs, attr("subid", subID))
	}
	_, err := send(ctx, s, stanza.SetIQ, service, NS, nodeElement(NS, "unsubscribe", node, attrs...))
	return err
}

// Subscriptions returns the account's subscriptions at service (§5.6),
// to node only unless node is "".
func Subscriptions(ctx context.Context, s *xmpp.Session, service jid.JID, node string) ([]Subscription, error) {
	return list(ctx, s, service, NS, "subscriptions", "subscription", node, parseSubscription)
}

// Affiliations returns the account's affiliations at service (§5.7), with
// node only unless node is "".
func Affiliations(ctx context.Context, s *xmpp.Session, service jid.JID, node string) ([]Affiliation, error) {
	return list(ctx, s, service, NS, "affiliations", "affiliation", node, parseAffiliation)
}

// NodeSubscriptions returns every subscription to node at service, which
// only its owner may ask for (§8.8.1).
func NodeSubscriptions(ctx context.Context, s *xmpp.Session, service jid.JID, node string) ([]Subscription, error) {
	if node == "" {
		return nil, ErrNoNode
	}
	return list(ctx, s, service, NSOwner, "subscriptions", "subscription", node, parseSubscription)
}

// NodeAffiliations returns every affiliation with node at service, which
// only its owner may ask for (§8.9.1).
func NodeAffiliations(ctx context.Context, s *xmpp.Session, service jid.JID, node string) ([]Affiliation, error) {
	if node == "" {
		return nil, ErrNoNode
	}
	return list(ctx, s, service, NSOwner, "affiliations", "affiliation", node, parseAffiliation)
}

// list asks for <outer node='node'/> in ns and parses each <inner/> of the
// answer.
func list[T any](ctx context.Context, s *xmpp.Session, service jid.JID, ns, outer, inner, node string, parse func(*xmlstream.Element) (T, error)) ([]T, error) {
	var attrs []xml.Attr
	if node != "" {
		attrs = append(attrs, attr("node", node))
	}
	ps, err := send(ctx, s, stanza.GetIQ, service, ns, func(e xmlstream.Encoder) error {
		return e.EmptyElement(xml.Name{Space: ns, Local: outer}, attrs...)
	})
	if err != nil {
		return nil, err
	}
	if ps == nil {
		return nil, fmt.Errorf("%w {%s}pubsub", xmpp.ErrNoPayload, ns)
	}
	el, ok := ps.Child(ns, outer)
	if !ok {
		return nil, fmt.Errorf("%w: result without <%s/>", ErrInvalid, outer)
	}
	var out []T
	for c := range el.Children() {
		if c.Name() != (xml.Name{Space: ns, Local: inner}) {
			continue
		}
		v, err := parse(c)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func parseSubscription(el *xmlstream.Element) (Subscription, error) {
	sub := Subscription{Node: el.Attr("node"), SubID: el.Attr("subid"), State: el.Attr("subscription")}
	if j := el.Attr("jid"); j != "" {
		var err error
		if sub.JID, err = jid.Parse(j); err != nil {
			return Subscription{}, fmt.Errorf("%w: subscription jid: %w", ErrInvalid, err)
		}
	}
	if sub.State == "" {
		return Subscription{}, fmt.Errorf("%w: <subscription/> without a state", ErrInvalid)
	}
	return sub, nil
}

func parseAffiliation(el *xmlstream.Element) (Affiliation, error) {
	a := Affiliation{Node: el.Attr("node"), Affiliation: el.Attr("affiliation")}
	if j := el.Attr("jid"); j != "" {
		var err error
		if a.JID, err = jid.Parse(j); err != nil {
			return Affiliation{}, fmt.Errorf("%w: affiliation jid: %w", ErrInvalid, err)
		}
	}
	if a.Affiliation == "" {
		return Affiliation{}, fmt.Errorf("%w: <affiliation/> without an affiliation", ErrInvalid)
	}
	return a, nil
}
