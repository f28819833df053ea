package pubsub

import (
	"encoding/xml"
	"errors"
)

// Namespaces of XEP-0060 §14.
const (
	NS               = "http://jabber.org/protocol/pubsub"
	NSEvent          = NS + "#event"
	NSOwner          = NS + "#owner"
	NSPublishOptions = NS + "#publish-options"
	NSNodeConfig     = NS + "#node_config"
	NSRSM            = NS + "#rsm" // feature: the service pages items with XEP-0059
)

// Names of the payload elements.
var (
	Name      = xml.Name{Space: NS, Local: "pubsub"}
	EventName = xml.Name{Space: NSEvent, Local: "event"}
	OwnerName = xml.Name{Space: NSOwner, Local: "pubsub"}
)

// Errors of this package.
var (
	// ErrInvalid reports an element that is not what XEP-0060 specifies.
	ErrInvalid = errors.New("pubsub: invalid element")
	// ErrUnsupportedEvent reports an event notification of a kind this
	// package does not read (configuration or subscription changes).
	ErrUnsupportedEvent = errors.New("pubsub: unsupported event kind")
	// ErrUntrusted reports an event from an entity that may not send it.
	ErrUntrusted = errors.New("pubsub: event from an untrusted sender")
	// ErrNoNode reports a request that needs a node name but has none.
	ErrNoNode = errors.New("pubsub: no node")
)

func attr(local, value string) xml.Attr { return xml.Attr{Name: xml.Name{Local: local}, Value: value} }
