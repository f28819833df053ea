package client

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmpptest"
)

// redirector answers every stream with a see-other-host stream error
// naming *to (set after start, so that redirectors can point at each
// other).
type redirector struct {
	ln   net.Listener
	to   string
	wg   sync.WaitGroup
	mu   sync.Mutex
	hits int
}

func startRedirector(t *testing.T) *redirector {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &redirector{ln: ln}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			r.mu.Lock()
			r.hits++
			to := r.to
			r.mu.Unlock()
			p := xmpptest.NewPeer(conn)
			if _, err := p.ReadHeader(); err == nil {
				_ = p.Write(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='` + testDomain +
					`' id='r1' version='1.0'><stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>` + to +
					`</see-other-host></stream:error></stream:stream>`)
			}
			_ = p.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); r.wg.Wait() })
	return r
}

func (r *redirector) addr() string { return r.ln.Addr().String() }

// redirect sets where the redirector sends clients.
func (r *redirector) redirect(to string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.to = to
}

func (r *redirector) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits
}

// The real server's certificate names example.test, not 127.0.0.1: the
// redirected connection is verified against the XMPP domain.
// FailFast does not stop a redirect of the first attempt.
func TestSeeOtherHost(t *testing.T) {
	for _, failFast := range []bool{false, true} {
		t.Run(fmt.Sprint("FailFast=", failFast), func(t *testing.T) {
			ts := startServer(t, "127.0.0.1:0")
			r := startRedirector(t)
			r.redirect(ts.addr())
			c, _ := newClient(t, "alice", "", Config{Dial: dialTo(r.addr()), FailFast: failFast})
			ev, _ := waitFor(t, c, Offline)
			if ev.Redirect != ts.addr() || ev.Retry != 0 {
				t.Errorf("redirect event %+v", ev)
			}
			waitFor(t, c, Online)
		})
	}
}

func TestRedirectLimits(t *testing.T) {
	tests := []struct {
		name         string
		maxRedirects int
		build        func(t *testing.T) (first string, hits func() int, want int)
	}{
		{"to itself", 0, func(t *testing.T) (string, func() int, int) {
			r := startRedirector(t)
			r.redirect(r.addr())
			return r.addr(), r.count, 2 * 2 // each attempt: configured, then the one redirect
		}},
		{"a loop of two", 0, func(t *testing.T) (string, func() int, int) {
			a, b := startRedirector(t), startRedirector(t)
			a.redirect(b.addr())
			b.redirect(a.addr())
			return a.addr(), func() int { return a.count() + b.count() }, 2 * 3 // a, b, a
		}},
		{"not followed", -1, func(t *testing.T) (string, func() int, int) {
			a, b := startRedirector(t), startRedirector(t)
			a.redirect(b.addr())
			return a.addr(), func() int { return a.count() + b.count() }, 2
		}},
		{"chain longer than allowed", 2, func(t *testing.T) (string, func() int, int) {
			rs := []*redirector{startRedirector(t), startRedirector(t), startRedirector(t), startRedirector(t)}
			for i := range 3 {
				rs[i].redirect(rs[i+1].addr())
			}
			rs[3].redirect(rs[0].addr())
			return rs[0].addr(), func() int { return rs[0].count() + rs[1].count() + rs[2].count() + rs[3].count() }, 2 * 3
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, hits, want := tt.build(t)
			c, err := New(jid.MustParse("alice@"+testDomain), Config{Password: "x", Dial: dialTo(first),
				MaxAttempts: 2, MaxRedirects: tt.maxRedirects, MinBackoff: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			err = c.Run(context.Background())
			if !errors.Is(err, ErrGaveUp) {
				t.Fatalf("Run: %v", err)
			}
			if got := hits(); got != want {
				t.Errorf("%d connections, want %d", got, want)
			}
			for range c.Events() {
			}
		})
	}
}

func TestHostPort(t *testing.T) {
	tests := []struct{ in, want string }{
		{"other.example.com", "other.example.com:5222"},
		{"other.example.com:5333", "other.example.com:5333"},
		{" 192.0.2.1 ", "192.0.2.1:5222"},
		{"192.0.2.1:1", "192.0.2.1:1"},
		{"[2001:db8::1]", "[2001:db8::1]:5222"},
		{"[2001:db8::1]:9090", "[2001:db8::1]:9090"},
		{"2001:db8::1", "[2001:db8::1]:5222"}, // unbracketed, yet unambiguous without a port
		{"", ""},
		{"host:0", ""},
		{"host:99999", ""},
		{"host:http", ""},
		{"user@host", ""},
		{"host/path", ""},
		{":5222", ""},
	}
	for _, tt := range tests {
		if got := hostPort(tt.in, 5222); got != tt.want {
			t.Errorf("hostPort(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A redirect to a host whose certificate is valid for that host but not
// for the XMPP domain is refused: the certificate is checked against the
// account's domain, never the redirect's host.
func TestRedirectKeepsTheDomain(t *testing.T) {
	hostCert, err := server.GenerateCertificate("localhost")
	if err != nil {
		t.Fatal(err)
	}
	impostor, err := server.New(server.Config{Domain: testDomain, Users: testUsers, Certificate: &hostCert})
	if err != nil {
		t.Fatal(err)
	}
	defer impostor.Close()
	if err := impostor.Listen(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(impostor.Addr().String())
	r := startRedirector(t)
	r.redirect("localhost:" + port)

	trust := trusting()
	trust.RootCAs.AddCert(hostCert.Leaf) // trusted, but for "localhost" only
	c, err := New(jid.MustParse("alice@"+testDomain), Config{Password: testUsers["alice"],
		Dial: dial.Dialer{Address: r.addr(), TLSConfig: trust}, MaxAttempts: 2, MinBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Run(context.Background())
	var hostErr x509.HostnameError
	if !errors.Is(err, ErrGaveUp) || !errors.As(err, &hostErr) || hostErr.Host != testDomain {
		t.Fatalf("Run: %v", err)
	}
	for range c.Events() {
	}
	if r.count() != 2 {
		t.Errorf("%d connections to the configured address, want 2", r.count())
	}
}
