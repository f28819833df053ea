package server

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server/store"
)

// RemoveAccount removes an account and all it keeps from st, as
// DeleteAccount does, while no server runs on st (an administration
// tool's job), and first cancels its presence subscriptions with the
// other accounts of domain, the domain the server serves, as in-band
// removal does (XEP-0077 §3.2) but in the store alone: each contact's
// item for the account keeps its place with subscription none and no
// pending request (RFC 6121 §3.2.3, §3.3.3, a new roster version), and
// the requests it sent that await an answer are withdrawn. Contacts at
// other domains are not told: the server has no connection to them.
// store.ErrNotFound if there is no such account.
func RemoveAccount(ctx context.Context, st store.Store, domain, username string) error {
	name, err := normalUsername(username)
	if err != nil {
		return err
	}
	bare, err := jid.New(name, domain, "")
	if err != nil {
		return fmt.Errorf("server: domain %q: %w", domain, err)
	}
	if _, err := st.Credentials(ctx, name); err != nil {
		return err
	}
	items, _, err := st.Roster(ctx, name)
	if err != nil {
		return err
	}
	requests, err := st.PendingRequests(ctx, name)
	if err != nil {
		return err
	}
	var contacts []string // local accounts the removal concerns
	local := func(c jid.JID) {
		if c.Domainpart() == bare.Domainpart() && c.Localpart() != "" && c.Localpart() != name && c.Resourcepart() == "" {
			contacts = append(contacts, c.Localpart())
		}
	}
	for _, it := range items {
		local(it.JID)
	}
	for _, r := range requests {
		local(r.From)
	}
	slices.Sort(contacts)
	for _, c := range slices.Compact(contacts) {
		if err := cancelStored(ctx, st, c, bare); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("server: cancelling %s's subscriptions with %s: %w", bare, c, err)
		}
	}
	return st.DeleteAccount(ctx, name)
}

// cancelStored cancels, in contact's stored roster, every subscription
// with the removed account gone and the request it sent to contact.
func cancelStored(ctx context.Context, st store.Store, contact string, gone jid.JID) error {
	if err := st.DeletePending(ctx, contact, gone); err != nil {
		return err
	}
	items, ver, err := st.Roster(ctx, contact)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(items, func(it store.RosterItem) bool { return it.JID == gone })
	if i < 0 {
		return nil
	}
	it := items[i]
	if it.Subscription == store.SubNone && !it.Ask && !it.Approved {
		return nil
	}
	it.Subscription, it.Ask, it.Approved = store.SubNone, false, false
	ver.Count++
	return st.PutRosterItem(ctx, contact, it, ver)
}
