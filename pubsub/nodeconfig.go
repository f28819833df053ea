package pubsub

import (
	"strconv"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/stanza"
)

// Access models of XEP-0060 §4.5 that a PEP service offers (XEP-0163 §5
// makes presence the default).
const (
	AccessOpen      = "open"
	AccessPresence  = "presence"
	AccessWhitelist = "whitelist"
)

// Values of pubsub#send_last_published_item (XEP-0060 §16.4.3).
const (
	SendLastNever         = "never"
	SendLastOnSub         = "on_sub"
	SendLastOnSubPresence = "on_sub_and_presence"
)

// NodeConfig is the configuration of a node that a service built with
// [PEP] keeps (XEP-0060 §8.2): the options of the pubsub#node_config form
// it understands.
type NodeConfig struct {
	// AccessModel is who may read the node's items and receive its
	// notifications: AccessOpen, AccessPresence or AccessWhitelist.
	AccessModel string
	// MaxItems is how many items the node keeps; older ones are dropped.
	MaxItems int
	// PersistItems says whether items are kept at all (false keeps only
	// the last, as XEP-0163 §4.3 expects of a transient node).
	PersistItems bool
	// NotifyRetract says whether retractions are notified (§7.2.2.1).
	NotifyRetract bool
	// SendLastPublished is when the last item goes to a new interested
	// entity: SendLastNever or SendLastOnSubPresence.
	SendLastPublished string
}

// Config field vars (XEP-0060 §16.4.3).
const (
	fieldAccessModel   = "pubsub#access_model"
	fieldMaxItems      = "pubsub#max_items"
	fieldPersistItems  = "pubsub#persist_items"
	fieldNotifyRetract = "pubsub#notify_retract"
	fieldSendLast      = "pubsub#send_last_published_item"
)

// maxValue is the max_items value that means the service's maximum
// (XEP-0060 §7.1.5 and XEP-0402 use it).
const maxValue = "max"

// defaultConfig is a new node's configuration under limit items at most.
func defaultConfig(limit int) NodeConfig {
	return NodeConfig{AccessModel: AccessPresence, MaxItems: min(limit, 1), PersistItems: true,
		NotifyRetract: true, SendLastPublished: SendLastOnSubPresence}
}

// configError is the error of a configuration form the service cannot
// apply: not-acceptable, as XEP-0060 §8.2.5.3 says for an invalid one.
func configError(why string) error {
	return stanza.Error{Type: stanza.Modify, Condition: stanza.NotAcceptable, Text: why}
}

// apply sets the fields of f on c; limit is the service's max_items. It
// fails on a value it cannot apply, naming the field; fields it does not
// know are reported by known=false for the caller to decide.
func (c *NodeConfig) apply(fl form.Field, limit int) (known bool, err error) {
	v := fl.Value()
	switch fl.Var {
	case fieldAccessModel:
		switch v {
		case AccessOpen, AccessPresence, AccessWhitelist:
			c.AccessModel = v
		default:
			return true, configError("unsupported access model")
		}
	case fieldMaxItems:
		n, err := parseMaxItems(v, limit)
		if err != nil {
			return true, err
		}
		c.MaxItems = n
	case fieldPersistItems, fieldNotifyRetract:
		b, err := fl.Bool()
		if err != nil {
			return true, configError("invalid boolean for " + fl.Var)
		}
		if fl.Var == fieldPersistItems {
			c.PersistItems = b
		} else {
			c.NotifyRetract = b
		}
	case fieldSendLast:
		switch v {
		case SendLastNever, SendLastOnSubPresence:
			c.SendLastPublished = v
		case SendLastOnSub:
			// Without subscriptions, interest is presence-based: the
			// same moment as on_sub_and_presence.
			c.SendLastPublished = SendLastOnSubPresence
		default:
			return true, configError("unsupported send_last_published_item")
		}
	default:
		return false, nil
	}
	return true, nil
}

// parseMaxItems reads pubsub#max_items: a positive count up to limit, or
// "max" for limit.
func parseMaxItems(v string, limit int) (int, error) {
	if v == maxValue {
		return limit, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil || n < 1:
		return 0, configError("invalid max_items")
	case n > limit:
		return 0, stanza.Error{Type: stanza.Modify, Condition: stanza.PolicyViolation, Text: "max_items above the service's limit of " + strconv.Itoa(limit)}
	}
	return n, nil
}

// matches reports whether the node's value for fl is what fl asks
// (publish-options preconditions, XEP-0060 §7.1.5); known is false for a
// field this service does not keep.
func (c NodeConfig) matches(fl form.Field, limit int) (ok, known bool) {
	want := c
	known, err := want.apply(fl, limit)
	if !known {
		return false, false
	}
	return err == nil && want == c, true
}

// Form returns c as the pubsub#node_config form of a configure result.
func (c NodeConfig) Form() form.Form {
	b := strconv.FormatBool
	return form.Form{Type: form.TypeForm, Fields: []form.Field{
		form.HiddenFormType(NSNodeConfig),
		{Var: fieldAccessModel, Type: form.ListSingle, Values: []string{c.AccessModel},
			Options: []form.Option{{Value: AccessOpen}, {Value: AccessPresence}, {Value: AccessWhitelist}}},
		{Var: fieldMaxItems, Type: form.TextSingle, Values: []string{strconv.Itoa(c.MaxItems)}},
		{Var: fieldPersistItems, Type: form.Boolean, Values: []string{b(c.PersistItems)}},
		{Var: fieldNotifyRetract, Type: form.Boolean, Values: []string{b(c.NotifyRetract)}},
		{Var: fieldSendLast, Type: form.ListSingle, Values: []string{c.SendLastPublished},
			Options: []form.Option{{Value: SendLastNever}, {Value: SendLastOnSubPresence}}},
	}}
}

// configure returns c with the fields of a submitted form applied. Unknown
// fields are refused: the service would not honour them.
func (c NodeConfig) configure(f form.Form, limit int) (NodeConfig, error) {
	if ft := f.FormType(); ft != "" && ft != NSNodeConfig {
		return c, configError("form is not " + NSNodeConfig)
	}
	for _, fl := range f.Fields {
		if fl.Var == form.FormTypeVar {
			continue
		}
		known, err := c.apply(fl, limit)
		if err != nil {
			return c, err
		}
		if !known {
			return c, configError("unsupported option " + fl.Var)
		}
	}
	return c, nil
}
