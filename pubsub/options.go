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

// NSSubscribeOptions is the FORM_TYPE of subscription options forms
// (§16.4.2); FeatureSubscriptionOptions is what a service that supports
// them announces (§6.3.1).
const (
	NSSubscribeOptions         = NS + "#subscribe_options"
	FeatureSubscriptionOptions = NS + "#subscription-options"
)

// OptionsName is the <options/> element of §6.3.
var OptionsName = xml.Name{Space: NS, Local: "options"}

// Options is the <options/> element (§6.3): which subscription, and its
// options form: the one the service sends (type form) or the one the
// subscriber submits.
type Options struct {
	Node  string
	JID   jid.JID // the subscribed entity
	SubID string  // the subscription id, when the service uses them
	Form  *form.Form
}

// WriteXML writes o.
func (o Options) WriteXML(e xmlstream.Encoder) error {
	var attrs []xml.Attr
	if o.Node != "" {
		attrs = append(attrs, attr("node", o.Node))
	}
	if !o.JID.IsZero() {
		attrs = append(attrs, attr("jid", o.JID.String()))
	}
	if o.SubID != "" {
		attrs = append(attrs, attr("subid", o.SubID))
	}
	if o.Form == nil {
		return e.EmptyElement(OptionsName, attrs...)
	}
	return e.Element(OptionsName, attrs, o.Form.WriteXML)
}

// ParseOptions reads an <options/>.
func ParseOptions(el *xmlstream.Element) (Options, error) {
	if el.Name() != OptionsName {
		return Options{}, fmt.Errorf("%w: not an <options/>", ErrInvalid)
	}
	o := Options{Node: el.Attr("node"), SubID: el.Attr("subid")}
	if j := el.Attr("jid"); j != "" {
		var err error
		if o.JID, err = jid.Parse(j); err != nil {
			return Options{}, fmt.Errorf("%w: options jid: %w", ErrInvalid, err)
		}
	}
	if x, ok := el.Child(form.NS, "x"); ok {
		f, err := form.Parse(x)
		if err != nil {
			return Options{}, err
		}
		o.Form = &f
	}
	return o, nil
}

// SubscriptionOptions asks for the options form of who's subscription
// (the zero JID: the account's bare JID) to node at service (§6.3.2),
// naming the subscription with subID where the service uses ids. A
// service without options answers feature-not-implemented; one where who
// is not subscribed, unexpected-request.
func SubscriptionOptions(ctx context.Context, s *xmpp.Session, service jid.JID, node string, who jid.JID, subID string) (form.Form, error) {
	if node == "" {
		return form.Form{}, ErrNoNode
	}
	if who.IsZero() {
		who = s.LocalAddr().Bare()
	}
	ps, err := send(ctx, s, stanza.GetIQ, service, NS, Options{Node: node, JID: who, SubID: subID}.WriteXML)
	if err != nil {
		return form.Form{}, err
	}
	if ps == nil {
		return form.Form{}, fmt.Errorf("%w {%s}pubsub", xmpp.ErrNoPayload, NS)
	}
	el, ok := ps.Child(NS, "options")
	if !ok {
		return form.Form{}, fmt.Errorf("%w: result without <options/>", ErrInvalid)
	}
	o, err := ParseOptions(el)
	if err != nil {
		return form.Form{}, err
	}
	if o.Form == nil {
		return form.Form{}, fmt.Errorf("%w: <options/> without a form", ErrInvalid)
	}
	return *o.Form, nil
}

// SetSubscriptionOptions submits options for who's subscription (the zero
// JID: the account's bare JID) to node at service (§6.3.5). f is sent as
// a submitted form whose FORM_TYPE is NSSubscribeOptions; fields such as
// pubsub#deliver and pubsub#include_body are registered in §16.4.2. A
// service that refuses a value answers not-acceptable.
func SetSubscriptionOptions(ctx context.Context, s *xmpp.Session, service jid.JID, node string, who jid.JID, subID string, f form.Form) error {
	if node == "" {
		return ErrNoNode
	}
	if who.IsZero() {
		who = s.LocalAddr().Bare()
	}
	f = withFormType(f, NSSubscribeOptions)
	_, err := send(ctx, s, stanza.SetIQ, service, NS, Options{Node: node, JID: who, SubID: subID, Form: &f}.WriteXML)
	return err
}

// SubscribeWithOptions subscribes who (the zero JID: the account's bare
// JID) to node at service with options in the same request (§6.3.7) and
// returns the subscription the service reports.
func SubscribeWithOptions(ctx context.Context, s *xmpp.Session, service jid.JID, node string, who jid.JID, f form.Form) (Subscription, error) {
	if node == "" {
		return Subscription{}, ErrNoNode
	}
	if who.IsZero() {
		who = s.LocalAddr().Bare()
	}
	f = withFormType(f, NSSubscribeOptions)
	ps, err := send(ctx, s, stanza.SetIQ, service, NS, func(e xmlstream.Encoder) error {
		if err := nodeElement(NS, "subscribe", node, attr("jid", who.String()))(e); err != nil {
			return err
		}
		return Options{Form: &f}.WriteXML(e)
	})
	if err != nil {
		return Subscription{}, err
	}
	if ps != nil {
		if el, ok := ps.Child(NS, "subscription"); ok {
			return parseSubscription(el)
		}
	}
	return Subscription{Node: node, JID: who, State: "subscribed"}, nil
}
