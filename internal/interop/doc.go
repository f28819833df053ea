// Package interop tests Canto against the XMPP servers people run: Prosody
// and ejabberd, from Debian's packages, started by the tests themselves.
//
// It checks the client side of RFC 6120 (STARTTLS and direct TLS as in
// XEP-0368, SASL with PLAIN, SCRAM-SHA-1 and SCRAM-SHA-1-PLUS as in RFC 5802
// with the tls-unique channel binding of RFC 5929, resource binding, stream
// errors), the message and IQ routing of RFC 6121 and the roster of RFC 6121
// §2, XMPP Ping (XEP-0199) and Service Discovery (XEP-0030).
//
// The package holds only tests. Each server runs from its own temporary
// directory on free loopback ports with a certificate the tests generate,
// is shared by all the tests that need it, and is stopped by its process id
// when the tests end. Where a server is not installed the tests skip and
// name the Debian package to install; when the environment variable CI or
// CANTO_REQUIRE_INTEROP is set they fail instead.
package interop
