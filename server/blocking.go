package server

import (
	"context"
	"slices"
	"strings"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// maxBlocked bounds one account's block list: a client cannot grow the
// server's memory without limit (refused with resource-constraint).
const maxBlocked = 1000

// blockList is an account's XEP-0191 block list, guarded by the registry's
// mutex. It lives as long as the account (the block "applies across
// sessions", §3.3).
type blockList map[jid.JID]struct{}

// blocks reports whether l covers addr, by the matching order of §5: the
// full JID, the bare JID, domain/resource, the domain.
func (l blockList) blocks(addr jid.JID) bool {
	if len(l) == 0 || addr.IsZero() {
		return false
	}
	if _, ok := l[addr]; ok {
		return true
	}
	if _, ok := l[addr.Bare()]; ok {
		return true
	}
	if _, ok := l[addr.Domain()]; ok {
		return true
	}
	if addr.Localpart() != "" && addr.Resourcepart() != "" {
		if dr, err := jid.New("", addr.Domainpart(), addr.Resourcepart()); err == nil {
			_, ok := l[dr]
			return ok
		}
	}
	return false
}

// blockingRoutes are the account requests of XEP-0191.
func (s *Server) blockingRoutes() mux.Option {
	return mux.Options(
		mux.Get(blocking.ListName, mux.IQResponderFunc(s.blockListGet)),
		mux.Set(blocking.BlockName, mux.IQResponderFunc(s.blockSet)),
		mux.Set(blocking.UnblockName, mux.IQResponderFunc(s.unblockSet)),
	)
}

// blockListGet answers §3.2 and makes the resource one that gets pushes.
func (s *Server) blockListGet(_ context.Context, sess *xmpp.Session, _ *xmpp.Stanza) (xmlstream.Marshaler, error) {
	var l blocking.BlockList
	s.state.mu.Lock()
	res := s.state.sender(sess)
	if res != nil {
		res.blockPushes = true
		for j := range s.state.local(res.full).blocked {
			l.JIDs = append(l.JIDs, j)
		}
	}
	s.state.mu.Unlock()
	if res == nil {
		return nil, errGone
	}
	slices.SortFunc(l.JIDs, func(a, b jid.JID) int { return strings.Compare(a.String(), b.String()) })
	return l, nil
}

// blockSet answers §3.3: every item is added, or none (bad-request for a
// block without items or with a bad JID). Reports (XEP-0377) change
// nothing here: the server blocks exactly as without them, and keeps no
// record of them.
func (s *Server) blockSet(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(blocking.NS, "block")
	b, err := blocking.ParseBlocked(el)
	if err != nil {
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: err.Error()}
	}
	jids := make([]jid.JID, len(b.Items))
	for i, it := range b.Items {
		jids[i] = it.JID
	}
	return s.changeBlocks(sess, jids, true)
}

// unblockSet answers §3.4 and, without items, §3.5.
func (s *Server) unblockSet(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(blocking.NS, "unblock")
	u, err := blocking.ParseUnblocked(el)
	if err != nil {
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: err.Error()}
	}
	return s.changeBlocks(sess, u.JIDs, false)
}

// changeBlocks adds (block) or removes jids (all of them for an empty
// unblock) and pushes the change to the resources that asked for the list.
func (s *Server) changeBlocks(sess *xmpp.Session, jids []jid.JID, block bool) (xmlstream.Marshaler, error) {
	var out outbox
	var written *storeWrite
	s.state.mu.Lock()
	res := s.state.sender(sess)
	var err error
	if res != nil {
		a := s.state.local(res.full)
		before := a.lastWrite
		err = s.state.changeBlocksLocked(a, jids, block, &out)
		written = a.since(before)
	}
	s.state.mu.Unlock()
	if res == nil {
		return nil, errGone
	}
	if err != nil {
		return nil, err
	}
	// The pushes and the result wait for the store, outside the lock.
	werr := written.wait()
	// The pushes go out before the result the mux writes on return.
	s.send(out)
	if werr != nil {
		return nil, errStore
	}
	return nil, nil
}

func (r *registry) changeBlocksLocked(a *account, jids []jid.JID, block bool, out *outbox) error {
	before := len(a.blocked)
	changed := jids
	if !block && len(jids) == 0 {
		for j := range a.blocked {
			changed = append(changed, j)
		}
	}
	if block {
		added := 0
		for _, j := range jids {
			if _, ok := a.blocked[j]; !ok {
				added++
			}
		}
		if len(a.blocked)+added > maxBlocked {
			return stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "block list full"}
		}
	}
	if err := r.persistBlocks(a, jids, block); err != nil {
		return err
	}
	switch {
	case block:
		if a.blocked == nil {
			a.blocked = make(blockList)
		}
		for _, j := range jids {
			a.blocked[j] = struct{}{}
		}
	case len(jids) == 0:
		a.blocked = nil
	default:
		for _, j := range jids {
			delete(a.blocked, j)
		}
	}
	switch {
	case before == 0 && len(a.blocked) > 0:
		r.blockers.Add(1)
	case before > 0 && len(a.blocked) == 0:
		r.blockers.Add(-1)
	}
	r.presenceOnBlock(a, changed, block, out)
	var payload xmlstream.Marshaler = blocking.Unblocked{JIDs: jids}
	if block {
		items := make([]blocking.Item, len(jids))
		for i, j := range jids {
			items[i].JID = j // reports are the server's, not pushed
		}
		payload = blocking.Blocked{Items: items}
	}
	for _, res := range a.resources {
		if res.blockPushes {
			// Like roster pushes: no 'from', which means the account.
			out.add(res, stanza.IQ{ID: stanza.NewID(), To: res.full, Type: stanza.SetIQ}.Wrap(payload))
		}
	}
	return nil
}

// enforceBlocks applies §3.3 to a stanza a client sent, before it is
// routed: one to an address the sender's account blocks is refused with
// not-acceptable and <blocked/>; one from an address the recipient's
// account blocks is not delivered (messages and IQ requests get
// service-unavailable, as if the user were offline; presence and
// responses are dropped without a word). It reports whether it dealt with
// the stanza, and the error for the session to answer an IQ with.
func (s *Server) enforceBlocks(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (bool, error) {
	if s.state.blockers.Load() == 0 {
		return false, nil
	}
	from, to := st.Header.From, st.Header.To
	if to.IsZero() || to.Bare() == from.Bare() {
		// The server itself, or the user's own resources, which are
		// never blocked (XEP-0191 §4).
		return false, nil
	}
	if rt := s.routeOf(to); rt == toServer || rt == toNowhere {
		return false, nil
	}
	s.state.mu.Lock()
	var outbound, inbound bool
	if a := s.state.local(from); a != nil {
		outbound = a.blocked.blocks(to)
	}
	if a := s.state.local(to); a != nil && !outbound {
		inbound = a.blocked.blocks(from)
	}
	s.state.mu.Unlock()
	if !outbound && !inbound {
		return false, nil
	}
	h := st.Header
	isRequest := h.Kind == stanza.KindIQ && h.IQType().IsRequest()
	if outbound {
		if isRequest {
			return true, blocking.BlockedError()
		}
		if h.Kind != stanza.KindIQ && !h.IsError() {
			se := blocking.BlockedError()
			if err := sess.Send(ctx, replyTo(st.Element, to, from, se)); err != nil {
				s.log.Debug("server: sending blocked error", "err", err)
			}
		}
		return true, nil
	}
	switch {
	case isRequest:
		return true, stanza.NewError(stanza.ServiceUnavailable)
	case h.Kind == stanza.KindMessage:
		s.replyError(ctx, sess, st, to, stanza.ServiceUnavailable)
	}
	return true, nil
}

// filterBlocked drops from o what the server routes between a blocked
// address and the account that blocked it without the stanza naming the
// other side: presence broadcasts, probes answered, messages to a bare
// JID's resources. Only re-encoded client stanzas carry their sender here;
// the server's own stanzas pass.
func (s *Server) filterBlocked(o outbox) outbox {
	if s.state.blockers.Load() == 0 || len(o) == 0 {
		return o
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	kept := o[:0]
	for _, d := range o {
		if from, ok := senderOf(d.it.m); ok && d.res != nil && s.state.blockedBetween(from, d.res.full) {
			continue
		}
		kept = append(kept, d)
	}
	return kept
}

// blockedBetween reports whether either side's account blocks the other.
func (r *registry) blockedBetween(from, to jid.JID) bool {
	if from.Bare() == to.Bare() {
		return false
	}
	if a := r.local(to); a != nil && a.blocked.blocks(from) {
		return true
	}
	a := r.local(from)
	return a != nil && a.blocked.blocks(to)
}

// presenceOnBlock tells the contacts allowed to see the user's presence
// (subscription from or both) and covered by changed what §3.3 and §3.4
// ask: on a block, that each available resource of the user went
// unavailable; on an unblock, the resources' current presence.
func (r *registry) presenceOnBlock(a *account, changed []jid.JID, block bool, out *outbox) {
	mine := a.availableResources(false)
	if len(mine) == 0 || len(changed) == 0 {
		return
	}
	for c, item := range a.roster {
		ca := r.local(c)
		if ca == nil || ca == a || !item.sub.hasFrom() {
			continue
		}
		for _, cres := range ca.availableResources(false) {
			if !slices.ContainsFunc(changed, func(j jid.JID) bool { return blocking.Matches(j, cres.full) }) {
				continue
			}
			for _, res := range mine {
				if block {
					out.add(cres, presenceOf(res.full, cres.full, stanza.UnavailablePresence))
				} else {
					out.add(cres, stamped{el: res.presence, from: res.full, to: cres.full})
				}
			}
		}
	}
}

// senderOf returns the sender of a re-encoded client stanza.
func senderOf(m xmlstream.Marshaler) (jid.JID, bool) {
	switch m := m.(type) {
	case stamped:
		return m.from, true
	case *sidStamped:
		return m.msg.from, true
	}
	return jid.JID{}, false
}

// persistBlocks adds a change of a's block list to the journal; the
// handler answers once it committed (internal-server-error if the store
// refused it: the change stays in memory, and a retry is harmless). The
// registry lock is held.
func (r *registry) persistBlocks(a *account, jids []jid.JID, block bool) error {
	user := a.bare.Localpart()
	jids = slices.Clone(jids)
	r.write(a, "block list", func(ctx context.Context, st store.Store) error {
		if block {
			return st.Block(ctx, user, jids)
		}
		return st.Unblock(ctx, user, jids)
	})
	return nil
}
