package interop

import (
	"bufio"
	"crypto/rand"
	"crypto/sha1"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServedEndpoints checks, below the library, that the servers serve
// what the library's future WebSocket and component tests will need: an
// RFC 7395 upgrade with the xmpp subprotocol, and an XEP-0114 handshake
// with the configured secret.
func TestServedEndpoints(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if srv.plainWebSocket() { // Canto serves WebSocket over HTTPS only
			t.Run("WebSocket", func(t *testing.T) { checkWebSocketUpgrade(t, srv, false) })
		}
		t.Run("WebSocketTLS", func(t *testing.T) { checkWebSocketUpgrade(t, srv, true) })
		t.Run("Component", func(t *testing.T) { checkComponentHandshake(t, srv) })
	})
}

// checkWebSocketUpgrade asks for a WebSocket with the xmpp subprotocol,
// over HTTPS (the certificate verified against the domain) or HTTP.
func checkWebSocketUpgrade(t *testing.T, srv *server, overTLS bool) {
	var conn net.Conn
	var err error
	scheme := "http"
	if overTLS {
		scheme = "https"
		d := &tls.Dialer{NetDialer: &net.Dialer{Timeout: testTimeout}, Config: &tls.Config{RootCAs: pki.roots, ServerName: domain}}
		conn, err = d.Dial("tcp", addr(srv.ports.https))
	} else {
		conn, err = net.DialTimeout("tcp", addr(srv.ports.http), testTimeout)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(testTimeout))
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	req, err := http.NewRequest(http.MethodGet, scheme+"://"+domain+srv.f.websocketPath(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = http.Header{
		"Connection": {"Upgrade"}, "Upgrade": {"websocket"}, "Sec-Websocket-Version": {"13"},
		"Sec-Websocket-Key": {base64.StdEncoding.EncodeToString(key)}, "Sec-Websocket-Protocol": {"xmpp"},
	}
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-Websocket-Protocol") != "xmpp" {
		t.Fatalf("upgrade: %s, subprotocol %q; want 101 and xmpp", resp.Status, resp.Header.Get("Sec-Websocket-Protocol"))
	}
}

var streamIDRE = regexp.MustCompile(`<stream:stream [^>]*\bid=['"]([^'"]+)['"]`)

// checkComponentHandshake authenticates as the component (XEP-0114 §3).
func checkComponentHandshake(t *testing.T, srv *server) {
	conn, err := net.DialTimeout("tcp", addr(srv.ports.component), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(testTimeout))
	fmt.Fprintf(conn, "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='component.%s'>", domain)
	got, err := readUntil(conn, func(s string) bool { return streamIDRE.MatchString(s) })
	if err != nil {
		t.Fatalf("no stream header: %v (got %q)", err, got)
	}
	id := streamIDRE.FindStringSubmatch(got)[1]
	sum := sha1.Sum([]byte(id + srv.componentSecret))
	fmt.Fprintf(conn, "<handshake>%s</handshake>", hex.EncodeToString(sum[:]))
	got, err = readUntil(conn, func(s string) bool { return strings.Contains(s, "<handshake") || strings.Contains(s, "error") })
	if err != nil || !strings.Contains(got, "<handshake/>") {
		t.Fatalf("handshake answered %q (%v), want <handshake/>", got, err)
	}
	fmt.Fprint(conn, "</stream:stream>")
}

// readUntil reads from conn until done says what arrived is enough.
func readUntil(conn net.Conn, done func(string) bool) (string, error) {
	var b strings.Builder
	buf := make([]byte, 4096)
	for !done(b.String()) {
		n, err := conn.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String(), err
		}
	}
	return b.String(), nil
}
