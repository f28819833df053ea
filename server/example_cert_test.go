package server_test

import (
	"crypto/x509"
	"fmt"

	"github.com/canto-im/xmpp/server"
)

// A certificate generated once and passed to every later New keeps the
// server's identity across restarts (store cert.Certificate and
// cert.PrivateKey somewhere safe in between).
func ExampleGenerateCertificate() {
	cert, err := server.GenerateCertificate("example.test")
	if err != nil {
		fmt.Println(err)
		return
	}
	leaf, _ := x509.ParseCertificate(cert.Certificate[0])
	fmt.Println(leaf.DNSNames)
	srv, err := server.New(server.Config{Domain: "example.test", Certificate: &cert})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	fmt.Println(srv.CertPool().Equal(certPool(leaf)))
	// Output:
	// [example.test]
	// true
}

func certPool(c *x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(c)
	return p
}
