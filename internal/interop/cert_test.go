package interop

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"sync"

	"github.com/canto-im/xmpp/xmpptest"
)

// domain is the XMPP domain of both servers. "localhost" resolves through
// /etc/hosts, which ejabberd's Erlang resolver wants; the clients never
// resolve it anyway: they dial 127.0.0.1 and verify the certificate
// against the domain.
const domain = "localhost"

// pki is the test's own certificate, served by both servers and trusted by
// the clients through RootCAs (it is self-signed and a CA).
var pki struct {
	once    sync.Once
	err     error
	certPEM []byte
	keyPEM  []byte
	roots   *x509.CertPool
}

// loadPKI generates the certificate once.
func loadPKI() error {
	pki.once.Do(func() {
		// The domain, its subdomains (the component) and the address.
		cert, pool, err := xmpptest.Certificate(domain, "*."+domain, loopback)
		if err != nil {
			pki.err = err
			return
		}
		key, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
		if err != nil {
			pki.err = err
			return
		}
		pki.certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})
		pki.keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key})
		pki.roots = pool
	})
	return pki.err
}

// writePKI writes cert.pem and key.pem into dir, returning their paths.
func writePKI(dir string) (certFile, keyFile string, err error) {
	if err := loadPKI(); err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", err
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pki.certPEM, 0o600); err != nil {
		return "", "", err
	}
	return certFile, keyFile, os.WriteFile(keyFile, pki.keyPEM, 0o600)
}
