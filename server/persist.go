package server

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// The registry keeps the live state in memory; the store keeps what must
// outlast the process. Every change to an account's roster, requests,
// block list or vCard is added to the journal (journal.go) while the
// registry is locked, so the store sees the changes in the order the
// registry made them; the client is answered once the change has
// committed: an acknowledged change is kept. New loads the store into
// the registry.

// storeTimeout bounds one store call (or one batch of the journal).
const storeTimeout = 10 * time.Second

func storeCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), storeTimeout)
}

// storeFailed logs a write the store refused after the registry changed:
// the change stays in memory but may be lost at a restart.
func (r *registry) storeFailed(what string, a *account, err error) {
	if err != nil {
		r.log.Error("server: store write failed", "what", what, "account", a.bare.String(), "err", err)
	}
}

// marshal writes m as one element with its namespaces declared.
func marshal(m xmlstream.Marshaler) ([]byte, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	// Outside a stream, a stanza that takes the stream's content
	// namespace declares jabber:client itself.
	w.SetContentNS(stanza.NSClient)
	if err := m.WriteXML(w.Encoder()); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// unmarshal reads what marshal wrote.
func unmarshal(b []byte) (*xmlstream.Element, error) {
	el := new(xmlstream.Element)
	if err := xmlstream.NewDecoder(bytes.NewReader(b), xmlstream.Limits{}).ReadElement(el); err != nil {
		return nil, err
	}
	return el, nil
}

func toStoreItem(it *rosterItem) store.RosterItem {
	var sub store.Subscription
	if it.sub.hasTo() {
		sub |= store.SubTo
	}
	if it.sub.hasFrom() {
		sub |= store.SubFrom
	}
	return store.RosterItem{JID: it.jid, Name: it.name, Groups: it.groups, Subscription: sub, Ask: it.ask, Approved: it.approved}
}

func fromStoreItem(it store.RosterItem) *rosterItem {
	var sub subscription
	if it.Subscription&store.SubTo != 0 {
		sub |= subTo
	}
	if it.Subscription&store.SubFrom != 0 {
		sub |= subFrom
	}
	return &rosterItem{jid: it.JID, name: it.Name, groups: it.Groups, sub: sub, ask: it.Ask, approved: it.Approved}
}

// persistItem records a change of a's roster: item (removed or not) and
// the version the change gave the roster. The registry lock is held.
func (r *registry) persistItem(a *account, item *rosterItem, removed bool) {
	user := a.bare.Localpart()
	v := store.RosterVersion{Epoch: a.verEpoch, Count: a.rosterVer}
	if removed {
		contact := item.jid
		r.write(a, "roster", func(ctx context.Context, st store.Store) error {
			return st.DeleteRosterItem(ctx, user, contact, v)
		})
		return
	}
	it := toStoreItem(item) // a copy: item changes on under the lock
	it.Groups = slices.Clone(it.Groups)
	r.write(a, "roster", func(ctx context.Context, st store.Store) error {
		return st.PutRosterItem(ctx, user, it, v)
	})
}

// persistPending records (req non-nil) or forgets a subscription request
// to a from 'from'. The registry lock is held.
func (r *registry) persistPending(a *account, from jid.JID, req *xmlstream.Element) error {
	user := a.bare.Localpart()
	if req == nil {
		r.write(a, "pending request", func(ctx context.Context, st store.Store) error {
			return st.DeletePending(ctx, user, from)
		})
		return nil
	}
	b, err := marshal(req)
	if err != nil {
		return err
	}
	r.write(a, "pending request", func(ctx context.Context, st store.Store) error {
		return st.PutPending(ctx, user, store.PendingRequest{From: from, Stanza: b})
	})
	return nil
}

// load fills the registry with the accounts of its store.
func (r *registry) load(ctx context.Context) error {
	users, err := r.st.Accounts(ctx)
	if err != nil {
		return fmt.Errorf("server: reading the store: %w", err)
	}
	for _, u := range users {
		bare, err := jid.New(u, r.domain.Domainpart(), "")
		if err != nil {
			r.log.Error("server: skipping a stored account with an invalid name", "name", u, "err", err)
			continue
		}
		if err := r.loadAccount(ctx, bare); err != nil {
			return fmt.Errorf("server: reading account %s from the store: %w", u, err)
		}
	}
	return nil
}

func (r *registry) loadAccount(ctx context.Context, bare jid.JID) error {
	u := bare.Localpart()
	a := r.addAccount(bare)
	items, ver, err := r.st.Roster(ctx, u)
	if err != nil {
		return err
	}
	a.verEpoch, a.rosterVer = ver.Epoch, ver.Count
	for _, it := range items {
		ri := fromStoreItem(it)
		a.roster[ri.jid] = ri
		a.rosterBytes += itemCost(ri.jid, ri.name, ri.groups)
	}
	pending, err := r.st.PendingRequests(ctx, u)
	if err != nil {
		return err
	}
	for _, p := range pending {
		el, err := unmarshal(p.Stanza)
		if err != nil {
			return fmt.Errorf("request from %s: %w", p.From, err)
		}
		a.pendingIn[p.From] = el
		a.pendingBytes += el.Size() + pendingOverhead
	}
	blocked, err := r.st.BlockList(ctx, u)
	if err != nil {
		return err
	}
	if len(blocked) > 0 {
		a.blocked = make(blockList, len(blocked))
		for _, j := range blocked {
			a.blocked[j] = struct{}{}
		}
		r.blockers.Add(1)
	}
	card, err := r.st.VCard(ctx, u)
	if err != nil {
		return err
	}
	if card != nil {
		if a.vcard, err = unmarshal(card); err != nil {
			return fmt.Errorf("vCard: %w", err)
		}
		a.vcardBytes = len(card)
	}
	// Whether messages wait is learnt at the first availability (one
	// read then, rather than one per account here).
	a.offline = 1
	return nil
}

// errStore answers a request whose change the store refused: nothing
// changed, and the client may try again later.
var errStore = stanza.Error{Type: stanza.Wait, Condition: stanza.InternalServerError, Text: "storage failed"}
