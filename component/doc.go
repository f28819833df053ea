// Package component connects external components to servers, on both sides
// of XEP-0114 (Jabber Component Protocol).
//
// A component opens a stream in the jabber:component:accept namespace to
// its own domain, and proves that it knows the shared secret by sending
// <handshake/> with the lowercase hex SHA-1 of the stream id followed by the
// secret. The server compares it in constant time and answers <handshake/>
// on success or a not-authorized stream error. After that the stream is an
// ordinary session carrying stanzas to and from the component's domain.
//
// XEP-0114 has no TLS or SASL: run it over loopback or a trusted network.
package component
