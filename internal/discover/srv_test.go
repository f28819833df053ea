package discover

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"testing"
)

func TestLookupSRV(t *testing.T) {
	many := make([]*net.SRV, MaxRecords+10)
	for i := range many {
		many[i] = srv(fmt.Sprintf("h%d.example.com.", i), 5222, 0, 0)
	}
	servfail := &net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}
	tests := []struct {
		name    string
		domain  string
		answer  fakeAnswer
		want    []string // host:port of the records returned
		wantErr error
	}{
		{"records", "example.com", records(srv("a.example.com.", 5222, 1, 0), srv("b.example.com", 5223, 2, 0)),
			[]string{"a.example.com:5222", "b.example.com:5223"}, nil},
		{"lone dot", "example.com", noService, nil, ErrNoService},
		{"dot among others", "example.com", records(srv(".", 0, 0, 0), srv("a.example.com.", 5222, 0, 0)),
			[]string{"a.example.com:5222"}, nil},
		{"port zero dropped", "example.com", records(srv("a.example.com.", 0, 0, 0), srv("b.example.com.", 1, 0, 0)),
			[]string{"b.example.com:1"}, nil},
		{"odd targets dropped", "example.com", records(
			srv("a b.example.com.", 5222, 0, 0), srv("evil:80", 5222, 0, 0), srv("a..b", 5222, 0, 0),
			srv("[::1]", 5222, 0, 0), srv("", 5222, 0, 0), nil, srv("ok-1.example.com", 5222, 0, 0)),
			[]string{"ok-1.example.com:5222"}, nil},
		{"only odd targets", "example.com", records(srv("a/b", 5222, 0, 0)), nil, ErrNoRecords},
		{"empty answer", "example.com", records(), nil, ErrNoRecords},
		{"servfail", "example.com", fakeAnswer{err: servfail}, nil, ErrNoRecords},
		{"partial answer with error", "example.com", fakeAnswer{recs: []*net.SRV{srv("a.example.com", 5222, 0, 0)}, err: servfail},
			[]string{"a.example.com:5222"}, nil},
		{"ip address", "192.0.2.1", records(srv("a.example.com", 5222, 0, 0)), nil, ErrNoRecords},
		{"bad domain", "exa mple.com", records(srv("a.example.com", 5222, 0, 0)), nil, ErrDomain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fakeResolver{"_xmpp-client._tcp." + tt.domain: tt.answer}
			got, err := LookupSRV(context.Background(), r, "xmpp-client", tt.domain)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if hp := hostPorts(got); !slices.Equal(hp, tt.want) {
				t.Errorf("records = %v, want %v", hp, tt.want)
			}
		})
	}
	t.Run("capped", func(t *testing.T) {
		r := fakeResolver{"_xmpp-client._tcp.example.com": records(many...)}
		got, err := LookupSRV(context.Background(), r, "xmpp-client", "example.com")
		if err != nil || len(got) != MaxRecords {
			t.Fatalf("got %d records, %v; want %d", len(got), err, MaxRecords)
		}
	})
}

func TestLookupSRVNotFoundKeepsDNSError(t *testing.T) {
	_, err := LookupSRV(context.Background(), fakeResolver{}, "xmpp-client", "example.com")
	var dnsErr *net.DNSError
	if !errors.Is(err, ErrNoRecords) || !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		t.Fatalf("err = %v, want ErrNoRecords wrapping a not-found DNSError", err)
	}
}

func TestLookupSRVUsesALabel(t *testing.T) {
	r := fakeResolver{"_xmpp-client._tcp.xn--bcher-kva.example": records(srv("xmpp.example.net", 5222, 0, 0))}
	got, err := LookupSRV(context.Background(), r, "xmpp-client", "bücher.example")
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", hostPorts(got), err)
	}
}

func TestLookupSRVCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := fakeResolver{"_xmpp-client._tcp.example.com": records(srv("a.example.com", 5222, 0, 0))}
	if _, err := LookupSRV(ctx, r, "xmpp-client", "example.com"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestASCIIDomain(t *testing.T) {
	tests := []struct {
		in, want string
		isIP     bool
		wantErr  bool
	}{
		{"example.com", "example.com", false, false},
		{"bücher.example", "xn--bcher-kva.example", false, false},
		{"192.0.2.1", "192.0.2.1", true, false},
		{"[2001:db8::1]", "2001:db8::1", true, false},
		{"2001:db8::1", "2001:db8::1", true, false},
		{"[192.0.2.1]", "", false, true},
		{"", "", false, true},
		{"a/b.example", "", false, true},
		{"user@example.com", "", false, true},
		{"example.com:5222", "", false, true},
	}
	for _, tt := range tests {
		got, isIP, err := ASCIIDomain(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want || isIP != tt.isIP {
			t.Errorf("ASCIIDomain(%q) = %q, %v, %v; want %q, %v, error %v", tt.in, got, isIP, err, tt.want, tt.isIP, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrDomain) {
			t.Errorf("ASCIIDomain(%q) error %v is not ErrDomain", tt.in, err)
		}
	}
}

func hostPorts(recs []*net.SRV) []string {
	var out []string
	for _, r := range recs {
		out = append(out, net.JoinHostPort(r.Target, fmt.Sprint(r.Port)))
	}
	return out
}
