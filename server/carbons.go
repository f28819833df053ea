package server

import (
	"context"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/hints"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// carbonsRoutes are the account requests of XEP-0280 §4 and §5: enabling
// and disabling are idempotent (§9).
func (s *Server) carbonsRoutes() mux.Option {
	return mux.Options(
		mux.Set(carbons.EnableName, mux.IQResponderFunc(func(_ context.Context, sess *xmpp.Session, _ *xmpp.Stanza) (xmlstream.Marshaler, error) {
			return nil, s.setCarbons(sess, true)
		})),
		mux.Set(carbons.DisableName, mux.IQResponderFunc(func(_ context.Context, sess *xmpp.Session, _ *xmpp.Stanza) (xmlstream.Marshaler, error) {
			return nil, s.setCarbons(sess, false)
		})),
	)
}

func (s *Server) setCarbons(sess *xmpp.Session, on bool) error {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	res := s.state.sender(sess)
	if res == nil {
		return errGone
	}
	s.state.setCarbonsLocked(res, on)
	return nil
}

// setCarbonsLocked records whether res has carbons enabled, and marks its
// account as one whose messages may have copies (see carbonsMaybe). The
// registry is locked.
func (r *registry) setCarbonsLocked(res *resource, on bool) {
	res.carbons = on
	if a := r.local(res.full); on && a != nil {
		a.setCarbonsMaybe(true)
	}
}

// setCarbonsMaybe sets or clears a.carbonsMaybe, counting the accounts
// that have it set in the registry's copiers. The registry is locked.
func (a *account) setCarbonsMaybe(on bool) {
	switch {
	case on && !a.carbonsMaybe:
		a.reg.copiers++
	case !on && a.carbonsMaybe:
		a.reg.copiers--
	}
	a.carbonsMaybe = on
}

// Payloads that make a message an instant-messaging one (§6.1 rule 3):
// receipts (XEP-0184), chat states (XEP-0085), markers (XEP-0333).
var imNamespaces = []string{"urn:xmpp:receipts", "http://jabber.org/protocol/chatstates", "urn:xmpp:chat-markers:0"}

// nsMUCUser marks a message as coming through a multi-user chat room.
const nsMUCUser = "http://jabber.org/protocol/muc#user"

// carbonEligible applies the rules of XEP-0280 §6.1 to a message routed
// between local accounts, plus §8: <private/> and the XEP-0334 no-copy
// hint each keep a message out. Errors are not copied: the server keeps no
// record of which messages they answer.
func carbonEligible(el *xmlstream.Element, typ stanza.MessageType) bool {
	if carbons.IsPrivate(el) || hints.Has(el, hints.NoCopy) {
		return false
	}
	switch typ {
	case stanza.ChatMessage:
		return true
	case stanza.GroupChatMessage, stanza.ErrorMessage:
		return false
	case stanza.NormalMessage:
		if _, ok := el.Child(el.Name().Space, "body"); ok {
			return true
		}
	}
	for _, ns := range imNamespaces {
		for c := range el.Children() {
			if c.Name().Space == ns {
				return true
			}
		}
	}
	return false
}

// addCarbons adds to out, which holds the deliveries of the original
// message, the copies §6 and §7 ask for: a <sent/> copy to each
// carbons-enabled resource of the sender's account but the sending one,
// and a <received/> copy to each carbons-enabled resource of the
// recipient's account that did not get the message itself. A resource
// gets at most one copy. Copies never bounce to the original sender (§9).
func (s *Server) addCarbons(sess *xmpp.Session, st *xmpp.Stanza, typ stanza.MessageType, out *outbox) {
	if !carbonEligible(st.Element, typ) {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	*out = s.addCarbonsLocked(s.state.sender(sess), st, typ, *out)
}

// addCarbonsLocked is addCarbons for a message sender's resource sent
// (nil if it was replaced or is gone), with the registry locked. It
// returns out with the copies: taken and returned by value, so that an
// outbox on its caller's stack stays there.
func (s *Server) addCarbonsLocked(sender *resource, st *xmpp.Stanza, typ stanza.MessageType, out outbox) outbox {
	if s.state.copiers == 0 {
		return out // no account enabled carbons: none to look up
	}
	from, to := st.Header.From, st.Header.To
	if to.IsZero() {
		to = from.Bare()
	}
	fromAcct, toAcct := s.state.local(from), s.state.local(to)
	if !fromAcct.mayCopy() && !toAcct.mayCopy() {
		return out // no resource of either account enabled carbons
	}
	if !carbonEligible(st.Element, typ) {
		return out
	}
	// A private message from a room occupant (a full JID, with muc#user)
	// is copied by the room itself (§6.1).
	_, fromRoom := st.Element.Child(nsMUCUser, "x")
	// The resources that have a copy already: a few, searched in order.
	var gotBuf [8]*resource
	got := gotBuf[:0]
	for _, d := range out {
		got = append(got, d.res)
	}
	if sender != nil {
		got = append(got, sender)
	}
	// The received copies forward the message as its recipients got it,
	// with the same stanza-id; the sent copies as the sender wrote it.
	// Both without stanza-ids forged in the server's name (stanzaid.go).
	var received xmlstream.Marshaler
	for _, d := range out {
		if _, ok := d.it.m.(*sidStamped); ok {
			received = d.it.m // shared as it is: no copy per message
			break
		}
	}
	var el *xmlstream.Element
	copyTo := func(a *account, dir carbons.Direction) {
		if !a.mayCopy() {
			return
		}
		enabled := false // found again, or cleared for the next message
		for _, res := range a.resources {
			if !res.carbons {
				continue
			}
			enabled = true
			if res.sess == nil || slices.Contains(got, res) {
				continue
			}
			if el == nil {
				el = st.Element.Clone() // shared by the copies in the queues
			}
			got = append(got, res)
			inner := received
			if dir == carbons.Sent || inner == nil {
				sent := stamped{el: el, from: from, lang: st.Header.Lang}
				inner = &sidStamped{msg: sent, domain: s.domain.Domainpart(), addLang: sent.langToAdd()}
			}
			c := carbonCopy{dir: dir, to: res, typ: typ, inner: inner}
			out = append(out, delivery{res: res, it: queued{m: c, size: el.Size() + 3*smallStanza}})
		}
		a.setCarbonsMaybe(enabled)
	}
	copyTo(fromAcct, carbons.Sent)
	if !fromRoom {
		copyTo(toAcct, carbons.Received)
	}
	return out
}

// mayCopy reports whether a resource of a may have carbons enabled; a may
// be nil (not an account of this server).
func (a *account) mayCopy() bool { return a != nil && a.carbonsMaybe }

// carbonCopy is one copy: a message from the account's bare JID to the
// resource, of the original's type, holding <sent/> or <received/> with
// the original forwarded (§6, §7).
type carbonCopy struct {
	dir   carbons.Direction
	to    *resource
	typ   stanza.MessageType
	inner xmlstream.Marshaler // the original, as a *sidStamped
}

func (c carbonCopy) WriteXML(w xmlstream.Encoder) error {
	m := stanza.Message{From: c.to.full.Bare(), To: c.to.full, Type: c.typ}
	if err := m.WriteStart(w); err != nil {
		return err
	}
	name := carbons.ReceivedName
	if c.dir == carbons.Sent {
		name = carbons.SentName
	}
	err := w.Element(name, nil, func(w xmlstream.Encoder) error {
		return w.Element(forward.Name, nil, c.inner.WriteXML)
	})
	if err != nil {
		return err
	}
	return w.End()
}
