package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/canto-im/xmpp/server"
)

// Files of a -cert-dir.
const (
	certFileName = "cert.pem"
	keyFileName  = "key.pem"
)

// minRemaining is how long a kept certificate must still be valid to be
// reused; a shorter one is replaced.
const minRemaining = 24 * time.Hour

// keptCertificate returns the certificate for domain kept in dir, or
// generates one and keeps it there (the key readable by the owner only),
// so that clients that trusted it once go on trusting it. It reports
// whether it generated a new one.
func keptCertificate(dir, domain string, now time.Time) (tls.Certificate, bool, error) {
	certPath, keyPath := filepath.Join(dir, certFileName), filepath.Join(dir, keyFileName)
	cert, err := tls.LoadX509KeyPair(certPath, keyPath)
	switch {
	case err == nil:
		if usable(cert, domain, now) {
			return cert, false, nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return tls.Certificate{}, false, fmt.Errorf("-cert-dir: %w", err)
	}
	cert, err = server.GenerateCertificate(domain)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tls.Certificate{}, false, fmt.Errorf("-cert-dir: %w", err)
	}
	if err := writeKey(keyPath, cert); err != nil {
		return tls.Certificate{}, false, fmt.Errorf("-cert-dir: %w", err)
	}
	if err := os.WriteFile(certPath, certPEM(cert), 0o644); err != nil {
		return tls.Certificate{}, false, fmt.Errorf("-cert-dir: %w", err)
	}
	return cert, true, nil
}

// usable reports whether cert names domain and stays valid for a while.
func usable(cert tls.Certificate, domain string, now time.Time) bool {
	leaf := cert.Leaf
	if leaf == nil {
		var err error
		if leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return false
		}
	}
	return leaf.VerifyHostname(domain) == nil && now.Add(minRemaining).Before(leaf.NotAfter) && !now.Before(leaf.NotBefore)
}

// certPEM encodes cert's chain.
func certPEM(cert tls.Certificate) []byte {
	var out []byte
	for _, der := range cert.Certificate {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	return out
}

// writeKey writes cert's private key in PKCS #8 PEM, readable by the owner
// only.
func writeKey(path string, cert tls.Certificate) error {
	der, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
}

// certName is the first name cert is for: what a client must connect to
// for its check to pass.
func certName(cert tls.Certificate) string {
	leaf := cert.Leaf
	if leaf == nil {
		var err error
		if leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return ""
		}
	}
	if len(leaf.DNSNames) > 0 {
		return leaf.DNSNames[0]
	}
	return leaf.Subject.CommonName
}
