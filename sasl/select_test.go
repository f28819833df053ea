package sasl

import (
	"crypto/tls"
	"errors"
	"slices"
	"strings"
	"testing"
)

// fakeNeg describes a TLS connection of version v on which the client has
// binding data of the types in have, and what the server advertised.
func fakeNeg(v uint16, have, mechs, cbs []string) Negotiation {
	n := Negotiation{Mechanisms: mechs, ChannelBindings: cbs, bindings: map[string][]byte{}}
	if v != 0 {
		n.TLS = &tls.ConnectionState{Version: v, HandshakeComplete: true}
	}
	for _, t := range have {
		n.bindings[t] = []byte("data of " + t)
	}
	return n
}

var (
	scram256Both = []string{ScramSHA256, ScramSHA256Plus, Plain}
	scram256Only = []string{ScramSHA256, Plain}
	exporterSEP  = []string{TLSExporter, TLSServerEndPoint}
	uniqueSEP    = []string{TLSUnique, TLSServerEndPoint}
)

func TestNewClientChoice(t *testing.T) {
	user := ClientConfig{Username: "juliet", Password: "r0m3o"}
	noPlus := user
	noPlus.Mechanisms = []string{ScramSHA256, Plain}
	plaintext := user
	plaintext.InsecurePlaintextAuth = true
	onlyPlus1 := user
	onlyPlus1.Mechanisms = []string{ScramSHA256Plus, ScramSHA256}
	prefersNoBinding := user
	prefersNoBinding.Mechanisms = []string{ScramSHA256, ScramSHA256Plus}
	anon := ClientConfig{Mechanisms: []string{ScramSHA256, Anonymous}}
	external := ClientConfig{Mechanisms: []string{External, ScramSHA256}}
	tests := []struct {
		name        string
		cfg         ClientConfig
		neg         Negotiation
		wantMech    string
		wantGS2     string // prefix of the initial response
		requireSSDP bool
		wantErr     error
	}{
		{"XEP-0440 offer, TLS 1.3", user, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Both, exporterSEP),
			ScramSHA256Plus, "p=tls-exporter,,", false, nil},
		// Deployed servers (ejabberd 23.01) offer -PLUS on TLS 1.3 without
		// XEP-0440 and fail tls-exporter: nothing is assumed, "n" is sent.
		{"no XEP-0440, TLS 1.3: no binding assumed", user, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Both, nil),
			ScramSHA256, "n,,", false, nil},
		{"no XEP-0440, TLS 1.2 default", user, fakeNeg(tls.VersionTLS12, uniqueSEP, scram256Both, nil),
			ScramSHA256Plus, "p=tls-unique,,", false, nil},
		{"no XEP-0440, default type missing", user, fakeNeg(tls.VersionTLS12, []string{TLSServerEndPoint}, scram256Both, nil),
			ScramSHA256Plus, "p=tls-server-end-point,,", false, nil},
		{"server supports end-point only", user, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Both, []string{TLSServerEndPoint}),
			ScramSHA256Plus, "p=tls-server-end-point,,", false, nil},
		{"no common type: n and XEP-0474 required", user, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Both, []string{"tls-foo"}),
			ScramSHA256, "n,,", true, nil},
		{"-PLUS not offered: y", user, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Only, nil),
			ScramSHA256, "y,,", false, nil},
		{"types without -PLUS: abort (XEP-0440 rule 5)", user, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Only, exporterSEP),
			"", "", false, ErrDowngrade},
		{"-PLUS offered, only disallowed ones", onlyPlus1, fakeNeg(tls.VersionTLS13, exporterSEP, []string{ScramSHA1Plus, ScramSHA256}, exporterSEP),
			ScramSHA256, "n,,", true, nil},
		{"client prefers no binding", prefersNoBinding, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Both, exporterSEP),
			ScramSHA256, "n,,", false, nil},
		{"client does not bind: n", noPlus, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Both, exporterSEP),
			ScramSHA256, "n,,", false, nil},
		{"no TLS: n", user, fakeNeg(0, nil, scram256Both, nil),
			ScramSHA256, "n,,", false, nil},
		{"no TLS, PLAIN only: refused", user, fakeNeg(0, nil, []string{Plain}, nil),
			"", "", false, ErrNoMechanism},
		{"no TLS, PLAIN allowed", plaintext, fakeNeg(0, nil, []string{Plain}, nil),
			Plain, "\x00juliet\x00", false, nil},
		{"no password: ANONYMOUS", anon, fakeNeg(tls.VersionTLS13, exporterSEP, []string{ScramSHA256, Anonymous}, nil),
			Anonymous, "", false, nil},
		{"EXTERNAL first", external, fakeNeg(tls.VersionTLS13, exporterSEP, []string{ScramSHA256, External}, nil),
			External, "", false, nil},
		{"nothing offered", user, fakeNeg(tls.VersionTLS13, exporterSEP, nil, nil),
			"", "", false, ErrNoMechanism},
		{"only unknown mechanisms", user, fakeNeg(tls.VersionTLS13, exporterSEP, []string{"X-FOO", "DIGEST-MD5"}, nil),
			"", "", false, ErrNoMechanism},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.cfg, tt.neg)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || c.Name() != tt.wantMech {
				t.Fatalf("NewClient = %v, %v; want %s", c, err, tt.wantMech)
			}
			first, err := c.Start()
			if err != nil || !strings.HasPrefix(string(first), tt.wantGS2) {
				t.Fatalf("initial response %q, %v; want prefix %q", first, err, tt.wantGS2)
			}
			if sc, ok := c.(*scramClient); ok && sc.requireSSDP != tt.requireSSDP {
				t.Fatalf("requireSSDP = %v", sc.requireSSDP)
			}
		})
	}
}

func TestNewClientMechanismErrors(t *testing.T) {
	user := ClientConfig{Username: "juliet", Password: "r0m3o"}
	tests := []struct {
		name string
		mech string
		cfg  ClientConfig
		neg  Negotiation
		want error
	}{
		{"-PLUS without binding data", ScramSHA256Plus, user, fakeNeg(0, nil, scram256Both, nil), ErrNoMechanism},
		{"unknown mechanism", "DIGEST-MD5", user, fakeNeg(0, nil, nil, nil), ErrNoMechanism},
		{"stripped -PLUS with types", ScramSHA256, user, fakeNeg(tls.VersionTLS13, exporterSEP, scram256Only, exporterSEP), ErrDowngrade},
		{"username with space", ScramSHA256, ClientConfig{Username: "a b", Password: "x"}, fakeNeg(0, nil, nil, nil), ErrInvalidCredentials},
		{"password with control", ScramSHA256, ClientConfig{Username: "a", Password: "x\x07"}, fakeNeg(0, nil, nil, nil), ErrInvalidCredentials},
		{"authzid not UTF-8", Plain, ClientConfig{Username: "a", Password: "x", Authzid: "\xff", InsecurePlaintextAuth: true}, fakeNeg(0, nil, nil, nil), ErrInvalidCredentials},
		{"long username", ScramSHA1, ClientConfig{Username: strings.Repeat("a", maxUsername+1), Password: "x"}, fakeNeg(0, nil, nil, nil), ErrInvalidCredentials},
		{"trace with newline", Anonymous, ClientConfig{Trace: "a\nb"}, fakeNeg(0, nil, nil, nil), ErrInvalidCredentials},
		{"EXTERNAL without TLS", External, ClientConfig{}, fakeNeg(0, nil, nil, nil), ErrNoMechanism},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewClientMechanism(tt.mech, tt.cfg, tt.neg); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestIterationBounds(t *testing.T) {
	tests := []struct {
		cfg    ClientConfig
		lo, hi int
	}{
		{ClientConfig{}, MinIterations, DefaultMaxIterations},
		{ClientConfig{MinIterations: 1}, MinIterations, DefaultMaxIterations},
		{ClientConfig{MinIterations: 1, InsecureLowIterations: true}, 1, DefaultMaxIterations},
		{ClientConfig{MinIterations: 10000, MaxIterations: 20000}, 10000, 20000},
	}
	for _, tt := range tests {
		if lo, hi := tt.cfg.iterationBounds(); lo != tt.lo || hi != tt.hi {
			t.Errorf("%+v: bounds [%d, %d], want [%d, %d]", tt.cfg, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestAdvertise(t *testing.T) {
	st := newStore(t, "juliet", "r0m3o")
	tls13 := fakeNeg(tls.VersionTLS13, exporterSEP, nil, nil)
	tests := []struct {
		name   string
		cfg    ServerConfig
		neg    Negotiation
		mechs  []string
		cbs    []string
		reason error // why PLAIN is refused, if it is
	}{
		{"SCRAM over TLS", ServerConfig{ScramCredentials: st.lookup}, tls13,
			[]string{ScramSHA512Plus, ScramSHA256Plus, ScramSHA1Plus, ScramSHA512, ScramSHA256, ScramSHA1, Plain}, exporterSEP, nil},
		{"SCRAM without TLS", ServerConfig{ScramCredentials: st.lookup}, Negotiation{},
			[]string{ScramSHA512, ScramSHA256, ScramSHA1}, nil, ErrEncryptionRequired},
		{"chosen list", ServerConfig{ScramCredentials: st.lookup, Mechanisms: []string{ScramSHA256Plus, ScramSHA256, "X-FOO"}}, tls13,
			[]string{ScramSHA256Plus, ScramSHA256}, exporterSEP, ErrInvalidMechanism},
		{"plaintext PLAIN and ANONYMOUS", ServerConfig{Plain: func(string, string) error { return nil }, InsecurePlaintextAuth: true, AllowAnonymous: true}, Negotiation{},
			[]string{Plain, Anonymous}, nil, nil},
		{"nothing", ServerConfig{}, tls13, nil, nil, ErrInvalidMechanism},
		// Types without a -PLUS mechanism look like a downgrade to clients.
		{"no -PLUS chosen", ServerConfig{ScramCredentials: st.lookup, Mechanisms: []string{ScramSHA256, Plain}}, tls13,
			[]string{ScramSHA256, Plain}, nil, nil},
		{"repeated and unknown in the chosen list", ServerConfig{ScramCredentials: st.lookup, Mechanisms: []string{ScramSHA256, ScramSHA256, Plain, "X-FOO", ScramSHA1, Plain}}, tls13,
			[]string{ScramSHA256, Plain, ScramSHA1}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cfg.Advertise(tt.neg)
			if strings.Join(got.Mechanisms, " ") != strings.Join(tt.mechs, " ") ||
				strings.Join(got.ChannelBindings, " ") != strings.Join(tt.cbs, " ") {
				t.Fatalf("Advertise = %q %q, want %q %q", got.Mechanisms, got.ChannelBindings, tt.mechs, tt.cbs)
			}
			// The offer may share the configured list: adding to it must
			// leave the configuration as it was.
			chosen := slices.Clone(tt.cfg.Mechanisms)
			_ = append(got.Mechanisms, "X-ADDED")
			if !slices.Equal(tt.cfg.Mechanisms, chosen) {
				t.Fatalf("appending to the offer changed the configured list: %q, was %q", tt.cfg.Mechanisms, chosen)
			}
			_, err := NewServer(Plain, tt.cfg, Negotiation{TLS: tt.neg.TLS, Mechanisms: []string{Plain}})
			if !errors.Is(err, tt.reason) || (err == nil) != (tt.reason == nil) {
				t.Fatalf("NewServer(PLAIN) = %v, want %v", err, tt.reason)
			}
		})
	}
}
