// Package xmpptest is Canto's public test kit, in the spirit of
// net/http/httptest: client and server sessions connected over net.Pipe and
// negotiated for real (optionally with TLS), self-signed certificates,
// in-memory accounts, a scriptable peer for testing one side of a
// negotiation byte by byte, and a goroutine-leak check for TestMain.
package xmpptest
