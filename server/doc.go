// Package server is an in-process XMPP server for tests, demos and local
// development: it listens on loopback, negotiates client streams (RFC 6120:
// STARTTLS or direct TLS, SASL with SCRAM, resource binding), routes
// message, presence and IQ stanzas between the accounts it holds in memory
// (RFC 6121 §8.5), keeps their rosters and presence subscriptions (RFC 6121
// §2 and §3, with roster versioning and subscription pre-approval,
// advertised as stream features), broadcasts presence (RFC 6121 §4) and answers ping
// (XEP-0199), service discovery (XEP-0030), software version (XEP-0092) and
// entity time (XEP-0202) itself. It stamps the chat and normal messages it
// delivers to an account with a stanza-id by the account and removes
// stanza-ids a client wrote in its name (XEP-0359 §3). With
// Config.AllowRegistration, clients create accounts in-band before logging
// in, change their password and remove their account (XEP-0077).
//
// Each account is a PEP service (XEP-0163 over XEP-0060, the protocol of
// package pubsub's PEP) whose notifications go to the resources, the
// account's own and its contacts', whose entity capabilities (XEP-0115)
// ask for them; private XML storage (XEP-0049) is kept in it as XEP-0223
// says. Each account has a message archive (XEP-0313, package mam's
// Service) holding the chat and normal messages it sent and received,
// bounded by count and age; both stores can be replaced (Config.PEPStore,
// Config.Archive).
//
// It is built only from the library's public pieces (the xmpp session, mux,
// sasl, stanza and jid packages), so it doubles as a test of the library's
// receiving side. It lives apart from xmpptest, in the high tier, because it
// uses feature packages to answer its own queries; the core packages must
// not depend on those.
//
// What it keeps (accounts with their SCRAM credentials, rosters with their
// versions, pending subscription requests, block lists, vCards, offline
// messages) lives in a store (Config.Store, package server/store): in
// memory by default, lost on Close, or on disk with package
// server/store/sqlite, written before the client is answered. Chat and
// normal messages for an account with no available resource are kept
// offline within a quota and delivered, with a XEP-0203 delay stamp, when
// the user next becomes available (RFC 6121 §8.5.2.2.1, XEP-0160 1.0.1);
// each stays in the store until delivered (acknowledged by a client with
// stream management, written to one without), so that a dropped
// connection or a crash before then loses none.
//
// It is not a production server: there is no server-to-server federation
// (stanzas for other domains get remote-server-not-found), and no privacy
// lists.
//
// Delivery: a sender never waits on another user's connection. Every
// stanza routed to a session (messages, presence broadcasts, roster
// pushes, forwarded IQ requests and their responses) goes through that
// session's delivery queue, bounded in bytes and stanzas
// (Config.DeliveryQueueBytes, DeliveryQueueStanzas) and written by a
// goroutine that exists only while the queue is not empty; a sender that
// finds the queue empty writes the stanza into the session's outbox itself
// when that needs no wait (its write lock free, room in the outbox), and
// starts the goroutine only when it would. What the server
// accepted is delivered or answered: a stanza that does not fit is bounced
// to its sender with resource-constraint (RFC 6120 §8.3.3.18, type wait:
// the recipient is there but busy), and when a session ends, what was still
// queued for it is answered as RFC 6121 §8.5.3.2 says for a resource that
// is not connected (service-unavailable for messages and IQ requests;
// presence, errors and IQ responses are dropped, as the RFCs allow). A
// message that went to several resources is bounced only if no copy was
// written. Without stream management, what was written to a connection
// that then broke is not known to be lost.
//
// Bounds: each session is paced (Config.ShapeRate), must complete a stanza
// within Config.StanzaTimeout, and is pinged (XEP-0199) after
// Config.IdleTimeout of silence and dropped if it does not answer, which
// finds half-open connections within 45 seconds by default. Each account
// has byte budgets for its roster (which keeps a roster result within what
// a client accepts) and its pending subscription requests, and bounds on
// its resources and each resource's directed presence.
//
// Transports: [Server.Listen] serves STARTTLS on plain TCP,
// [Server.ListenDirectTLS] serves TLS from the first byte (XEP-0368), and
// [Server.ListenWebSocket] serves XMPP over WebSocket (RFC 7395) on HTTPS,
// with the XEP-0156 host-meta documents that advertise it. Sessions are
// routed alike whatever their transport. Other transports plug in through
// [Server.ServeTransport], which takes the function that negotiates a
// stream on them (the WebSocket listener uses it too).
//
// Components: [Server.ListenComponents] accepts external components
// (XEP-0114, version 1.6) for the domains of [Config.Components], each
// proving its shared secret; a component speaks for every address at its
// domain. What clients send to such an address goes to the component
// through its own delivery queue, and what it sends is routed as a
// client's stanza would be (RFC 6121 §8.5), IQ requests both ways with
// their responses routed back. [Server.Mount] hosts an xmpp.Handler as a
// component inside the process (over net.Pipe, with the same protocol),
// which is how a service such as multi-user chat is added to the server.
// The server's disco#items lists the components connected (XEP-0030).
//
// Unauthenticated peers are bounded: connections still negotiating are
// capped in total and per source address ([Config.MaxUnauthenticated]),
// each failed login delays its failure reply longer for the same account
// or address, and an accept loop out of descriptors waits and goes on. A
// stanza is relayed only if, re-encoded with the address the server
// vouches for, it fits the element size every client accepts by default;
// otherwise its sender gets policy-violation. [Server.GuardStats] counts
// what was refused.
//
// Instant messaging extensions: the server copies messages to the
// resources that enabled Message Carbons (XEP-0280 §6 and §7: chat, normal
// with a body, and messages with receipts, chat states or markers; never
// groupchat, errors, private messages from room occupants, or messages
// carrying <private/> or the XEP-0334 no-copy hint), and keeps a XEP-0191
// block list per account, pushed to the resources that asked for it and
// enforced both ways (what a blocked address sends is not delivered, what
// is sent to one is refused with not-acceptable and <blocked/>); XEP-0377
// reports attached to a block are accepted and not kept.
//
// Stream management (XEP-0198, package sm): a client may enable it after
// binding, with resumption. When its connection drops without the closing
// tag, its resource stays (present to its contacts) and what is routed to
// it waits in its queue for Config.ResumeWindow; a client of the same
// account that resumes the stream gets, first, what it had not
// acknowledged, then what waited. When the window passes, or the stream
// ends for good, what the client never acknowledged is answered as for a
// resource that is not connected (RFC 6121 §8.5: chat and normal messages
// go to another available resource of the account or to offline storage,
// where offline messages never left, and only when neither takes them
// bounce with service-unavailable), and the resource goes. An IQ request
// forwarded to the client waits for the answer on the resumed session,
// and gets service-unavailable when the resource goes. Presence that
// XEP-0352 held back for an inactive client when its connection dropped
// is sent on the resumed session, which starts active.
package server
