// Package mux routes the stanzas a session receives to handlers, by kind
// (message, presence, IQ), type, and payload name and namespace.
//
// A ServeMux is an [xmpp.Handler]. Feature packages plug into it through
// options that their handlers' Handle methods return
// (ping.Handler{}.Handle() returns a mux.Option), so neither the session layer nor the mux imports them.
//
// IQ requests (get and set) that no route matches are answered with
// service-unavailable, as RFC 6120 §8.4 requires; IQ responses that no
// request is waiting for, and unmatched messages and presence, are dropped
// unless a fallback handler is set.
package mux
