package discover

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

const xrdDoc = `<?xml version='1.0' encoding='utf-8'?>
<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
  <Link rel="urn:xmpp:alt-connections:xbosh" href="https://web.example.com:5280/bosh"/>
  <Link rel="urn:xmpp:alt-connections:websocket" href="wss://web.example.com:443/ws"/>
  <Link rel="urn:xmpp:alt-connections:websocket" href="ws://web.example.com/plain"/>
  <Link rel="urn:xmpp:alt-connections:websocket" href="http://web.example.com/ws"/>
  <Link rel="urn:xmpp:alt-connections:websocket" href="https://web.example.com/ws"/>
  <Link rel="urn:xmpp:alt-connections:xbosh" href="http://web.example.com/bosh"/>
  <Link rel="lrdd" href="https://example.com/lrdd"/>
</XRD>`

const jrdDoc = `{
  "links": [
    {"rel": "urn:xmpp:alt-connections:xbosh", "href": "https://web.example.com:5280/bosh"},
    {"rel": "urn:xmpp:alt-connections:websocket", "href": "wss://web.example.com:443/ws"},
    {"rel": "urn:xmpp:alt-connections:websocket", "href": "http://web.example.com/ws"},
    {"rel": "urn:xmpp:alt-connections:xbosh", "href": "http://web.example.com/bosh"}
  ]
}`

var wantEndpoints = Endpoints{
	WebSocket: []string{"wss://web.example.com:443/ws"},
	BOSH:      []string{"https://web.example.com:5280/bosh"},
}

// hostMetaServer starts an HTTPS server whose certificate is valid for
// example.com, and returns a client that reaches it whatever the host name
// of the URL, and trusts its certificate.
func hostMetaServer(t *testing.T, h http.Handler) *http.Client {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	tr := srv.Client().Transport.(*http.Transport).Clone()
	addr := srv.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// documents serves the given bodies by path; other paths are 404.
func documents(docs map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := docs[r.URL.Path]
		if !ok || r.Host != "example.com" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(body))
	})
}

func TestHostMeta(t *testing.T) {
	big := "<XRD>" + strings.Repeat(" ", DefaultHostMetaMaxBytes) + "</XRD>"
	tests := []struct {
		name    string
		docs    map[string]string
		want    Endpoints
		wantErr error
	}{
		{"xrd", map[string]string{"/.well-known/host-meta": xrdDoc}, wantEndpoints, nil},
		{"json", map[string]string{"/.well-known/host-meta.json": jrdDoc}, wantEndpoints, nil},
		{"xrd preferred", map[string]string{"/.well-known/host-meta": xrdDoc, "/.well-known/host-meta.json": `{"links":[]}`}, wantEndpoints, nil},
		{"broken xrd, good json", map[string]string{"/.well-known/host-meta": "<XRD>", "/.well-known/host-meta.json": jrdDoc}, wantEndpoints, nil},
		{"no xmpp links", map[string]string{"/.well-known/host-meta": "<XRD xmlns='" + NSXRD + "'/>"}, Endpoints{}, nil},
		{"not found", nil, Endpoints{}, ErrHTTPStatus},
		{"oversized", map[string]string{"/.well-known/host-meta": big}, Endpoints{}, ErrTooLarge},
		{"malformed", map[string]string{"/.well-known/host-meta": "<XRD>", "/.well-known/host-meta.json": "[]"}, Endpoints{}, ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := hostMetaServer(t, documents(tt.docs))
			got, err := HostMeta(context.Background(), client, "example.com")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !equalEndpoints(got, tt.want) {
				t.Errorf("endpoints = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestBadInput_C18_HostMetaCertificateForOtherName checks that the
// host-meta document is fetched from the XMPP domain and its certificate
// checked against that domain: the test server's certificate is valid for
// example.com only.
func TestBadInput_C18_HostMetaCertificateForOtherName(t *testing.T) {
	client := hostMetaServer(t, documents(map[string]string{"/.well-known/host-meta": xrdDoc}))
	_, err := HostMeta(context.Background(), client, "example.org")
	var hostErr x509.HostnameError
	if !errors.As(err, &hostErr) {
		t.Fatalf("err = %v, want a certificate name error", err)
	}
}

func TestHostMetaOversizedAnnounced(t *testing.T) {
	client := hostMetaServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		_, _ = w.Write([]byte("<XRD>"))
	}))
	_, err := HostMetaLookup{Client: client, MaxBytes: 1000}.Lookup(context.Background(), "example.com")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestHostMetaSlowServerTimesOut(t *testing.T) {
	client := hostMetaServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	start := time.Now()
	_, err := HostMetaLookup{Client: client, Timeout: 200 * time.Millisecond}.Lookup(context.Background(), "example.com")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("lookup took %v despite a 200ms timeout", elapsed)
	}
}

func TestHostMetaRefusesRedirectToHTTP(t *testing.T) {
	client := hostMetaServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://example.com"+r.URL.Path, http.StatusFound)
	}))
	var nextCalled bool
	client.CheckRedirect = func(*http.Request, []*http.Request) error { nextCalled = true; return nil }
	_, err := HostMeta(context.Background(), client, "example.com")
	if !errors.Is(err, ErrInsecureRedirect) {
		t.Fatalf("err = %v, want ErrInsecureRedirect", err)
	}
	if nextCalled {
		t.Error("the caller's redirect policy ran for an insecure redirect")
	}
	if client.CheckRedirect == nil {
		t.Error("the caller's client was modified")
	}
}

func TestHostMetaFollowsHTTPSRedirect(t *testing.T) {
	client := hostMetaServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/host-meta" {
			http.Redirect(w, r, "https://example.com/moved", http.StatusMovedPermanently)
			return
		}
		if r.URL.Path == "/moved" {
			_, _ = w.Write([]byte(xrdDoc))
			return
		}
		http.NotFound(w, r)
	}))
	got, err := HostMeta(context.Background(), client, "example.com")
	if err != nil || !equalEndpoints(got, wantEndpoints) {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestHostMetaBadDomain(t *testing.T) {
	_, err := HostMeta(context.Background(), http.DefaultClient, "exa mple.com")
	if !errors.Is(err, ErrDomain) {
		t.Fatalf("err = %v, want ErrDomain", err)
	}
}

func equalEndpoints(a, b Endpoints) bool {
	return slices.Equal(a.WebSocket, b.WebSocket) && slices.Equal(a.BOSH, b.BOSH)
}
