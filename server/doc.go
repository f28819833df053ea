// Package server is an in-process XMPP server for tests, demos and local
// development: it listens on loopback, negotiates client streams (RFC 6120:
// STARTTLS or direct TLS, SASL with SCRAM, resource binding), routes
// message, presence and IQ stanzas between the accounts it holds in memory
// (RFC 6121 §8.5), keeps their rosters and presence subscriptions (RFC 6121
// §2 and §3), broadcasts presence (RFC 6121 §4) and answers ping
// (XEP-0199), service discovery (XEP-0030), software version (XEP-0092) and
// entity time (XEP-0202) itself.
//
// It is built only from the library's public pieces (the xmpp session, mux,
// sasl, stanza and jid packages), so it doubles as a test of the library's
// receiving side. It lives apart from xmpptest, in the high tier, because it
// uses feature packages to answer its own queries; the core packages must
// not depend on those.
//
// It is not a production server: everything lives in memory and is lost on
// Close, there is no server-to-server federation (stanzas for other domains
// get remote-server-not-found), no offline storage (messages to an account
// without an available resource get service-unavailable), and no
// pre-approved subscriptions, roster versioning, privacy lists or stream
// management.
//
// Transports: [Server.Listen] serves STARTTLS on plain TCP,
// [Server.ListenDirectTLS] serves TLS from the first byte (XEP-0368), and
// [Server.ListenWebSocket] serves XMPP over WebSocket (RFC 7395) on HTTPS,
// with the XEP-0156 host-meta documents that advertise it. Sessions are
// routed alike whatever their transport. Other transports plug in through
// [Server.ServeTransport], which takes the function that negotiates a
// stream on them (the WebSocket listener uses it too).
//
// Unauthenticated peers are bounded: connections still negotiating are
// capped in total and per source address ([Config.MaxUnauthenticated]),
// each failed login delays its failure reply longer for the same account
// or address, and an accept loop out of descriptors waits and goes on. A
// stanza is relayed only if, re-encoded with the address the server
// vouches for, it fits the element size every client accepts by default;
// otherwise its sender gets policy-violation. [Server.GuardStats] counts
// what was refused.
package server
