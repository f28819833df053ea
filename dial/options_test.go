package dial

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"testing"

	"github.com/canto-im/xmpp/jid"
)

func TestDialOptions(t *testing.T) {
	s := startServer(t, nil)
	anything := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpps-client._tcp.example.com": {srv("tls.example.com.", 5223, 0)},
		"_xmpp-client._tcp.example.com":  {srv("tcp.example.com.", 5222, 1)},
	}}
	tests := []struct {
		name    string
		d       Dialer
		jid     string
		dialled []string // the addresses dialled, in order
		refuse  bool     // refuse them instead of reaching the server
		queried []string // the SRV names queried, in any order
		wantErr error
	}{
		{"no lookup", Dialer{NoLookup: true}, "example.com", []string{"example.com:5222"}, false, nil, nil},
		{"ip domain", Dialer{}, "192.0.2.7", []string{"192.0.2.7:5222"}, false, nil, nil},
		{"ipv6 domain", Dialer{}, "[2001:db8::7]", []string{"[2001:db8::7]:5222"}, false, nil, nil},
		{"address", Dialer{Address: "xmpp.example.org:5999"}, "example.com", []string{"xmpp.example.org:5999"}, false, nil, nil},
		{"no direct TLS", Dialer{NoDirectTLS: true}, "example.com", []string{"tcp.example.com:5222"}, false,
			[]string{"_xmpp-client._tcp.example.com"}, nil},
		{"direct TLS only, refused: no fallback", Dialer{DirectTLS: true}, "example.com", []string{"tls.example.com:5223"}, true,
			[]string{"_xmpps-client._tcp.example.com"}, ErrUnreachable},
		{"direct TLS only, no records: no fallback", Dialer{DirectTLS: true}, "example.net", nil, false,
			[]string{"_xmpps-client._tcp.example.net"}, ErrUnreachable},
		{"idn", Dialer{}, "bücher.example", []string{"xn--bcher-kva.example:5222"}, false,
			[]string{"_xmpps-client._tcp.xn--bcher-kva.example", "_xmpp-client._tcp.xn--bcher-kva.example"}, nil},
		{"conflict", Dialer{DirectTLS: true, NoDirectTLS: true}, "example.com", nil, false, nil, ErrOptions},
		{"direct TLS without port", Dialer{DirectTLS: true, NoLookup: true}, "example.com", nil, false, nil, ErrOptions},
		{"direct TLS to an ip", Dialer{DirectTLS: true}, "192.0.2.7", nil, false, nil, ErrUnreachable},
		{"bad address", Dialer{Address: "example.org"}, "example.com", nil, false, nil, ErrOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &fakeResolver{answers: anything.answers}
			routes := map[string]string{}
			for _, a := range tt.dialled {
				if !tt.refuse {
					routes[a] = s.addr
				}
			}
			nw := &fakeNet{routes: routes}
			d := tt.d
			d.Resolver, d.NetDialer = r, nw
			conn, err := d.DialClient(context.Background(), jid.MustParse(tt.jid))
			if conn != nil {
				conn.Close()
				s.next(t)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := nw.history(); !slices.Equal(got, tt.dialled) {
				t.Errorf("dialled %v, want %v", got, tt.dialled)
			}
			got, want := r.names(), slices.Clone(tt.queried)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("queried %v, want %v", got, want)
			}
		})
	}
}

func TestDialFixedAddressDirectTLS(t *testing.T) {
	pki := newPKI(t)
	cert := pki.certFor(t, "example.com")
	s := startServer(t, &cert)
	d := Dialer{Address: s.addr, DirectTLS: true, TLSConfig: &tls.Config{RootCAs: pki.pool}, Resolver: &fakeResolver{}}
	conn, err := d.DialClient(context.Background(), juliet)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	direct(t, conn, s, "example.com", "xmpp-client")
}

func TestDialDefaultNetDialer(t *testing.T) {
	s := startServer(t, nil)
	conn, err := Dialer{Address: s.addr}.DialClient(context.Background(), juliet)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plain(t, conn, s)
}

func TestDialTLSConfigNotModified(t *testing.T) {
	pki := newPKI(t)
	cert := pki.certFor(t, "example.com")
	s := startServer(t, &cert)
	cfg := &tls.Config{RootCAs: pki.pool, ServerName: "xmpp.example.net", NextProtos: []string{"h2"}}
	d := Dialer{Address: s.addr, DirectTLS: true, TLSConfig: cfg}
	conn, err := d.DialClient(context.Background(), juliet)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	direct(t, conn, s, "example.com", "xmpp-client")
	if cfg.ServerName != "xmpp.example.net" || !slices.Equal(cfg.NextProtos, []string{"h2"}) || cfg.MinVersion != 0 {
		t.Errorf("the caller's config was modified: %q %v %v", cfg.ServerName, cfg.NextProtos, cfg.MinVersion)
	}
}

func TestDialZeroJID(t *testing.T) {
	if _, err := DialClient(context.Background(), jid.JID{}); !errors.Is(err, ErrNoDomain) {
		t.Fatalf("err = %v, want ErrNoDomain", err)
	}
	if _, err := DialServer(context.Background(), jid.JID{}); !errors.Is(err, ErrNoDomain) {
		t.Fatalf("err = %v, want ErrNoDomain", err)
	}
}

func TestServerName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"example.com", "example.com"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"[2001:db8::1]", "2001:db8::1"},
		{"192.0.2.1", "192.0.2.1"},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := ServerName(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("ServerName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if err != nil && !errors.Is(err, ErrDomain) {
			t.Errorf("ServerName(%q) error %v is not ErrDomain", tt.in, err)
		}
	}
}
