package pubsub

import (
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp/xmlstream"
)

// Event is one event notification (XEP-0060 §7.1.2, §7.2.2, §8.4.2,
// §8.5.2): items published or retracted at Node, or Node purged or
// deleted. A service sends one kind per <event/>.
type Event struct {
	Node      string
	Items     []Item   // published items (with or without payloads)
	Retracted []string // ids of retracted items
	Purged    bool     // every item of Node was removed
	Deleted   bool     // Node itself was removed
	Redirect  string   // with Deleted: the URI of a node replacing it, if any
}

// Equal reports whether two events say the same thing.
func (ev Event) Equal(o Event) bool {
	if ev.Node != o.Node || ev.Purged != o.Purged || ev.Deleted != o.Deleted || ev.Redirect != o.Redirect ||
		len(ev.Items) != len(o.Items) || len(ev.Retracted) != len(o.Retracted) {
		return false
	}
	for i := range ev.Items {
		if !ev.Items[i].Equal(o.Items[i]) {
			return false
		}
	}
	for i := range ev.Retracted {
		if ev.Retracted[i] != o.Retracted[i] {
			return false
		}
	}
	return true
}

// WriteXML writes the <event/> element.
func (ev Event) WriteXML(e xmlstream.Encoder) error {
	if ev.Node == "" {
		return ErrNoNode
	}
	node := []xml.Attr{attr("node", ev.Node)}
	return e.Element(EventName, nil, func(e xmlstream.Encoder) error {
		switch {
		case ev.Deleted:
			return e.Element(xml.Name{Space: NSEvent, Local: "delete"}, node, func(e xmlstream.Encoder) error {
				if ev.Redirect == "" {
					return nil
				}
				return e.EmptyElement(xml.Name{Space: NSEvent, Local: "redirect"}, attr("uri", ev.Redirect))
			})
		case ev.Purged:
			return e.EmptyElement(xml.Name{Space: NSEvent, Local: "purge"}, node...)
		}
		return e.Element(xml.Name{Space: NSEvent, Local: "items"}, node, func(e xmlstream.Encoder) error {
			for _, it := range ev.Items {
				if err := it.writeXML(e, NSEvent); err != nil {
					return err
				}
			}
			for _, id := range ev.Retracted {
				if err := e.EmptyElement(xml.Name{Space: NSEvent, Local: "retract"}, attr("id", id)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// ParseEvent reads an <event/> element. Every kind needs a node; a
// retraction needs an id. Configuration and subscription notifications
// are refused with ErrUnsupportedEvent.
func ParseEvent(el *xmlstream.Element) (Event, error) {
	if el.Name() != EventName {
		return Event{}, fmt.Errorf("%w: not a pubsub <event/>", ErrInvalid)
	}
	for c := range el.Children() {
		name := c.Name()
		if name.Space != NSEvent {
			continue // an extension
		}
		ev := Event{Node: c.Attr("node")}
		switch name.Local {
		case "items":
		case "purge":
			ev.Purged = true
		case "delete":
			ev.Deleted = true
			if r, ok := c.Child(NSEvent, "redirect"); ok {
				ev.Redirect = r.Attr("uri")
			}
		default:
			return Event{}, fmt.Errorf("%w: <%s/>", ErrUnsupportedEvent, name.Local)
		}
		if ev.Node == "" {
			return Event{}, fmt.Errorf("%w: <%s/> without a node", ErrInvalid, name.Local)
		}
		if name.Local != "items" {
			return ev, nil
		}
		if err := parseEventItems(c, &ev); err != nil {
			return Event{}, err
		}
		return ev, nil
	}
	return Event{}, fmt.Errorf("%w: empty <event/>", ErrInvalid)
}

// parseEventItems reads the <item/> and <retract/> children of <items/>.
func parseEventItems(c *xmlstream.Element, ev *Event) error {
	for x := range c.Children() {
		switch x.Name() {
		case xml.Name{Space: NSEvent, Local: "item"}:
			it, err := parseItem(x)
			if err != nil {
				return err
			}
			ev.Items = append(ev.Items, it)
		case xml.Name{Space: NSEvent, Local: "retract"}:
			id := x.Attr("id")
			if id == "" {
				return fmt.Errorf("%w: <retract/> without an id", ErrInvalid)
			}
			ev.Retracted = append(ev.Retracted, id)
		}
	}
	return nil
}
