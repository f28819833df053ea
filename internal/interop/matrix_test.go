package interop

import (
	"crypto/tls"
	"strings"

	"github.com/canto-im/xmpp/sasl"
)

// tlsVersion is a TLS version a client may be held to.
type tlsVersion struct {
	name string
	max  uint16 // the client's MaxVersion (0: Go's highest)
	want uint16 // the version the connection must get
}

var tlsVersions = []tlsVersion{
	{"TLS1.3", 0, tls.VersionTLS13},
	{"TLS1.2", tls.VersionTLS12, tls.VersionTLS12},
}

// defaultMechanisms names the case that lets the library choose.
const defaultMechanisms = "default"

// loginCase is one cell of the login matrix.
type loginCase struct {
	srv       *server
	transport transport
	tls       tlsVersion
	// mechanism is the one SASL mechanism allowed, or defaultMechanisms.
	mechanism string
	// noBinding marks a -PLUS mechanism the server offers although the
	// connection has no channel-binding type both sides support: the
	// login must fail cleanly.
	noBinding bool
}

func (c loginCase) name() string {
	return c.srv.name + "/" + c.transport.String() + "/" + c.tls.name + "/" + c.mechanism
}

// offers returns the SASL mechanisms srv must offer at a TLS version, as
// measured: Prosody 0.12 offers SCRAM-SHA-1-PLUS only where tls-unique
// exists (TLS 1.2 and below); ejabberd 23.01 offers it on TLS 1.3 too,
// where it has tls-unique (OpenSSL's) but Go does not. Neither offers
// SCRAM-SHA-256, because both store SHA-1 SCRAM hashes. Canto offers
// every mechanism it has, -PLUS included, on both versions.
func offers(srv *server, v tlsVersion) []string {
	if srv == canto {
		return []string{sasl.ScramSHA512Plus, sasl.ScramSHA256Plus, sasl.ScramSHA1Plus,
			sasl.ScramSHA512, sasl.ScramSHA256, sasl.ScramSHA1, sasl.Plain}
	}
	if srv == prosody && v.want == tls.VersionTLS13 {
		return []string{sasl.Plain, sasl.ScramSHA1}
	}
	return []string{sasl.Plain, sasl.ScramSHA1, sasl.ScramSHA1Plus}
}

// bindingType is the channel-binding type a -PLUS login uses at a TLS
// version, or "" if the server and Go share none: Prosody 0.12 and
// ejabberd 23.01 have only tls-unique (RFC 5929), which TLS 1.3 lacks;
// Canto has tls-exporter (RFC 9266) there too.
func bindingType(srv *server, v tlsVersion) string {
	switch {
	case v.want != tls.VersionTLS13:
		return "tls-unique"
	case srv == canto:
		return "tls-exporter"
	}
	return ""
}

// loginMatrix lists every server x transport x TLS version x mechanism.
func loginMatrix() []loginCase {
	var cases []loginCase
	for _, srv := range servers {
		for _, tr := range []transport{startTLS, directTLS} {
			for _, v := range tlsVersions {
				// The default choice must log in everywhere, including
				// ejabberd 23.01 on TLS 1.3, which offers -PLUS without a
				// binding type Go has and without XEP-0440.
				cases = append(cases, loginCase{srv: srv, transport: tr, tls: v, mechanism: defaultMechanisms})
				for _, m := range offers(srv, v) {
					c := loginCase{srv: srv, transport: tr, tls: v, mechanism: m}
					c.noBinding = strings.HasSuffix(m, "-PLUS") && bindingType(srv, v) == ""
					cases = append(cases, c)
				}
			}
		}
	}
	return cases
}
