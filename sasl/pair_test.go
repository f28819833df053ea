package sasl

import (
	"crypto/tls"
	"errors"
	"slices"
	"testing"
)

var tlsVersions = []struct {
	name string
	v    uint16
	want []string // channel-binding types available, strongest first
}{
	{"TLS1.2", tls.VersionTLS12, []string{TLSUnique, TLSServerEndPoint}},
	{"TLS1.3", tls.VersionTLS13, []string{TLSExporter, TLSServerEndPoint}},
}

// testServerConfig accepts juliet:r0m3o by SCRAM keys (and PLAIN checked
// against them), a client certificate named "juliet" by EXTERNAL, and
// ANONYMOUS.
func testServerConfig(t testing.TB) ServerConfig {
	st := newStore(t, "juliet", "r0m3o")
	return ServerConfig{
		ScramCredentials: st.lookup,
		External: func(state *tls.ConnectionState, authzid string) (string, error) {
			if cn := state.PeerCertificates[0].Subject.CommonName; cn == "juliet" {
				return cn, nil
			}
			return "", ErrNotAuthorized
		},
		AllowAnonymous: true,
	}
}

var testClientConfig = ClientConfig{
	Username:   "juliet",
	Password:   "r0m3o",
	Mechanisms: []string{External, ScramSHA512Plus, ScramSHA256Plus, ScramSHA1Plus, ScramSHA512, ScramSHA256, ScramSHA1, Plain, Anonymous},
}

// TestPairOverTLS runs every mechanism, and every -PLUS mechanism with
// every channel-binding type, client against server over real TLS 1.2 and
// TLS 1.3 connections.
func TestPairOverTLS(t *testing.T) {
	serverCert := newCert(t, ecdsaP256, "example.net")
	clientCert := newCert(t, ecdsaP256, "juliet")
	scfg := testServerConfig(t)
	for _, tv := range tlsVersions {
		t.Run(tv.name, func(t *testing.T) {
			l := dialTLS(t, tv.v, serverCert, &clientCert)
			_, sneg := l.states()
			if got := scfg.Advertise(sneg).ChannelBindings; !slices.Equal(got, tv.want) {
				t.Fatalf("advertised channel bindings %q, want %q", got, tv.want)
			}
			for _, mech := range testClientConfig.Mechanisms {
				cbs := []string{"no-binding"}
				if isPlus(mech) {
					cbs = tv.want
				}
				for _, cb := range cbs {
					t.Run(mech+"/"+cb, func(t *testing.T) {
						if cb == "no-binding" {
							cb = ""
						}
						runPairOverTLS(t, tv.v, &serverCert, &clientCert, scfg, mech, cb)
					})
				}
			}
		})
	}
}

func runPairOverTLS(t *testing.T, v uint16, serverCert, clientCert *tlsCertificate, scfg ServerConfig, mech, cb string) {
	l := dialTLS(t, v, *serverCert, clientCert)
	cneg, sneg := l.states()
	offer := scfg.Advertise(sneg)
	if cb != "" {
		offer.ChannelBindings = []string{cb} // the server offers this type only
	}
	cneg.Mechanisms, cneg.ChannelBindings = offer.Mechanisms, offer.ChannelBindings
	c := mustClient(t, mech, testClientConfig, cneg)
	s := mustServer(t, mech, scfg, offer)
	id, cerr, serr := exchangeOver(l, c, s)
	if cerr != nil || serr != nil {
		t.Fatalf("client: %v; server: %v", cerr, serr)
	}
	want := Identity{Username: "juliet", ChannelBinding: cb}
	if mech == Anonymous {
		want.Username = ""
	}
	if id != want {
		t.Fatalf("identity %+v, want %+v", id, want)
	}
}

// tlsCertificate shortens signatures.
type tlsCertificate = tls.Certificate

// TestNewClientPicksStrongest checks the client's choice on real
// connections: a -PLUS mechanism with the strongest common type.
func TestNewClientPicksStrongest(t *testing.T) {
	serverCert := newCert(t, ecdsaP256, "example.net")
	scfg := testServerConfig(t)
	for _, tv := range tlsVersions {
		t.Run(tv.name, func(t *testing.T) {
			l := dialTLS(t, tv.v, serverCert, nil)
			cneg, sneg := l.states()
			offer := scfg.Advertise(sneg)
			cneg.Mechanisms, cneg.ChannelBindings = offer.Mechanisms, offer.ChannelBindings
			c, err := NewClient(ClientConfig{Username: "juliet", Password: "r0m3o"}, cneg)
			if err != nil || c.Name() != ScramSHA512Plus {
				t.Fatalf("NewClient = %v, %v; want %s", c, err, ScramSHA512Plus)
			}
			s := mustServer(t, c.Name(), scfg, offer)
			id, cerr, serr := exchangeOver(l, c, s)
			if cerr != nil || serr != nil || id.ChannelBinding != tv.want[0] {
				t.Fatalf("identity %+v; client: %v; server: %v", id, cerr, serr)
			}
		})
	}
}

// TestEndPointHashes checks tls-server-end-point across signature
// algorithms: SHA-384 certificates hash with SHA-384, and Ed25519 ones have
// no binding (RFC 5929 §4.1), so only tls-exporter is offered on TLS 1.3.
func TestEndPointHashes(t *testing.T) {
	tests := []struct {
		kind certKind
		size int
		want []string
	}{
		{ecdsaP256, 32, []string{TLSExporter, TLSServerEndPoint}},
		{ecdsaP384, 48, []string{TLSExporter, TLSServerEndPoint}},
		{ed25519Key, 0, []string{TLSExporter}},
	}
	for _, tt := range tests {
		cert := newCert(t, tt.kind, "example.net")
		l := dialTLS(t, tls.VersionTLS13, cert, nil)
		cneg, sneg := l.states()
		if got := sneg.availableBindings(serverSide); !slices.Equal(got, tt.want) {
			t.Errorf("%v: server types %q, want %q", cert.Leaf.SignatureAlgorithm, got, tt.want)
		}
		cd, cerr := cneg.bindingData(TLSServerEndPoint, clientSide)
		sd, serr := sneg.bindingData(TLSServerEndPoint, serverSide)
		if tt.size == 0 {
			if !errors.Is(cerr, ErrChannelBinding) || !errors.Is(serr, ErrChannelBinding) {
				t.Errorf("%v: want ErrChannelBinding, got %v / %v", cert.Leaf.SignatureAlgorithm, cerr, serr)
			}
			continue
		}
		if cerr != nil || serr != nil || len(cd) != tt.size || string(cd) != string(sd) {
			t.Errorf("%v: client %x (%v), server %x (%v)", cert.Leaf.SignatureAlgorithm, cd, cerr, sd, serr)
		}
	}
}
