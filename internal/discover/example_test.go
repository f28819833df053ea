package discover_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"

	"github.com/canto-im/xmpp/internal/discover"
)

// staticResolver answers SRV queries from a map; a missing name is NXDOMAIN.
type staticResolver map[string][]*net.SRV

func (s staticResolver) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := "_" + service + "._" + proto + "." + name
	recs, ok := s[key]
	if !ok {
		return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
	}
	return key, recs, nil
}

func ExampleLookupXMPP() {
	r := staticResolver{
		"_xmpps-client._tcp.example.com": {{Target: "tls.example.com.", Port: 443, Priority: 5}},
		"_xmpp-client._tcp.example.com": {
			{Target: "backup.example.com.", Port: 5222, Priority: 10},
			{Target: "xmpp.example.com.", Port: 5222, Priority: 0},
		},
	}
	targets, err := discover.LookupXMPP(context.Background(), r, "example.com", nil,
		discover.ClientDirectTLS, discover.ClientStartTLS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range targets {
		fmt.Println(t.Host, t.Port, t.DirectTLS)
	}
	// Output:
	// xmpp.example.com 5222 false
	// tls.example.com 443 true
	// backup.example.com 5222 false
}

func ExampleLookupXMPP_noService() {
	r := staticResolver{"_xmpp-client._tcp.example.com": {{Target: "."}}}
	_, err := discover.LookupXMPP(context.Background(), r, "example.com", nil, discover.ClientStartTLS)
	fmt.Println(errors.Is(err, discover.ErrNoService), errors.Is(err, discover.ErrNoRecords))
	// Output:
	// true false
}

func ExampleOrder() {
	targets := []discover.Target{
		{Host: "c.example", Priority: 20},
		{Host: "a.example", Priority: 0, Weight: 10},
		{Host: "b.example", Priority: 10},
	}
	for _, t := range discover.Order(targets, nil) {
		fmt.Println(t.Host)
	}
	// Output:
	// a.example
	// b.example
	// c.example
}

func ExampleHostMeta() {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/host-meta" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
  <Link rel='urn:xmpp:alt-connections:websocket' href='wss://example.com/xmpp-websocket'/>
  <Link rel='urn:xmpp:alt-connections:websocket' href='ws://example.com/insecure'/>
  <Link rel='urn:xmpp:alt-connections:xbosh' href='https://example.com/http-bind'/>
</XRD>`)
	}))
	defer srv.Close()
	// The test server's certificate is valid for example.com; send every
	// request to it.
	tr := srv.Client().Transport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}

	eps, err := discover.HostMeta(context.Background(), &http.Client{Transport: tr}, "example.com")
	fmt.Println(eps.WebSocket, eps.BOSH, err)
	// Output:
	// [wss://example.com/xmpp-websocket] [https://example.com/http-bind] <nil>
}
