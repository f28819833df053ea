// Package dial opens the transport of an XMPP session: a TCP connection,
// or a direct TLS connection, to the server of a JID's domain.
//
// It follows the resolution process of RFC 6120 §3.2: the SRV records
// _xmpp-client._tcp (or _xmpp-server._tcp for server-to-server) and, per
// XEP-0368, _xmpps-client._tcp (_xmpps-server._tcp) for direct TLS are
// looked up and tried as one record set, ordered by priority and weighted
// at random as RFC 2782 prescribes. A lone record whose target is "." means
// the service is not offered: the dial fails without further attempts. With
// no records at all, the domain itself is tried on port 5222 (5269). Each
// candidate is dialled in turn; a name with several addresses is raced over
// IPv6 and IPv4 by net.Dialer ("happy eyeballs", RFC 8305).
//
// A candidate from an _xmpps- record is dialled with TLS at once (XEP-0368):
// SNI and the certificate check use the JID's domain, in its A-label form,
// never the host the SRV record points to (RFC 7590, RFC 6125: a DNS answer
// proves nothing about who the host is), and ALPN offers "xmpp-client" or
// "xmpp-server". The connection returned is then a *tls.Conn whose
// handshake is done, and the session must not negotiate STARTTLS over it.
// Any other connection is a plain TCP connection on which the session
// negotiates STARTTLS, checking the certificate against the domain in the
// same way.
//
// When every candidate fails, the error is an *Error that lists each
// attempt (address, method, reason).
package dial
