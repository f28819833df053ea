// Package ping implements XEP-0199 (XMPP Ping): an IQ get carrying
// <ping xmlns='urn:xmpp:ping'/>, answered by an empty result.
//
// [Send] pings an entity and returns the round-trip time; a [Handler]
// registered with a mux answers pings. Both write their payloads straight
// through the token layer, since pings are on the hot path of keep-alives
// and benchmarks.
//
// XEP-0199 is covered in full: client-to-server, server-to-client,
// server-to-server and end-to-end pings are the same exchange, addressed
// differently. Scheduling periodic pings (keep-alive policy) is left to
// the application.
package ping
