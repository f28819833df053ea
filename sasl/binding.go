package sasl

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"slices"
)

// bindingStrength lists the channel-binding types strongest first:
// tls-exporter and tls-unique bind to this very TLS connection,
// tls-server-end-point only to the server's certificate (RFC 5929 §4 and
// XEP-0440 §Business Rules).
var bindingStrength = []string{TLSExporter, TLSUnique, TLSServerEndPoint}

// exporterLabel and exporterLength define tls-exporter (RFC 9266 §2).
const (
	exporterLabel  = "EXPORTER-Channel-Binding"
	exporterLength = 32
)

// side tells binding derivation whose certificate is the server's.
type side bool

const (
	clientSide side = false
	serverSide side = true
)

// availableBindings returns the types whose data can be derived on the
// connection, strongest first.
func (n Negotiation) availableBindings(s side) []string {
	if n.bindings == nil && (n.TLS == nil || !n.TLS.HandshakeComplete) {
		return nil // none, and no error values built to say so (every advertisement asks)
	}
	var out []string
	for _, t := range bindingStrength {
		if _, err := n.bindingData(t, s); err == nil {
			out = append(out, t)
		}
	}
	return out
}

// bindingData derives the channel-binding data of type t.
func (n Negotiation) bindingData(t string, s side) ([]byte, error) {
	if n.bindings != nil {
		if d, ok := n.bindings[t]; ok {
			return d, nil
		}
		return nil, fmt.Errorf("%w: %s not available", ErrChannelBinding, t)
	}
	if n.TLS == nil || !n.TLS.HandshakeComplete {
		return nil, fmt.Errorf("%w: no TLS", ErrChannelBinding)
	}
	switch t {
	case TLSExporter:
		return exporterData(n.TLS)
	case TLSUnique:
		return uniqueData(n.TLS)
	case TLSServerEndPoint:
		cert := n.ServerCertificate
		if s == clientSide {
			cert = nil
			if len(n.TLS.PeerCertificates) > 0 {
				cert = n.TLS.PeerCertificates[0]
			}
		}
		return endPointData(cert)
	}
	return nil, fmt.Errorf("%w: unknown type %q", ErrChannelBinding, t)
}

// exporterData is tls-exporter, used here on TLS 1.3 only: on TLS 1.2 RFC
// 9266 needs the extended master secret, and implementations disagree on
// whether its empty context is "no context" or "zero-length context".
func exporterData(st *tls.ConnectionState) (d []byte, err error) {
	if st.Version != tls.VersionTLS13 {
		return nil, fmt.Errorf("%w: tls-exporter needs TLS 1.3", ErrChannelBinding)
	}
	// A ConnectionState not made by crypto/tls (a literal in a test, a
	// copy from another TLS stack) has no exporter, and calling it panics.
	defer func() {
		if recover() != nil {
			d, err = nil, fmt.Errorf("%w: connection state has no exporter", ErrChannelBinding)
		}
	}()
	d, err = st.ExportKeyingMaterial(exporterLabel, nil, exporterLength)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrChannelBinding, err)
	}
	return d, nil
}

// uniqueData is tls-unique: the first Finished message, defined for TLS 1.2
// and below only (RFC 9266 §1; Go has none on TLS 1.3 or on resumptions
// without the extended master secret).
func uniqueData(st *tls.ConnectionState) ([]byte, error) {
	if st.Version >= tls.VersionTLS13 || len(st.TLSUnique) == 0 {
		return nil, fmt.Errorf("%w: tls-unique not available", ErrChannelBinding)
	}
	return slices.Clone(st.TLSUnique), nil
}

// endPointData is tls-server-end-point: a hash of the server's certificate
// with the hash of its signature algorithm, SHA-256 in place of MD5 and
// SHA-1 (RFC 5929 §4.1). Algorithms with no single hash (Ed25519) have no
// defined binding.
func endPointData(cert *x509.Certificate) ([]byte, error) {
	if cert == nil {
		return nil, fmt.Errorf("%w: no server certificate", ErrChannelBinding)
	}
	h, ok := endPointHash(cert.SignatureAlgorithm)
	if !ok {
		return nil, fmt.Errorf("%w: tls-server-end-point undefined for %v", ErrChannelBinding, cert.SignatureAlgorithm)
	}
	d := h.New()
	d.Write(cert.Raw)
	return d.Sum(nil), nil
}

func endPointHash(alg x509.SignatureAlgorithm) (crypto.Hash, bool) {
	switch alg {
	case x509.MD5WithRSA, x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1,
		x509.SHA256WithRSA, x509.SHA256WithRSAPSS, x509.DSAWithSHA256, x509.ECDSAWithSHA256:
		return crypto.SHA256, true
	case x509.SHA384WithRSA, x509.SHA384WithRSAPSS, x509.ECDSAWithSHA384:
		return crypto.SHA384, true
	case x509.SHA512WithRSA, x509.SHA512WithRSAPSS, x509.ECDSAWithSHA512:
		return crypto.SHA512, true
	}
	return 0, false
}
