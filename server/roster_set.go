package server

import (
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Bounds on what a roster set may store (RFC 6121 §2.3.3 lets a server
// refuse what is too large with not-acceptable). The roster as a whole is
// bounded by bytes (Config.MaxRosterBytes), not by a count of items.
const (
	maxRosterName   = 1024
	maxRosterGroups = 64
	maxGroupName    = 1024
)

// rosterSet is a parsed roster set (RFC 6121 §2.3, §2.5).
type rosterSet struct {
	item   rosterItem
	remove bool
}

func badRoster(c stanza.Condition, text string) stanza.Error {
	return stanza.Error{Type: c.DefaultType(), Condition: c, Text: text}
}

// parseRosterSet reads the <query/> of a roster set IQ.
func parseRosterSet(iq *xmlstream.Element) (rosterSet, error) {
	q, ok := iq.Child(NSRoster, "query")
	if !ok {
		return rosterSet{}, badRoster(stanza.BadRequest, "no roster query")
	}
	var found *xmlstream.Element
	n := 0
	for c := range q.Children() {
		if c.Name() == rosterItemName {
			n++
			found = c
		}
	}
	if n != 1 {
		return rosterSet{}, badRoster(stanza.BadRequest, "a roster set carries exactly one item")
	}
	return parseItem(found)
}

func parseItem(el *xmlstream.Element) (rosterSet, error) {
	var set rosterSet
	j, err := jid.Parse(el.Attr("jid"))
	if err != nil || j.IsZero() {
		return set, badRoster(stanza.JIDMalformed, "invalid item jid")
	}
	set.item.jid = j.Bare()
	set.remove = el.Attr("subscription") == "remove"
	set.item.name = el.Attr("name")
	if len(set.item.name) > maxRosterName {
		return set, badRoster(stanza.NotAcceptable, "item name too long")
	}
	for g := range el.Children() {
		if g.Name() != rosterGroupName {
			continue
		}
		name := g.Text()
		switch {
		case strings.TrimSpace(name) == "":
			return set, badRoster(stanza.NotAcceptable, "empty group name")
		case len(name) > maxGroupName:
			return set, badRoster(stanza.NotAcceptable, "group name too long")
		case len(set.item.groups) == maxRosterGroups:
			return set, badRoster(stanza.NotAcceptable, "too many groups")
		}
		for _, have := range set.item.groups {
			if have == name {
				return set, badRoster(stanza.BadRequest, "duplicate group")
			}
		}
		set.item.groups = append(set.item.groups, name)
	}
	return set, nil
}

// setRoster applies a roster set of a's (RFC 6121 §2.3, §2.5).
func (r *registry) setRoster(a *account, set rosterSet, out *outbox) error {
	c := set.item.jid
	if set.remove {
		return r.removeItem(a, c, out)
	}
	existed := a.roster[c] != nil
	item := a.addItem(c, r.lim.rosterBytes)
	if item == nil || !a.setItemDetails(item, set.item.name, set.item.groups, r.lim.rosterBytes) {
		if item != nil && !existed {
			// Created just now for this set: do not keep half of it.
			a.deleteItem(c)
		}
		return badRoster(stanza.NotAcceptable, "roster full")
	}
	r.push(a, item, out)
	return nil
}

// removeItem removes c from a's roster, cancelling the subscriptions both
// ways first (RFC 6121 §2.5.2).
func (r *registry) removeItem(a *account, c jid.JID, out *outbox) error {
	item := a.roster[c]
	if item == nil {
		return stanza.NewError(stanza.ItemNotFound)
	}
	if item.sub.hasTo() || item.ask {
		r.unsubscribe(a, c, nil, out)
	}
	if _, pending := a.pendingIn[c]; pending || item.sub.hasFrom() {
		r.unsubscribed(a, c, nil, out)
	}
	a.deleteItem(c)
	r.push(a, item, out)
	return nil
}
