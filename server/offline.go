package server

import (
	"errors"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Offline messages (RFC 6121 §8.5.2.2.1 with XEP-0160): a chat or normal
// message for an account with no available resource of non-negative
// priority is kept in the store, within a quota per account
// (Config.MaxOfflineMessages, MaxOfflineBytes), and delivered with a
// XEP-0203 <delay/> (from the server's domain, stamped with when the
// server received it) as soon as a resource of the account becomes
// available with a non-negative priority. A message beyond the quota is
// refused with service-unavailable: XEP-0160 names it for a full offline
// store, and it tells the sender no more than that the message was not
// delivered (the same answer as for an account that does not exist).

// errOfflineRefused is what storeOffline returns for a message it cannot
// keep: not a chat or normal message, no such account, or the quota is
// full.
var errOfflineRefused = errors.New("server: offline message refused")

// storeOffline keeps the message m for the account 'to' names, as
// received at 'received', to be delivered when the user is next
// available; m is the message as it is to be delivered (a client's
// message re-encoded by the server). The store is written without the
// registry's lock (which it takes only around it: never call it holding
// the lock), so that a durable write holds up only its caller. If the
// account has become available meanwhile, what is kept is delivered at
// once, stamped. A caller holding a message whose resource is gone (a
// delivery queue failed, a stream-management session expired with the
// message unacknowledged) tries the account's other resources first, as
// bounce.failed does with redeliveryTarget, and calls this for the rest.
// The error says the message was not kept (errOfflineRefused: not a chat
// or normal message, no such account, or its quota is full; or the
// store's failure): the caller answers the sender with
// service-unavailable, unless the message is of type error.
func (s *Server) storeOffline(to jid.JID, m xmlstream.Marshaler, received time.Time) error {
	return s.storeOfflineExcept(to, m, received, nil)
}

// storeOfflineExcept is storeOffline for a message of the stream of the
// session not, which has just ended: its resource, still there until the
// stream's end is handled, does not take the message back.
func (s *Server) storeOfflineExcept(to jid.JID, m xmlstream.Marshaler, received time.Time, not *xmpp.Session) error {
	b, err := marshal(m)
	if err != nil {
		return err
	}
	if el, err := unmarshal(b); err != nil || !storable(el) {
		// §8.5.2.1.3: headlines are dropped; groupchat and errors are
		// not kept either.
		return errOfflineRefused
	}
	r := s.state
	r.mu.Lock()
	a := r.local(to.Bare())
	r.mu.Unlock()
	if a == nil {
		return errOfflineRefused
	}
	ctx, cancel := storeCtx()
	defer cancel()
	_, err = r.st.PushOffline(ctx, a.bare.Localpart(), store.OfflineMessage{Stamp: received, Stanza: b}, r.lim.offline)
	switch {
	case errors.Is(err, store.ErrQuota):
		r.log.Debug("server: offline storage full", "account", a.bare.String())
		return errOfflineRefused
	case err != nil:
		r.storeFailed("offline message", a, err)
		return err
	}
	r.stored.Add(1)
	var out outbox
	r.mu.Lock()
	a.offline++
	if a.flight.reading > 0 {
		a.flight.storedDuring++ // see offlineFlight.storedDuring
	}
	if res := firstTakerExcept(a, not); res != nil {
		// Available since the message was routed here.
		r.flushOffline(a, res, &out)
	}
	r.mu.Unlock()
	s.send(out)
	return nil
}

// firstTakerExcept returns the available resource of a with the highest
// non-negative priority whose delivery queue is open, or nil, leaving out
// the resource of the session not (a stream that has just ended; nil for
// none). A resource whose stream is kept for XEP-0198 resumption counts,
// after every connected one: it stays available, and its queue keeps what
// it is given for the resumed stream (or, if the stream is not resumed,
// fails it as from a resource that left). Leaving it out would leave a
// message stored offline meanwhile in the store until the account's next
// initial presence, which a resumed stream does not send. The registry
// lock is held.
func firstTakerExcept(a *account, not *xmpp.Session) *resource {
	var best *resource
	bestLive := false
	for _, res := range a.availableResources(true) {
		if not != nil && res.sess == not {
			continue
		}
		open, live := res.q.open()
		if !open {
			continue
		}
		if best == nil || live && !bestLive || live == bestLive && res.priority > best.priority {
			best, bestLive = res, live
		}
	}
	return best
}

// storable reports whether el is a message RFC 6121 §8.5.2.2.1 lets the
// server keep offline: type chat or normal.
func storable(el *xmlstream.Element) bool {
	if el.Name().Local != "message" {
		return false
	}
	switch stanza.MessageType(el.Attr("type")) {
	case "", stanza.NormalMessage, stanza.ChatMessage:
		return true
	}
	return false
}

// offlineDelivery is a stored message as delivered: with a <delay/> from
// the server's domain stamped with when it was received (XEP-0203 §3,
// XEP-0160 §2).
type offlineDelivery struct {
	el    *xmlstream.Element
	stamp time.Time
	by    jid.JID
}

func (m offlineDelivery) WriteXML(w xmlstream.Encoder) error {
	if err := w.StartResolved(m.el.Name(), m.el.Attrs()...); err != nil {
		return err
	}
	if err := writeChildren(w, m.el); err != nil {
		return err
	}
	if err := (delay.Delay{Stamp: m.stamp, From: m.by}).WriteXML(w); err != nil {
		return err
	}
	return w.End()
}

func (m offlineDelivery) charge() int { return m.el.Size() + smallStanza }
