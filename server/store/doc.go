// Package store defines what the embedded XMPP server (package server)
// keeps across restarts, as a set of small interfaces, one per kind of
// data, composed into [Store]: accounts with their SCRAM credentials
// (RFC 5802; passwords are never stored), rosters with their versions
// (RFC 6121 §2, §2.6), subscription requests not yet answered (RFC 6121
// §3.1.3), block lists (XEP-0191 1.3), vCards (XEP-0054 1.2) and offline
// messages (RFC 6121 §8.5.2, XEP-0160 1.0.1).
//
// A server author implements Store to keep the server's data elsewhere;
// package storetest checks an implementation against the behaviour the
// server relies on. [NewMemory] keeps everything in memory (the server's
// default); package store/sqlite keeps it in an SQLite database on disk.
//
// Every method is one transaction: when it returns nil, the change is
// complete (and, for a durable store, survives a crash); when it returns
// an error, nothing changed. Stanzas are kept as the XML the server wrote
// (one element, namespaces declared): a store treats them as opaque bytes.
// Methods about an account that does not exist return [ErrNotFound],
// except the reads, which return nothing.
//
// Later kinds of data (PEP nodes, archives, rooms) are added as further
// interfaces beside these, not as changes to them.
package store
