package server_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/internal/discover"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/websocket"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// newWebSocketServer is newServer with a WebSocket listener too.
func newWebSocketServer(t testing.TB, cfg server.Config) *server.Server {
	t.Helper()
	srv := newServer(t, cfg)
	if err := srv.ListenWebSocket(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return srv
}

// loginWebSocket is login over WebSocket at the server's URL.
func loginWebSocket(t testing.TB, srv *server.Server, user, resource string) *client {
	t.Helper()
	d := websocket.Dialer{URL: srv.WebSocketURL(), TLSConfig: &tls.Config{RootCAs: srv.CertPool()}}
	c, err := tryLoginWith(d, srv, user, resource)
	if err != nil {
		t.Fatalf("login %s/%s over WebSocket: %v", user, resource, err)
	}
	c.t = t
	t.Cleanup(c.close)
	return c
}

func tryLoginWith(d websocket.Dialer, srv *server.Server, user, resource string) (*client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	j, err := jid.New(user, srv.Domain().Domainpart(), resource)
	if err != nil {
		return nil, err
	}
	c := &client{in: make(chan *xmlstream.Element, 256)}
	c.sess, err = d.NewClientSession(ctx, j, xmpp.Config{Handler: xmpp.HandlerFunc(c.record)},
		xmpp.SASL("", testUsers[user]), xmpp.BindResource())
	if err != nil {
		return nil, err
	}
	c.jid = c.sess.LocalAddr()
	return c, nil
}

// TestWebSocketRouting has a WebSocket client and a TCP client exchange
// messages, presence and an IQ through the server.
func TestWebSocketRouting(t *testing.T) {
	srv := newWebSocketServer(t, server.Config{})
	web := loginWebSocket(t, srv, "alice", "browser")
	tcp := login(t, srv, "bob", "desk")
	if !web.sess.State().Has(xmpp.Secure) || web.sess.TLSState() == nil {
		t.Errorf("the WebSocket session is not secure: state %b", web.sess.State())
	}
	web.online()
	tcp.online()

	tcp.send("<message to='alice@example.test' type='chat' id='m1'><body>to the browser</body></message>")
	web.expect("<message", "from='bob@example.test/desk'", "id='m1'", "<body>to the browser</body>")
	web.send("<message to='bob@example.test/desk' type='chat' id='m2'><body>from the browser</body></message>")
	tcp.expect("<message", "from='alice@example.test/browser'", "id='m2'", "<body>from the browser</body>")

	if _, err := tcp.iq("get", "alice@example.test/browser", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Errorf("ping from TCP to WebSocket: %v", err)
	}
	if _, err := web.iq("get", "bob@example.test/desk", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Errorf("ping from WebSocket to TCP: %v", err)
	}
	if _, err := web.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Errorf("ping to the server over WebSocket: %v", err)
	}

	// Directed presence, then leaving: the recipient learns it, as from
	// any session (RFC 6121 §4.6.3).
	web.send("<presence to='bob@example.test/desk'/>")
	tcp.expect("<presence", "from='alice@example.test/browser'")
	web.close()
	tcp.expect("<presence", "from='alice@example.test/browser'", "type='unavailable'")
}

// TestWebSocketConflict replaces a WebSocket session with a TCP one: the
// WebSocket session ends with a conflict stream error.
func TestWebSocketConflict(t *testing.T) {
	srv := newWebSocketServer(t, server.Config{})
	first := loginWebSocket(t, srv, "alice", "phone")
	login(t, srv, "alice", "phone")
	select {
	case <-first.sess.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the replaced WebSocket session is still open")
	}
	if err := first.sess.Err(); !errors.Is(err, stream.Conflict) {
		t.Errorf("replaced session ended with %v, want conflict", err)
	}
}

// TestWebSocketClose closes the server under a WebSocket session, which
// ends with system-shutdown.
func TestWebSocketClose(t *testing.T) {
	srv := newWebSocketServer(t, server.Config{})
	c := loginWebSocket(t, srv, "carol", "")
	// A round trip: the server has finished negotiating (a shutdown during
	// negotiation just drops the connection).
	if _, err := c.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.sess.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the WebSocket session outlived the server")
	}
	if err := c.sess.Err(); !errors.Is(err, stream.SystemShutdown) {
		t.Errorf("session ended with %v, want system-shutdown", err)
	}
	if err := srv.ListenWebSocket(context.Background(), "127.0.0.1:0"); !errors.Is(err, server.ErrClosed) {
		t.Errorf("ListenWebSocket after Close: %v, want ErrClosed", err)
	}
}

// httpsClient trusts the server and sends every request to its WebSocket
// listener, whatever the host, as DNS for the domain would.
func httpsClient(srv *server.Server) *http.Client {
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: srv.CertPool()},
		DialContext:       listenerDialer{srv.WebSocketAddr().String()}.DialContext,
		DisableKeepAlives: true,
	}}
}

type listenerDialer struct{ addr string }

func (d listenerDialer) DialContext(ctx context.Context, network, _ string) (net.Conn, error) {
	var nd net.Dialer
	return nd.DialContext(ctx, network, d.addr)
}

// TestWebSocketHostMeta reads both host-meta documents (XEP-0156), and
// lets a Dialer with no URL discover the endpoint and log in.
func TestWebSocketHostMeta(t *testing.T) {
	srv := newWebSocketServer(t, server.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hc := httpsClient(srv)
	eps, err := discover.HostMeta(ctx, hc, "example.test")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"wss://example.test/xmpp-websocket"}; len(eps.WebSocket) != 1 || eps.WebSocket[0] != want[0] {
		t.Errorf("host-meta endpoints %v, want %v", eps.WebSocket, want)
	}

	resp, err := hc.Get("https://example.test:5443/.well-known/host-meta.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Links []struct{ Rel, Href string } }
	err = json.NewDecoder(resp.Body).Decode(&doc)
	_ = resp.Body.Close()
	if err != nil || len(doc.Links) != 1 || doc.Links[0].Href != "wss://example.test:5443/xmpp-websocket" ||
		doc.Links[0].Rel != "urn:xmpp:alt-connections:websocket" || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("host-meta.json: %+v, %v, headers %v", doc, err, resp.Header)
	}

	d := websocket.Dialer{TLSConfig: &tls.Config{RootCAs: srv.CertPool()}, NetDialer: listenerDialer{srv.WebSocketAddr().String()}}
	c, err := tryLoginWith(d, srv, "bob", "found")
	if err != nil {
		t.Fatalf("login with discovery: %v", err)
	}
	c.t = t
	defer c.close()
	if _, err := c.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Errorf("ping: %v", err)
	}
}

// TestWebSocketHTTPErrors sends requests that are not XMPP over WebSocket.
func TestWebSocketHTTPErrors(t *testing.T) {
	srv := newWebSocketServer(t, server.Config{})
	hc := httpsClient(srv)
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/xmpp-websocket", http.StatusUpgradeRequired},
		{"POST", "/.well-known/host-meta", http.StatusMethodNotAllowed},
		{"GET", "/elsewhere", http.StatusNotFound},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, "https://example.test"+tt.path, strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: %s, want %d", tt.method, tt.path, resp.Status, tt.status)
		}
	}
	// The server still serves WebSocket sessions afterwards.
	loginWebSocket(t, srv, "alice", "")
}

// TestWebSocketWrongPassword checks that a failed login over WebSocket
// frees nothing it should not and leaves the server working.
func TestWebSocketWrongPassword(t *testing.T) {
	srv := newWebSocketServer(t, server.Config{})
	d := websocket.Dialer{URL: srv.WebSocketURL(), TLSConfig: &tls.Config{RootCAs: srv.CertPool()}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := d.NewClientSession(ctx, jid.MustParse("alice@example.test"), xmpp.Config{}, xmpp.SASL("", "wrong"), xmpp.BindResource())
	if err == nil || !strings.Contains(err.Error(), "not-authorized") {
		t.Fatalf("err = %v, want not-authorized", err)
	}
	loginWebSocket(t, srv, "alice", "")
}

func TestWebSocketURL(t *testing.T) {
	srv := newServer(t, server.Config{})
	if u := srv.WebSocketURL(); u != "" || srv.WebSocketAddr() != nil {
		t.Errorf("no WebSocket listener, yet URL %q", u)
	}
	if err := srv.ListenWebSocket(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if want := "wss://" + srv.WebSocketAddr().String() + "/xmpp-websocket"; srv.WebSocketURL() != want {
		t.Errorf("URL %q, want %q", srv.WebSocketURL(), want)
	}
	if err := srv.ListenWebSocket(context.Background(), "256.0.0.1:1"); err == nil {
		t.Error("listening on a bad address succeeded")
	}
}

// stallDialer dials the WebSocket listener and keeps the connection, so
// that the test can stop reading from it.
type stallDialer struct {
	addr string
	conn chan *stallConn
}

func (d stallDialer) DialContext(ctx context.Context, network, _ string) (net.Conn, error) {
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, d.addr)
	if err != nil {
		return nil, err
	}
	sc := &stallConn{Conn: c}
	d.conn <- sc
	return sc, nil
}

// TestBadInput_D26_StalledWebSocketReader: a WebSocket client that stops
// reading loses its connection after the write timeout, like a TCP one;
// senders are not held up for longer.
func TestBadInput_D26_StalledWebSocketReader(t *testing.T) {
	// The sender is not paced (ShapeRate): it must fill the socket buffers
	// quickly for the stall to show.
	srv := newWebSocketServer(t, server.Config{WriteTimeout: 300 * time.Millisecond, ShapeRate: 1 << 30, ShapeBurst: 1 << 30})
	sd := stallDialer{addr: srv.WebSocketAddr().String(), conn: make(chan *stallConn, 1)}
	d := websocket.Dialer{URL: srv.WebSocketURL(), TLSConfig: &tls.Config{RootCAs: srv.CertPool()}, NetDialer: sd}
	stalled, err := tryLoginWith(d, srv, "bob", "stalled")
	if err != nil {
		t.Fatal(err)
	}
	stalled.t = t
	t.Cleanup(stalled.close)
	stalled.conn = <-sd.conn
	stalled.stallReads()
	defer stalled.resumeReads()
	alice := login(t, srv, "alice", "phone")
	body := strings.Repeat("x", 32<<10)
	// The limit only catches a server that never drops the stalled
	// client: it allows for -race beside a build on 2 cores, where a
	// limit of 20 s was once too short.
	deadline := time.Now().Add(45 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatal("the stalled client is still connected")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := alice.sess.Send(ctx, xmpptest.ElementIn(t, "jabber:client", "<message id='m' to='bob@example.test/stalled'><body>"+body+"</body></message>"))
		cancel()
		if err != nil {
			t.Fatalf("the sender was held up: %v", err)
		}
		select {
		case el := <-alice.in:
			if strings.Contains(serialise(el), "service-unavailable") {
				return
			}
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestWebSocketHostMetaEscapesHost sends a Host header with characters
// that HTTP allows and XML does not take as they are: the XRD stays well
// formed and carries the host unchanged.
func TestWebSocketHostMetaEscapesHost(t *testing.T) {
	srv := newWebSocketServer(t, server.Config{})
	req, err := http.NewRequest(http.MethodGet, "https://example.test/.well-known/host-meta", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "a'&b"
	resp, err := httpsClient(srv).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var xrd struct {
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"Link"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&xrd); err != nil {
		t.Fatalf("the XRD is not well formed: %v", err)
	}
	if len(xrd.Links) != 1 || xrd.Links[0].Href != "wss://a'&b/xmpp-websocket" {
		t.Errorf("links %+v", xrd.Links)
	}
}
