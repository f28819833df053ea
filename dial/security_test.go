package dial

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"testing"
	"time"
)

// dialDirectTLS dials juliet's domain, example.com, whose only record is
// an _xmpps-client one pointing at target, served with cert.
func dialDirectTLS(t *testing.T, cert tls.Certificate, cfg *tls.Config, target string) (net.Conn, *testServer, error) {
	t.Helper()
	s := startServer(t, &cert)
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpps-client._tcp.example.com": {srv(target+".", 5223, 0)},
	}}
	nw := &fakeNet{routes: map[string]string{net.JoinHostPort(target, "5223"): s.addr}}
	conn, err := Dialer{Resolver: r, NetDialer: nw, TLSConfig: cfg}.DialClient(context.Background(), juliet)
	return conn, s, err
}

func wantCertificateError(t *testing.T, conn net.Conn, err error) {
	t.Helper()
	if conn != nil {
		conn.Close()
		t.Fatal("the connection was accepted")
	}
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want a certificate verification error", err)
	}
}

func TestBadInput_C17_WrongNameCertificate(t *testing.T) {
	pki := newPKI(t)
	conn, _, err := dialDirectTLS(t, pki.certFor(t, "other.example"), &tls.Config{RootCAs: pki.pool}, "xmpp.example.com")
	wantCertificateError(t, conn, err)
	var hostErr x509.HostnameError
	if !errors.As(err, &hostErr) {
		t.Errorf("err = %v, want a name mismatch", err)
	}
}

func TestBadInput_C17_ExpiredCertificate(t *testing.T) {
	pki := newPKI(t)
	expired := pki.issue(t, time.Now().Add(-2*time.Hour), time.Now().Add(-time.Hour), "example.com")
	conn, _, err := dialDirectTLS(t, expired, &tls.Config{RootCAs: pki.pool}, "xmpp.example.com")
	wantCertificateError(t, conn, err)
	var invalid x509.CertificateInvalidError
	if !errors.As(err, &invalid) || invalid.Reason != x509.Expired {
		t.Errorf("err = %v, want an expiry error", err)
	}
}

func TestBadInput_C17_SelfSignedCertificate(t *testing.T) {
	cert := selfSigned(t, "example.com")
	for _, tt := range []struct {
		name string
		cfg  *tls.Config
	}{
		{"system roots", nil},
		{"other roots", &tls.Config{RootCAs: newPKI(t).pool}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, _, err := dialDirectTLS(t, cert, tt.cfg, "xmpp.example.com")
			wantCertificateError(t, conn, err)
		})
	}
}

// TestBadInput_C18_CertificateOfSRVTarget checks that a certificate valid
// for the host an SRV record points to, but not for the XMPP domain, is
// refused: the check is against the domain, never the discovered host.
func TestBadInput_C18_CertificateOfSRVTarget(t *testing.T) {
	pki := newPKI(t)
	cert := pki.certFor(t, "xmpp.hosting.example")
	for _, tt := range []struct {
		name string
		cfg  *tls.Config
	}{
		{"default", &tls.Config{RootCAs: pki.pool}},
		{"caller's ServerName names the target", &tls.Config{RootCAs: pki.pool, ServerName: "xmpp.hosting.example"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, s, err := dialDirectTLS(t, cert, tt.cfg, "xmpp.hosting.example")
			wantCertificateError(t, conn, err)
			if h := s.next(t); h.sni != "example.com" {
				t.Errorf("SNI %q, want the domain example.com", h.sni)
			}
		})
	}
}

// TestBadInput_C18_CertificateOfDomainAtOtherTarget checks the converse:
// a host with another name that presents the domain's certificate is
// accepted.
func TestBadInput_C18_CertificateOfDomainAtOtherTarget(t *testing.T) {
	pki := newPKI(t)
	conn, s, err := dialDirectTLS(t, pki.certFor(t, "example.com"), &tls.Config{RootCAs: pki.pool}, "xmpp.hosting.example")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	direct(t, conn, s, "example.com", "xmpp-client")
}

// TestBadInput_C18_FixedAddress checks that a fixed Address is verified
// against the domain, not against the address dialled.
func TestBadInput_C18_FixedAddress(t *testing.T) {
	pki := newPKI(t)
	cert := pki.certFor(t, "127.0.0.1")
	s := startServer(t, &cert)
	d := Dialer{Address: s.addr, DirectTLS: true, TLSConfig: &tls.Config{RootCAs: pki.pool}}
	conn, err := d.DialClient(context.Background(), juliet)
	wantCertificateError(t, conn, err)
}
