package client

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	ws "github.com/coder/websocket"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/websocket"
)

// startWebSocketServer starts a server for testDomain serving WebSocket on
// addr ("127.0.0.1:0" for any port).
func startWebSocketServer(t *testing.T, addr string) *server.Server {
	t.Helper()
	cert := testCert()
	srv, err := server.New(server.Config{Domain: testDomain, Users: testUsers, Certificate: &cert})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for i := 0; ; i++ { // the port of a server just closed may linger briefly
		err = srv.ListenWebSocket(context.Background(), addr)
		if err == nil || i == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func TestWebSocketReconnect(t *testing.T) {
	srv := startWebSocketServer(t, "127.0.0.1:0")
	addr := srv.WebSocketAddr().String()
	c, _ := newClient(t, "alice", "", Config{WebSocket: &websocket.Dialer{URL: srv.WebSocketURL(), TLSConfig: trusting()}})
	waitFor(t, c, Online)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, Offline)
	startWebSocketServer(t, addr)
	if ev, _ := waitFor(t, c, Online); !ev.Gap {
		t.Errorf("no gap: %+v", ev)
	}
}

// A WebSocket endpoint that closes every stream with see-other-uri: the
// client goes there, still checking the certificate against the domain.
func TestSeeOtherURI(t *testing.T) {
	srv := startWebSocketServer(t, "127.0.0.1:0")
	target := srv.WebSocketURL()
	redirector := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := ws.Accept(w, r, &ws.AcceptOptions{Subprotocols: []string{websocket.Subprotocol}})
		if err != nil {
			return
		}
		defer conn.CloseNow()
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if _, _, err := conn.Read(ctx); err != nil { // <open/>
			return
		}
		_ = conn.Write(ctx, ws.MessageText, []byte(`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='`+testDomain+`' id='r1' version='1.0' xml:lang='en'/>`))
		_ = conn.Write(ctx, ws.MessageText, []byte(`<close xmlns='urn:ietf:params:xml:ns:xmpp-framing' see-other-uri='`+target+`'/>`))
		_, _, _ = conn.Read(ctx) // the client's <close/>, or its end
	}))
	redirector.TLS = &tls.Config{Certificates: []tls.Certificate{testCert()}, NextProtos: []string{"http/1.1"}}
	redirector.StartTLS()
	defer redirector.Close()

	c, _ := newClient(t, "alice", "", Config{WebSocket: &websocket.Dialer{URL: "wss://" + redirector.Listener.Addr().String() + "/ws", TLSConfig: trusting()}})
	ev, seen := waitFor(t, c, Offline)
	if ev.Redirect != target {
		t.Errorf("redirect %+v; events %v", ev, states(seen))
	}
	waitFor(t, c, Online)
}
