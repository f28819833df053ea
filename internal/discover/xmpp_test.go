package discover

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
)

func TestLookupXMPP(t *testing.T) {
	const (
		xmpps = "_xmpps-client._tcp.example.com"
		xmpp  = "_xmpp-client._tcp.example.com"
	)
	servfail := fakeAnswer{err: &net.DNSError{Err: "server misbehaving", IsTemporary: true}}
	tests := []struct {
		name     string
		r        fakeResolver
		services []Service
		want     []string // host/tls of the targets, in order
		wantErr  error
		notErr   error
	}{
		{"mixed by priority", fakeResolver{
			xmpps: records(srv("tls.example.com", 5223, 1, 0)),
			xmpp:  records(srv("tcp.example.com", 5222, 0, 0), srv("tcp2.example.com", 5222, 2, 0)),
		}, []Service{ClientDirectTLS, ClientStartTLS},
			[]string{"tcp.example.com/plain", "tls.example.com/tls", "tcp2.example.com/plain"}, nil, nil},
		{"no direct TLS", fakeResolver{
			xmpps: noService,
			xmpp:  records(srv("tcp.example.com", 5222, 0, 0)),
		}, []Service{ClientDirectTLS, ClientStartTLS}, []string{"tcp.example.com/plain"}, nil, nil},
		{"only direct TLS", fakeResolver{
			xmpps: records(srv("tls.example.com", 5223, 0, 0)),
			xmpp:  noService,
		}, []Service{ClientDirectTLS, ClientStartTLS}, []string{"tls.example.com/tls"}, nil, nil},
		{"dot for xmpps, nothing for xmpp: no fallback", fakeResolver{xmpps: noService},
			[]Service{ClientDirectTLS, ClientStartTLS}, nil, ErrNoService, ErrNoRecords},
		{"dot for xmpp, nothing for xmpps: no fallback", fakeResolver{xmpp: noService},
			[]Service{ClientDirectTLS, ClientStartTLS}, nil, ErrNoService, ErrNoRecords},
		{"nothing at all: fallback", fakeResolver{},
			[]Service{ClientDirectTLS, ClientStartTLS}, nil, ErrNoRecords, ErrNoService},
		{"server failure: fallback", fakeResolver{xmpp: servfail, xmpps: servfail},
			[]Service{ClientDirectTLS, ClientStartTLS}, nil, ErrNoRecords, ErrNoService},
		{"server records", fakeResolver{
			"_xmpp-server._tcp.example.com":  records(srv("s2s.example.com", 5269, 0, 0)),
			"_xmpps-server._tcp.example.com": records(srv("s2s.example.com", 5270, 1, 0)),
			xmpp:                             records(srv("c2s.example.com", 5222, 0, 0)),
		}, []Service{ServerDirectTLS, ServerStartTLS}, []string{"s2s.example.com/plain", "s2s.example.com/tls"}, nil, nil},
		{"no service asked", fakeResolver{xmpp: records(srv("a.example.com", 5222, 0, 0))},
			nil, nil, ErrNoRecords, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LookupXMPP(context.Background(), tt.r, "example.com", seeded(1), tt.services...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.notErr != nil && errors.Is(err, tt.notErr) {
				t.Fatalf("err = %v must not match %v", err, tt.notErr)
			}
			if desc := describe(got); !slices.Equal(desc, tt.want) {
				t.Errorf("targets = %v, want %v", desc, tt.want)
			}
		})
	}
}

func TestLookupXMPPErrorNamesEveryQuery(t *testing.T) {
	_, err := LookupXMPP(context.Background(), fakeResolver{}, "example.com", nil, ClientDirectTLS, ClientStartTLS)
	msg := err.Error()
	for _, want := range []string{"_xmpps-client._tcp.example.com", "_xmpp-client._tcp.example.com", "no such host"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	var dnsErr *net.DNSError
	if !errors.As(err, &dnsErr) {
		t.Errorf("error %v does not expose the DNS error", err)
	}
}

func TestLookupXMPPBadDomain(t *testing.T) {
	_, err := LookupXMPP(context.Background(), fakeResolver{}, "a b", nil, ClientStartTLS)
	if !errors.Is(err, ErrDomain) {
		t.Fatalf("err = %v, want ErrDomain", err)
	}
}

func TestLookupXMPPCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := LookupXMPP(ctx, fakeResolver{}, "example.com", nil, ClientDirectTLS, ClientStartTLS)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func describe(ts []Target) []string {
	var out []string
	for _, t := range ts {
		mode := "plain"
		if t.DirectTLS {
			mode = "tls"
		}
		out = append(out, t.Host+"/"+mode)
	}
	return out
}
