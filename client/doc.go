// Package client keeps an XMPP client connected: it dials, negotiates a
// client stream (RFC 6120), runs the program's handler, keeps the
// connection alive with XEP-0199 pings, and reconnects when the connection
// is lost, until the program's context ends.
//
// A [Client] is built with [New] from an account address and a [Config]
// and runs with [Client.Run]:
//
//	c, err := client.New(addr, client.Config{Password: pw, Handler: mux.New(...)})
//	...
//	err = c.Run(ctx) // returns when ctx ends, or when the client gives up
//
// # Connecting
//
// Each connection is made with [Config.Dial] (package
// [github.com/canto-im/xmpp/dial]: SRV records, direct TLS as XEP-0368
// says, or a fixed address), or over WebSocket (RFC 7395) with
// [Config.WebSocket]. STARTTLS, SASL and resource binding follow as
// [xmpp.NewClientSession] runs them. The certificate is always checked
// against the XMPP domain of the account, on the first connection and on
// every redirected one.
//
// # Keep-alive and dead peers
//
// While online, the client pings its server (XEP-0199) every
// [Config.KeepAlive]. A ping unanswered within [Config.KeepAliveTimeout]
// means the peer, or the path to it, is dead (TCP alone may take many
// minutes to notice): the connection is closed and the client reconnects.
// An error answer proves the server is there and counts as an answer.
//
// # Reconnecting
//
// After losing a session that had lasted 30 seconds or more, the client
// reconnects at once; after a failed attempt, or a session that ended
// sooner (a server that accepts and then drops the client must not be
// hammered), it waits an exponentially growing delay between
// [Config.MinBackoff] and [Config.MaxBackoff], with random jitter (each
// wait is drawn from the upper half of the current step) so that many
// clients of a restarted server do not return in step. It gives up after
// [Config.MaxAttempts] failures in a row or [Config.MaxOffline] offline,
// whichever comes first, and at once on errors that retrying
// cannot cure: failed authentication, a certificate that does not verify
// for the domain, and a conflict stream error (another session took the
// resource; reconnecting would take it back, and the two would evict each
// other for ever).
//
// A see-other-host stream error (RFC 6120 §4.9.3.19) names the host[:port]
// to connect to instead; over WebSocket, a <close/> with see-other-uri
// (RFC 7395 §3.6.1) names the URL. The client follows such a redirect at
// once for the next attempt only, at most [Config.MaxRedirects] times in a
// row and never to a place already visited in the same chain; the
// certificate is still checked against the account's domain, never against
// the redirect's host.
//
// Each Client keeps the keys SCRAM derived from its password in a small
// [github.com/canto-im/xmpp/sasl.SCRAMCache] of its own (a few entries, the least recently used
// dropped), so that logging in again skips PBKDF2; it lives as long as
// the Client.
//
// After a reconnection the resource is bound again and the initial
// presence ([Config.InitialPresence]) is sent again. Unless a [Resumer]
// resumed the previous session, the [Online] event then has Gap set:
// stanzas sent to the account while it was offline may have been lost.
//
// # Events
//
// [Client.Events] reports each state change ([Connecting], [Online],
// [Resumed], [Offline] with its cause, [GaveUp]), which are also logged
// through [Config.Logger]. The client never waits for the program: the
// channel holds the latest 64 events, and when it is full the oldest one is
// dropped; the next event delivered counts the dropped ones in
// [Event.Dropped]. [Client.State] always gives the current state.
//
// # Sending
//
// [Client.Send] and [Client.SendIQ] send on the current session. While the
// client is offline they fail at once with [ErrOffline] rather than queue
// or drop anything silently; [Client.Session] waits until the client is
// online (or ctx ends) and returns the session to use.
//
// # Stream management
//
// Unless [Config.NoStreamManagement] is set, the client enables XEP-0198
// stream management when the server offers it (through an
// [github.com/canto-im/xmpp/sm.Resumer], or [Config.Resumer]). Every stanza
// [Client.Send] accepts is kept until the server acknowledges it; after a
// drop the client resumes the stream, sends again what was not
// acknowledged, and reports [Resumed]. If the stream cannot be resumed, the
// stanzas that may not have arrived are reported in the next [Online]
// event ([Event.Lost]) and to [Config.OnLost]; when Run stops (it gave up,
// or its context ended), those of the last session are reported in the
// [GaveUp] or [Stopped] event and to OnLost. Stopping while online, the
// client first asks the server to acknowledge what it has not
// ([github.com/canto-im/xmpp/sm.Flush], for a bounded time), so that only
// what may really not have arrived is reported. The initial presence is
// left out: each new session sends its own. [Client.SendTracked]
// returns a receipt that tells when the server acknowledged a stanza, or
// that it never will.
//
// An acknowledgement means the server received the stanza (XEP-0198 §4),
// not that its recipient did. A message the server cannot deliver is
// acknowledged, and not reported lost, like any other; the server answers
// it with an error stanza that carries its id (RFC 6120 §8.3), which
// reaches [Config.Handler] like any stanza. [Event.Lost], Config.OnLost
// and SendTracked's receipts are about the way to the server; a program
// that must know about delivery watches for those errors (see the
// example of SendTracked) or asks for XEP-0184 receipts (package
// [github.com/canto-im/xmpp/receipts]).
package client
