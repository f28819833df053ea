// Package mux routes the stanzas a session receives to handlers, by kind
// (message, presence, IQ), type, and payload name and namespace. It
// implements the routing rules of RFC 6120 §8.4 for IQ requests.
//
// A ServeMux is an [xmpp.Handler]. Feature packages plug into it through
// options that their handlers' Handle methods return
// (ping.Handler{}.Handle() returns a mux.Option), so neither the session
// layer nor the mux imports them.
//
// IQ requests are answered on the reply path: [Get] and [Set] route a
// request by its payload's name to an [IQResponder], which returns the
// payload of the result (or nil for an empty result, or an error for the
// error reply); the mux wraps it in the result, so that no responder
// checks the route again or writes the <iq/> itself.
//
// Message and presence routes follow one rule: [Message] and [Presence]
// match exactly one type (the empty type being the stanza without a type
// attribute: a normal message, available presence), [AnyMessage] and
// [AnyPresence] match every type.
//
// What no route matches: IQ requests (get and set) are answered with
// service-unavailable, as RFC 6120 §8.4 requires; messages, presence,
// non-stanza elements and IQ responses are dropped, unless a [Fallback]
// handler is set. (IQ responses reach a handler at all only when the
// session is configured to deliver the ones no SendIQ waits for; see
// xmpp.Config.DeliverStrayIQResponses.)
package mux
