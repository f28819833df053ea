package blocking

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Namespaces: the blocking command, its error condition, and reports.
const (
	NS          = "urn:xmpp:blocking"
	NSErrors    = "urn:xmpp:blocking:errors"
	NSReporting = "urn:xmpp:reporting:1"
)

// Element names.
var (
	ListName    = xml.Name{Space: NS, Local: "blocklist"}
	BlockName   = xml.Name{Space: NS, Local: "block"}
	UnblockName = xml.Name{Space: NS, Local: "unblock"}
	BlockedName = xml.Name{Space: NSErrors, Local: "blocked"}
	ReportName  = xml.Name{Space: NSReporting, Local: "report"}
)

var (
	itemName = xml.Name{Space: NS, Local: "item"}
	textName = xml.Name{Space: NSReporting, Local: "text"}
	jidAttr  = xml.Name{Local: "jid"}
	langAttr = xml.Name{Space: "http://www.w3.org/XML/1998/namespace", Local: "lang"}
)

// Reason is why an address is reported (XEP-0377 §3).
type Reason string

// The reasons of XEP-0377 §3.
const (
	Spam  Reason = "urn:xmpp:reporting:spam"
	Abuse Reason = "urn:xmpp:reporting:abuse"
)

// Errors for elements that cannot be read or written.
var (
	ErrInvalid  = errors.New("blocking: not a valid urn:xmpp:blocking element")
	ErrNoItems  = errors.New("blocking: <block/> without an item")
	ErrBadJID   = errors.New("blocking: <item/> without a valid jid")
	ErrNoReason = errors.New("blocking: <report/> without a reason")
)

// Report is the XEP-0377 <report/> attached to a blocked item.
type Report struct {
	Reason Reason // required; Spam, Abuse or another registered URI
	Text   string // the user's explanation; "" for none
	Lang   string // Text's xml:lang; "" for none
}

// Item is one blocked address, with an optional report.
type Item struct {
	JID    jid.JID
	Report *Report
}

// BlockList is the <blocklist/> of a result: the blocked addresses.
type BlockList struct{ JIDs []jid.JID }

// Blocked is a <block/> (a request or a push): at least one item.
type Blocked struct{ Items []Item }

// Unblocked is an <unblock/> (a request or a push); no JIDs means all.
type Unblocked struct{ JIDs []jid.JID }

// WriteXML writes l.
func (l BlockList) WriteXML(e xmlstream.Encoder) error { return writeJIDs(e, ListName, l.JIDs) }

// WriteXML writes u; empty for all.
func (u Unblocked) WriteXML(e xmlstream.Encoder) error { return writeJIDs(e, UnblockName, u.JIDs) }

func writeJIDs(e xmlstream.Encoder, name xml.Name, jids []jid.JID) error {
	for _, j := range jids {
		if j.IsZero() {
			return ErrBadJID
		}
	}
	return e.Element(name, nil, func(e xmlstream.Encoder) error {
		for _, j := range jids {
			if err := e.EmptyElement(itemName, xml.Attr{Name: jidAttr, Value: j.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteXML writes b; it refuses an empty block (§3.3 makes it bad-request).
func (b Blocked) WriteXML(e xmlstream.Encoder) error {
	if len(b.Items) == 0 {
		return ErrNoItems
	}
	for _, it := range b.Items {
		if it.JID.IsZero() {
			return ErrBadJID
		}
		if it.Report != nil && it.Report.Reason == "" {
			return ErrNoReason
		}
	}
	return e.Element(BlockName, nil, func(e xmlstream.Encoder) error {
		for _, it := range b.Items {
			if err := it.writeXML(e); err != nil {
				return err
			}
		}
		return nil
	})
}

func (it Item) writeXML(e xmlstream.Encoder) error {
	attr := []xml.Attr{{Name: jidAttr, Value: it.JID.String()}}
	if it.Report == nil {
		return e.EmptyElement(itemName, attr...)
	}
	return e.Element(itemName, attr, it.Report.WriteXML)
}

// WriteXML writes r; it refuses a report without a reason.
func (r Report) WriteXML(e xmlstream.Encoder) error {
	if r.Reason == "" {
		return ErrNoReason
	}
	return e.Element(ReportName, []xml.Attr{{Name: xml.Name{Local: "reason"}, Value: string(r.Reason)}}, func(e xmlstream.Encoder) error {
		if r.Text == "" {
			return nil
		}
		var attr []xml.Attr
		if r.Lang != "" {
			attr = append(attr, xml.Attr{Name: langAttr, Value: r.Lang})
		}
		return e.TextElement(textName, r.Text, attr...)
	})
}

// ParseBlockList reads a <blocklist/>.
func ParseBlockList(el *xmlstream.Element) (BlockList, error) {
	if el.Name() != ListName {
		return BlockList{}, ErrInvalid
	}
	items, err := parseItems(el)
	if err != nil {
		return BlockList{}, err
	}
	var l BlockList
	for _, it := range items {
		l.JIDs = append(l.JIDs, it.JID)
	}
	return l, nil
}

// ParseBlocked reads a <block/>; one without items is [ErrNoItems].
func ParseBlocked(el *xmlstream.Element) (Blocked, error) {
	if el.Name() != BlockName {
		return Blocked{}, ErrInvalid
	}
	items, err := parseItems(el)
	if err != nil {
		return Blocked{}, err
	}
	if len(items) == 0 {
		return Blocked{}, ErrNoItems
	}
	return Blocked{Items: items}, nil
}

// ParseUnblocked reads an <unblock/>; one without items unblocks all.
func ParseUnblocked(el *xmlstream.Element) (Unblocked, error) {
	if el.Name() != UnblockName {
		return Unblocked{}, ErrInvalid
	}
	items, err := parseItems(el)
	if err != nil {
		return Unblocked{}, err
	}
	var u Unblocked
	for _, it := range items {
		u.JIDs = append(u.JIDs, it.JID)
	}
	return u, nil
}

// parseItems reads the <item/> children of el; other children are
// extensions and ignored.
func parseItems(el *xmlstream.Element) ([]Item, error) {
	var items []Item
	for c := range el.Children() {
		if c.Name() != itemName {
			continue
		}
		j, err := jid.Parse(c.Attr("jid"))
		if err != nil {
			return nil, ErrBadJID
		}
		it := Item{JID: j}
		if r, ok := c.Child(NSReporting, "report"); ok {
			rep, err := ParseReport(r)
			if err != nil {
				return nil, err
			}
			it.Report = &rep
		}
		items = append(items, it)
	}
	return items, nil
}

// ParseReport reads a XEP-0377 <report/>: a reason is required; the first
// <text/> is kept.
func ParseReport(el *xmlstream.Element) (Report, error) {
	if el.Name() != ReportName {
		return Report{}, ErrInvalid
	}
	r := Report{Reason: Reason(el.Attr("reason"))}
	if r.Reason == "" {
		return Report{}, ErrNoReason
	}
	if t, ok := el.Child(NSReporting, "text"); ok {
		r.Text = t.Text()
		if r.Text != "" {
			r.Lang, _ = t.AttrNS(langAttr.Space, langAttr.Local)
		}
	}
	return r, nil
}
