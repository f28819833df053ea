// Package interop tests Canto against three XMPP servers with one table of
// tests: the servers people run, Prosody and ejabberd, from Debian's
// packages, and Canto's own embedded server (package server), run as the
// command-line tool's `xmpp serve`, which the tests build from the module
// and so never skip. Every test runs against each server, all started by
// the tests themselves; what differs between them (the SASL mechanisms and
// channel bindings offered, WebSocket over plain HTTP, which Canto does not
// serve) is an expectation per server, and the services the embedded
// server does not have yet are one list (cantoNotYetServed): against it,
// their tests check instead that it does not claim them.
//
// It checks the client side of RFC 6120 (STARTTLS and direct TLS as in
// XEP-0368, SASL with PLAIN and SCRAM as in RFC 5802 and RFC 7677, -PLUS with
// the tls-unique channel binding of RFC 5929 and, against Canto on TLS 1.3,
// tls-exporter (RFC 9266), resource binding, stream
// errors), the message and IQ routing of RFC 6121 and the roster of RFC 6121
// §2, XMPP Ping (XEP-0199) and Service Discovery (XEP-0030).
//
// The package holds only tests. Each server runs from its own temporary
// directory on free loopback ports with a certificate the tests generate,
// is shared by all the tests that need it, and is stopped by its process id
// when the tests end. Where Prosody or ejabberd is not installed the tests
// skip and name the Debian package to install; when the environment
// variable CI or CANTO_REQUIRE_INTEROP is set they fail instead.
package interop
