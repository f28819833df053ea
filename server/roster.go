package server

import (
	"encoding/xml"
	"slices"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSRoster is the roster namespace (RFC 6121 §2).
const NSRoster = "jabber:iq:roster"

var (
	rosterQueryName = xml.Name{Space: NSRoster, Local: "query"}
	rosterItemName  = xml.Name{Space: NSRoster, Local: "item"}
	rosterGroupName = xml.Name{Space: NSRoster, Local: "group"}
)

// rosterItem is one contact in a roster (RFC 6121 §2.1.2).
type rosterItem struct {
	jid    jid.JID
	name   string
	groups []string
	sub    subscription
	ask    bool // "Pending Out": a subscription request awaits the contact
	// approved is a pre-approval of the contact's subscription (§3.4).
	approved bool
}

// sortedItems returns the roster in a stable order.
func (a *account) sortedItems() []*rosterItem {
	items := make([]*rosterItem, 0, len(a.roster))
	for _, it := range a.roster {
		items = append(items, it)
	}
	slices.SortFunc(items, func(x, y *rosterItem) int { return strings.Compare(x.jid.String(), y.jid.String()) })
	return items
}

// push sends a roster push for item to a's interested resources (RFC 6121
// §2.1.6). A removed item is pushed with subscription "remove".
func (r *registry) push(a *account, item *rosterItem, out *outbox) {
	ver := a.bumpRosterVersion()
	r.persistItem(a, item, a.roster[item.jid] != item)
	for _, res := range a.resources {
		if res.interested {
			p := rosterPush{to: res.full, item: *item, removed: a.roster[item.jid] != item}
			if res.versioned {
				p.ver = ver
			}
			out.add(res, p)
		}
	}
}

// rosterPush is <iq type='set'><query xmlns='jabber:iq:roster'><item/></query></iq>,
// sent without 'from' so that clients accept it as coming from their own
// account (RFC 6121 §2.1.6).
type rosterPush struct {
	to      jid.JID
	item    rosterItem
	removed bool
	ver     string // the roster's version after the change; "" for none
}

func (p rosterPush) WriteXML(w xmlstream.Encoder) error {
	iq := stanza.IQ{ID: stanza.NewID(), To: p.to, Type: stanza.SetIQ}
	if err := iq.WriteStart(w); err != nil {
		return err
	}
	var attrs []xml.Attr
	if p.ver != "" {
		attrs = []xml.Attr{{Name: rosterVerAttr, Value: p.ver}}
	}
	if err := w.Start(rosterQueryName, attrs...); err != nil {
		return err
	}
	if err := writeItem(w, &p.item, p.removed); err != nil {
		return err
	}
	if err := w.End(); err != nil {
		return err
	}
	return w.End()
}

// rosterQuery is the <query/> of the answer to a roster get (RFC 6121 §2.1.3).
type rosterQuery []rosterItem

func (q rosterQuery) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(rosterQueryName); err != nil {
		return err
	}
	for i := range q {
		if err := writeItem(w, &q[i], false); err != nil {
			return err
		}
	}
	return w.End()
}

func writeItem(w xmlstream.Encoder, it *rosterItem, removed bool) error {
	sub := it.sub.String()
	if removed {
		sub = "remove"
	}
	attrs := []xml.Attr{{Name: xml.Name{Local: "jid"}, Value: it.jid.String()}}
	if removed {
		// A removal is pushed as the bare item (RFC 6121 §2.5.3): the
		// name and groups were the removed item's, not the client's to
		// keep.
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "subscription"}, Value: sub})
		if err := w.Start(rosterItemName, attrs...); err != nil {
			return err
		}
		return w.End()
	}
	if it.name != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "name"}, Value: it.name})
	}
	attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "subscription"}, Value: sub})
	if it.ask && !removed {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "ask"}, Value: "subscribe"})
	}
	if it.approved && !removed {
		attrs = append(attrs, approvedAttr)
	}
	if err := w.Start(rosterItemName, attrs...); err != nil {
		return err
	}
	for _, g := range it.groups {
		if err := w.TextElement(rosterGroupName, g); err != nil {
			return err
		}
	}
	return w.End()
}
