// Package xmpp implements XMPP sessions (RFC 6120) on both sides of a
// stream: negotiation, sending, IQ tracking and handing received stanzas
// to handlers. It is the middle of Canto: it builds on the low-level
// packages ([github.com/canto-im/xmpp/jid], [github.com/canto-im/xmpp/xmlstream],
// [github.com/canto-im/xmpp/stanza], [github.com/canto-im/xmpp/stream],
// [github.com/canto-im/xmpp/sasl], [github.com/canto-im/xmpp/dial]) and
// imports none of the feature packages, which plug into it.
//
// # Sessions
//
// A [Session] is one negotiated stream. [DialClientSession] connects to a
// JID's server and [NewClientSession] negotiates over a connection of
// yours; [ReceiveClientSession] is the server side of the same
// negotiation; [NewSession] runs a custom one (package
// [github.com/canto-im/xmpp/component] runs XEP-0114 that way). Stream
// features are values, reused by any number of sessions: [StartTLS],
// [SASL] and [SASLServer], [BindResource], [LegacySession], and any other
// [StreamFeature]. Negotiation is secure by default: a client insists on
// TLS, checks the certificate against the JID's domain and prefers SCRAM
// with channel binding; [Config] names the loud exceptions.
//
// Modern login: [SASL2] and [SASL2Server] implement the Extensible SASL
// Profile (XEP-0388 1.0.4), after which the stream goes on without a
// restart; [Bind2] binds the resource inside it (XEP-0386 1.1.0) and
// enables [BindFeature]s; FAST tokens (XEP-0484 0.2.0, [FASTClientStore],
// [FASTServerStore]) log a client in again in one round trip; SCRAM
// upgrade tasks follow XEP-0480 0.2.0 ([ScramUpgrade]); [StreamLimits]
// advertises and honours XEP-0478 0.2.0 limits.
//
// A running session sends with [Session.Send] (any
// [xmlstream.Marshaler]), asks with [Session.SendIQ], which matches the
// answer by id, type and sender, and with [Request], which also finds and
// parses the answer's payload. What the peer sends goes to the
// [Config.Handler], in order, one stanza at a time; a handler may wait in
// SendIQ without holding up the stream. IQ responses no call waits for are
// dropped unless [Config.DeliverStrayIQResponses] is set.
//
// Handlers usually come from package [github.com/canto-im/xmpp/mux], the
// reply path: it routes IQ requests by payload to responders that return
// the result's payload or an error, and routes messages and presence by
// type and payload. Feature packages such as
// [github.com/canto-im/xmpp/ping] and [github.com/canto-im/xmpp/disco]
// give it their routes.
//
// What the session passes to your code is lent until your function
// returns, and what a call returns to you is yours: see [Stanza] for the
// rule and [Stanza.Detach] for keeping a received stanza.
//
// # Beneath the stanzas
//
// The stream seam lets a package take part in a running session without
// editing this one: it attaches per-session state under an [ExtensionKey]
// during negotiation; as a [Receiver] that state sees every top-level
// element received and may take its own, as a [Sender] it sees every
// element sent and may hold some back. Package
// [github.com/canto-im/xmpp/csi] (XEP-0352) is written entirely on it.
//
// Framing belongs to the transport. On a byte stream (TCP, TLS) the
// session writes one XML document; a transport that carries each element
// as a unit of its own implements [ElementTransport], which the session
// detects on the connection it is given, and gets whole elements.
// Package [github.com/canto-im/xmpp/websocket] (RFC 7395) is one.
//
// The package Example negotiates STARTTLS, SASL and resource binding
// between a client and a server over an in-memory connection and sends a
// message; package ping's Example_dial connects to a server found by DNS;
// package [github.com/canto-im/xmpp/xmpptest] gives tests a negotiated pair
// in one call. docs/ARCHITECTURE.md in the repository describes how the
// pieces fit.
package xmpp
