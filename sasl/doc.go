// Package sasl implements SASL mechanisms (RFC 4422) for both sides of an
// exchange: PLAIN (RFC 4616), SCRAM-SHA-1, SCRAM-SHA-256 and SCRAM-SHA-512
// with their channel-binding -PLUS forms (RFC 5802, RFC 7677; SHA-512 as
// registered with IANA), EXTERNAL (RFC 4422 Appendix A, XEP-0178) and
// ANONYMOUS (RFC 4505), and the Hashed Token mechanisms HT-SHA-256 and
// HT-SHA-512 with -NONE, -ENDP, -UNIQ and -EXPR of XEP-0484 FAST
// (draft-schmaus-kitten-sasl-ht-09: [NewHTClient], [VerifyHT]).
//
// It knows nothing of XMPP sessions, so any Go program can authenticate with
// it: mechanisms take and return raw bytes (the caller transports them, in
// XMPP base64-encoded inside <auth/>, <challenge/>, <response/> and
// <success/>).
//
// # Channel binding
//
// The caller hands in the connection's [tls.ConnectionState] in a
// [Negotiation] and the mechanism derives the binding data itself:
// tls-exporter (RFC 9266, TLS 1.3 only here), tls-unique (RFC 5929, TLS 1.2
// and below only; TLS 1.3 has none) and tls-server-end-point (RFC 5929; the
// server side needs its own leaf certificate in
// [Negotiation.ServerCertificate]). Servers advertise the types they can
// serve (XEP-0440 1.0.0, urn:xmpp:sasl-cb:0) through [ServerConfig.Advertise].
//
// # Downgrade protection
//
// The client picks the strongest mechanism it can complete (a -PLUS one only
// with binding data of a type the server supports) and sets the GS2 flag as
// RFC 5802 §6 and the business rules of XEP-0440 require. The server refuses
// the "y" flag when it offered a -PLUS mechanism. Both sides implement
// XEP-0474 (SASL SCRAM Downgrade Protection) version 0.5.0 (2025-10-25): the
// server adds the optional SCRAM attribute "h", the base64 hash (with the
// SCRAM hash function) of its sorted mechanism names joined by %x1E, followed,
// when it advertised XEP-0440 channel-binding types, by %x1F and the sorted
// types joined by %x1E (the separators of version 0.4.0 onwards; earlier
// versions used other ones and are not supported). The client recomputes the
// hash from what it saw and fails on a mismatch, so a stripped mechanism or
// channel-binding list is detected; the attribute is covered by the SCRAM
// proofs, so it cannot be removed in transit.
//
// # Strings
//
// Passwords are prepared with the PRECIS OpaqueString profile and usernames
// with UsernameCasePreserved on the client and UsernameCaseMapped on the
// server (RFC 8265, which replaces the SASLprep of RFC 4013 that RFC 4616 and
// RFC 5802 name). Printable ASCII takes a fast path that gives the same
// result.
//
// # Limits
//
// Every message a peer sends is at most [MaxMessageSize] bytes. Inside it:
// usernames and passwords at most 1023 bytes, authorization identities at
// most 3071 bytes (the largest JID), nonces 1 to 1024 characters, salts 1 to
// 512 bytes, ANONYMOUS traces at most 255 characters, SCRAM proofs and
// signatures exactly the hash size. A client accepts iteration counts from
// 4096 (RFC 7677 §4; lower only with [ClientConfig.InsecureLowIterations]) to
// [DefaultMaxIterations]. Anything else fails with a typed error; on the
// server side that error carries the RFC 6120 §6.5 failure condition to send
// ([ConditionOf]).
//
// # Using a mechanism
//
// A client builds a [Client] with [NewClient] (or [NewClientMechanism]),
// sends the result of Start with the mechanism name, answers every challenge
// with Step ([StepContext] to give up at a deadline), and on success calls [Finish] with the success data, which fails
// unless the server proved that it knows the credentials. A server advertises
// what [ServerConfig.Advertise] returns, builds a [Server] with [NewServer]
// for the mechanism the client chose, and calls Step with every client
// message until it reports done; Identity then tells who authenticated.
// Deciding whether that identity may act as the requested authorization
// identity is the caller's job (RFC 6120 §6.4.6).
package sasl
