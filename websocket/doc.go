// Package websocket carries XMPP streams over WebSocket (RFC 7395), on both
// sides, on top of github.com/coder/websocket.
//
// The WebSocket subprotocol is "xmpp"; each WebSocket text message holds one
// complete XML element; streams open with <open/> and end with <close/>
// (urn:ietf:params:xml:ns:xmpp-framing); there is no STARTTLS (TLS is the
// WebSocket's, wss://) and SASL success is followed by a new <open/>.
// [Conn] is an [xmpp.ElementTransport]: the session hands it each element
// whole and checks that every message it receives holds exactly one; the
// framing elements are Conn's.
//
// A client finds the endpoint with XEP-0156 when no URL is given, and always
// verifies the server's certificate against the XMPP domain, never against
// the host of a discovered URL (RFC 7590; trusting the discovered host was
// CVE-2022-24968). The server
// side is an [http.Handler] that hands every negotiated stream to the
// application.
package websocket
