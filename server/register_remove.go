package server

import (
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmlstream"
)

// cancelSubscriptions cancels every presence subscription of the account
// user before it is removed in-band (XEP-0077 §3.2: the server "SHOULD
// also cancel all existing presence subscriptions related to that
// entity"): each roster item goes as a roster set with
// subscription='remove' would take it (RFC 6121 §2.5.2, unsubscribe and
// unsubscribed to the contact, who gets unavailable presence from the
// account's available resources), and each request awaiting the user's
// answer is denied. Contacts keep their item, with subscription none,
// as when any contact cancels (§3.2.3, §3.3.3). It returns once the
// contacts' rosters are in the store, and sends what the cancellations
// cause.
func (s *Server) cancelSubscriptions(user string) error {
	var out outbox
	var written *storeWrite
	s.state.mu.Lock()
	if a := s.state.accounts[user]; a != nil {
		before := a.lastWrite
		for _, it := range a.sortedItems() {
			_ = s.state.removeItem(a, it.jid, &out) // the item exists: no error
		}
		askers := make([]jid.JID, 0, len(a.pendingIn))
		for from := range a.pendingIn {
			askers = append(askers, from)
		}
		slices.SortFunc(askers, func(x, y jid.JID) int { return strings.Compare(x.String(), y.String()) })
		for _, from := range askers {
			s.state.unsubscribed(a, from, nil, &out)
		}
		written = a.since(before)
	}
	s.state.mu.Unlock()
	err := written.wait()
	s.send(out)
	return err
}

// deletePEP deletes the nodes of owner's PEP service through the service
// itself, as the owner would, so that its count of the owner's bytes
// (kept across requests) goes back to zero and the interested contacts
// are told each node is gone (XEP-0060 §8.4). A removed account's nodes
// go even when the PEP store is not the Store (Config.PEPStore).
func (s *Server) deletePEP(owner jid.JID) error {
	nodes, err := s.pepKept.Nodes(owner)
	if err != nil {
		return err
	}
	var errs []error
	for _, node := range nodes {
		var b strings.Builder
		b.WriteString("<pubsub xmlns='" + pubsub.NSOwner + "'><delete node='")
		_ = xml.EscapeText(&b, []byte(node)) // a strings.Builder does not fail
		b.WriteString("'/></pubsub>")
		req := new(xmlstream.Element)
		if err := xmlstream.NewDecoder(strings.NewReader(b.String()), xmlstream.Limits{}).ReadElement(req); err != nil {
			errs = append(errs, err)
			continue
		}
		resp, err := s.pep.Serve(pubsub.Request{Owner: owner, Relation: pubsub.Owner, Set: true, Payload: req})
		if err != nil {
			errs = append(errs, fmt.Errorf("PEP node %q: %w", node, err))
			continue
		}
		if resp.Notify != nil {
			s.notifyPEP(owner, *resp.Notify, resp.AccessModel)
		}
	}
	return errors.Join(errs...)
}
