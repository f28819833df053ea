// Package mam implements the client side of XEP-0313 (Message Archive
// Management) version 1.1.3, namespace urn:xmpp:mam:2: querying the
// account's archive and a room's archive with the filters of the data form
// (§4.1) and XEP-0059 paging, and catching up after a reconnect.
//
// The archive answers a query with one <result/> message per archived
// stanza, then the IQ result carrying <fin/>. The messages reach the
// session's handler, not the query, so a [Handler] must be in the
// session's mux: each query registers a collector with it under a fresh
// query id before it sends the IQ, and removes it when the page is read or
// the context ends. Results are accepted only from the archive that was
// queried (§5: the account's bare JID, or no 'from', for the own archive;
// the room's bare JID for a room) and with the query's id; anything else is
// dropped and logged.
//
// The archive side is here too, for any server built on this module:
// [Service] archives what the owner's preferences ([Prefs], §6 of
// urn:xmpp:mam:2) keep and answers queries (with the before-id, after-id
// and ids filters, flipped pages and metadata of urn:xmpp:mam:2#extended),
// over an [Archive] ([MemoryArchive] in memory). Its [Service.Bind2]
// describes the account's archive in Bind 2's <bound/> (XEP-0386), which
// a client reads with [Bind2] and [BoundMetadata].
package mam
