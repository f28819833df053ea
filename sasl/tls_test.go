package sasl

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"errors"
	"io"
	"math/big"
	"net"
	"testing"
	"time"
)

// certKind selects the key and signature algorithm of a test certificate.
type certKind int

const (
	ecdsaP256  certKind = iota // ECDSAWithSHA256: end-point hash SHA-256
	ecdsaP384                  // ECDSAWithSHA384: end-point hash SHA-384
	ed25519Key                 // PureEd25519: no tls-server-end-point
)

// newCert makes a self-signed certificate for name.
func newCert(t testing.TB, kind certKind, name string) tls.Certificate {
	t.Helper()
	var key crypto.Signer
	var err error
	switch kind {
	case ecdsaP256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case ecdsaP384:
		key, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case ed25519Key:
		_, key, err = ed25519.GenerateKey(rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		DNSNames:     []string{name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	if kind == ecdsaP384 {
		tmpl.SignatureAlgorithm = x509.ECDSAWithSHA384
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// tlsLink is one TLS connection made in memory, with both ends.
type tlsLink struct {
	client, server *tls.Conn
	serverCert     *x509.Certificate
}

// states returns the client and server Negotiations of the link.
func (l tlsLink) states() (client, server Negotiation) {
	cs, ss := l.client.ConnectionState(), l.server.ConnectionState()
	return Negotiation{TLS: &cs}, Negotiation{TLS: &ss, ServerCertificate: l.serverCert}
}

// dialTLS connects a client and a server over net.Pipe with TLS version v.
// The client trusts serverCert; clientCert, if non-nil, is presented for
// EXTERNAL.
func dialTLS(t testing.TB, v uint16, serverCert tls.Certificate, clientCert *tls.Certificate) tlsLink {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(serverCert.Leaf)
	scfg := &tls.Config{
		Certificates: []tls.Certificate{serverCert},
		MinVersion:   v, MaxVersion: v,
		ClientAuth: tls.RequestClientCert,
	}
	ccfg := &tls.Config{RootCAs: roots, ServerName: serverCert.Leaf.Subject.CommonName, MinVersion: v, MaxVersion: v}
	if clientCert != nil {
		ccfg.Certificates = []tls.Certificate{*clientCert}
	}
	a, b := net.Pipe()
	c, s := tls.Client(a, ccfg), tls.Server(b, scfg)
	errc := make(chan error, 1)
	go func() { errc <- s.Handshake() }()
	if err := c.Handshake(); err != nil {
		t.Fatalf("client handshake: %v", err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("server handshake: %v", err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return tlsLink{client: c, server: s, serverCert: serverCert.Leaf}
}

// Frame kinds of the little transport the TLS tests send SASL over.
const (
	frameData    byte = iota // initial response, challenge or response
	frameSuccess             // success with additional data
	frameFailure             // failure; the data is the condition
)

func writeFrame(w io.Writer, kind byte, data []byte) error {
	hdr := make([]byte, 5, 5+len(data))
	hdr[0] = kind
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(data)))
	_, err := w.Write(append(hdr, data...))
	return err
}

func readFrame(r io.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > MaxMessageSize {
		return 0, nil, errors.New("frame too large")
	}
	data := make([]byte, n)
	_, err := io.ReadFull(r, data)
	return hdr[0], data, err
}

// serveOver runs the server side of an exchange over conn and returns its
// identity or error.
func serveOver(conn io.ReadWriter, s Server) (Identity, error) {
	for {
		_, msg, err := readFrame(conn)
		if err != nil {
			return Identity{}, err
		}
		chal, done, err := s.Step(msg)
		switch {
		case err != nil:
			werr := writeFrame(conn, frameFailure, []byte(ConditionOf(err)))
			return Identity{}, errors.Join(err, werr)
		case done:
			return s.Identity(), writeFrame(conn, frameSuccess, chal)
		}
		if err := writeFrame(conn, frameData, chal); err != nil {
			return Identity{}, err
		}
	}
}

// authOver runs the client side of an exchange over conn.
func authOver(conn io.ReadWriter, c Client) error {
	msg, err := c.Start()
	if err != nil {
		return err
	}
	for {
		if err := writeFrame(conn, frameData, msg); err != nil {
			return err
		}
		kind, data, err := readFrame(conn)
		if err != nil {
			return err
		}
		switch kind {
		case frameSuccess:
			return Finish(c, data)
		case frameFailure:
			return Condition(data)
		}
		if msg, err = c.Step(data); err != nil {
			return err
		}
	}
}

// exchangeOver runs an exchange over the TLS link, the server in its own
// goroutine. Both errors are returned: the client's and the server's.
func exchangeOver(l tlsLink, c Client, s Server) (Identity, error, error) {
	type result struct {
		id  Identity
		err error
	}
	done := make(chan result, 1)
	go func() {
		id, err := serveOver(l.server, s)
		done <- result{id, err}
	}()
	cerr := authOver(l.client, c)
	if cerr != nil {
		l.client.Close() // unblock a server waiting for a response
	}
	r := <-done
	return r.id, cerr, r.err
}
