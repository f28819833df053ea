package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/canto-im/xmpp/jid"
)

// certificateLifetime is how long a generated certificate is valid: long
// enough for a development server left running.
const certificateLifetime = 90 * 24 * time.Hour

// setCertificate installs cert, or a self-signed certificate for the domain
// when cert is nil, and derives the TLS configurations and the pool that
// trusts it.
func (s *Server) setCertificate(cert *tls.Certificate) error {
	if cert == nil {
		generated, err := selfSigned(s.domain.Domainpart())
		if err != nil {
			return fmt.Errorf("server: generating a certificate: %w", err)
		}
		cert = &generated
	}
	if len(cert.Certificate) == 0 || cert.PrivateKey == nil {
		return errors.New("server: the certificate has no chain or no private key")
	}
	s.cert = *cert
	s.pool = x509.NewCertPool()
	for i, der := range cert.Certificate {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return fmt.Errorf("server: certificate: %w", err)
		}
		if i == 0 {
			s.leaf = c
		}
		s.pool.AddCert(c)
	}
	s.tls = &tls.Config{Certificates: []tls.Certificate{s.cert}, MinVersion: tls.VersionTLS12}
	s.direct = s.tls.Clone()
	s.direct.NextProtos = []string{"xmpp-client"}
	return nil
}

// GenerateCertificate makes a self-signed certificate for domain, the kind
// New generates when Config.Certificate is nil, with its private key (an
// ECDSA P-256 key). It is valid for 90 days. A program that wants to keep
// the certificate across restarts (so that clients trust it once) generates
// it with this, stores it, and passes it in Config.Certificate.
func GenerateCertificate(domain string) (tls.Certificate, error) {
	d, err := jid.Parse(domain)
	if err != nil || d.Localpart() != "" || d.Resourcepart() != "" {
		return tls.Certificate{}, fmt.Errorf("server: invalid domain %q", domain)
	}
	return selfSigned(d.Domainpart())
}

// selfSigned makes a certificate for domain, signed by its own key. It is
// its own trust anchor: clients trust it through CertPool or the PEM.
func selfSigned(domain string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: domain, Organization: []string{"Canto development server"}},
		DNSNames:              []string{domain},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certificateLifetime),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}
