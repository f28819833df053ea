// Package hashes implements XEP-0300 (Use of Cryptographic Hash Functions
// in XMPP) version 1.0.0, namespace urn:xmpp:hashes:2: the <hash/>
// element carrying a hash value in base64 with the name of its algorithm
// (§3), the <hash-used/> element naming an algorithm without a value, and
// the service discovery features that announce which algorithms an entity
// supports (§4).
//
// Algorithm names are the IANA "Hash Function Textual Names". The
// algorithms computed here are sha-1, sha-256, sha-512, sha3-256 and
// sha3-512 (Go's standard library) and blake2b-256 and blake2b-512
// (golang.org/x/crypto), the ones XEP-0414 recommends. Any other name
// parses and writes, but [Algo.Supported] reports false for it and
// [Hash.Verify] returns [ErrUnsupported].
//
// A hash received from a peer is checked with [Hash.Verify] or [Verify],
// which compare in constant time. When several hashes of the same data
// arrive, XEP-0414 (Cryptographic Hash Function Recommendations) lets a
// receiver use all of them or the strongest; [Verify] checks every one it
// can compute, so a peer cannot pair a good weak hash with a bad strong
// one. sha-1 is computed because older extensions (XEP-0084, XEP-0115)
// name it, but it is not announced ([Features]).
package hashes
