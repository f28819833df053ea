package presence

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ErrNoJID refuses a subscription request or answer without an address.
var ErrNoJID = errors.New("presence: subscription stanza without a contact")

// Available sends p as the account's available presence: broadcast by the
// server to the contacts subscribed to it when p has no To (RFC 6121 §4.2,
// §4.4), directed to one entity otherwise (§4.6). p's type is forced to
// available.
func Available(ctx context.Context, s *xmpp.Session, p Presence) error {
	p.Header.Type = stanza.AvailablePresence
	return s.Send(ctx, p)
}

// Unavailable ends the account's availability, with an optional status per
// language (RFC 6121 §4.5); to a single entity when to is not zero (§4.6).
func Unavailable(ctx context.Context, s *xmpp.Session, to jid.JID, status ...Status) error {
	return s.Send(ctx, Presence{Header: stanza.Presence{To: to, Type: stanza.UnavailablePresence}, Status: status})
}

// Directed sends the available presence p to the entity to only (RFC 6121
// §4.6), such as a chat room or a contact without a subscription.
func Directed(ctx context.Context, s *xmpp.Session, to jid.JID, p Presence) error {
	if to.IsZero() {
		return ErrNoJID
	}
	p.Header.To = to
	return Available(ctx, s, p)
}

// Subscribe asks the contact for a subscription to its presence (RFC 6121
// §3.1). The request goes to the contact's bare JID; the server adds the
// contact to the roster with ask='subscribe' if it was not there.
func Subscribe(ctx context.Context, s *xmpp.Session, contact jid.JID) error {
	return sendType(ctx, s, contact, stanza.SubscribePresence)
}

// Approve approves the contact's subscription request (RFC 6121 §3.1.4):
// the contact will see the account's presence.
func Approve(ctx context.Context, s *xmpp.Session, contact jid.JID) error {
	return sendType(ctx, s, contact, stanza.SubscribedPresence)
}

// Deny refuses the contact's subscription request (RFC 6121 §3.1.4).
func Deny(ctx context.Context, s *xmpp.Session, contact jid.JID) error {
	return sendType(ctx, s, contact, stanza.UnsubscribedPresence)
}

// Cancel cancels the subscription the contact has to the account's
// presence (RFC 6121 §3.2). On the wire it is what Deny sends; the name
// says which situation the caller is in.
func Cancel(ctx context.Context, s *xmpp.Session, contact jid.JID) error {
	return sendType(ctx, s, contact, stanza.UnsubscribedPresence)
}

// Unsubscribe ends the account's subscription to the contact's presence
// (RFC 6121 §3.3).
func Unsubscribe(ctx context.Context, s *xmpp.Session, contact jid.JID) error {
	return sendType(ctx, s, contact, stanza.UnsubscribePresence)
}

// sendType sends a subscription stanza to the contact's bare JID (RFC 6121
// §3.1.1: subscriptions are between accounts, not resources).
func sendType(ctx context.Context, s *xmpp.Session, contact jid.JID, typ stanza.PresenceType) error {
	if contact.IsZero() {
		return ErrNoJID
	}
	h := stanza.Presence{To: contact.Bare(), Type: typ}
	return s.Send(ctx, xmlstream.MarshalerFunc(h.WriteEmpty))
}
