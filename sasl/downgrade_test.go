package sasl

import (
	"crypto/tls"
	"errors"
	"slices"
	"testing"
)

// without returns list minus the names drop says to remove.
func without(list []string, drop func(string) bool) []string {
	return slices.DeleteFunc(slices.Clone(list), drop)
}

// mitmView is what a client sees after an attacker edited the offer.
type mitmView func(offer Negotiation) (mechs, cbs []string)

// TestBadInput_C21_MechanismListStripped: a MITM removes mechanisms from the
// offer. Each variant is caught: by the server (the client's "y"), by the
// client before it starts (XEP-0440 rule 5), or by the XEP-0474 hash.
func TestBadInput_C21_MechanismListStripped(t *testing.T) {
	tests := []struct {
		name    string
		cfg     ClientConfig
		view    mitmView
		byServe bool // detected by the server rather than the client
	}{
		{"-PLUS and XEP-0440 stripped: y refused by the server", testClientConfig,
			func(o Negotiation) ([]string, []string) { return without(o.Mechanisms, isPlus), nil }, true},
		{"-PLUS stripped, types kept: client aborts", testClientConfig,
			func(o Negotiation) ([]string, []string) { return without(o.Mechanisms, isPlus), o.ChannelBindings }, false},
		{"strong hashes stripped (XEP-0474 attack model 2)", ClientConfig{Username: "juliet", Password: "r0m3o", Mechanisms: []string{ScramSHA512, ScramSHA256, ScramSHA1}},
			func(o Negotiation) ([]string, []string) {
				return without(o.Mechanisms, func(m string) bool { return m != ScramSHA1 }), o.ChannelBindings
			}, false},
		{"extra mechanism injected", testClientConfig,
			func(o Negotiation) ([]string, []string) {
				return append(slices.Clone(o.Mechanisms), "X-WEAK"), o.ChannelBindings
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mitmOffer(t, tls.VersionTLS13, tt.cfg, tt.view, false)
			if !errors.Is(err, ErrDowngrade) {
				t.Fatalf("not detected: %v", describe(err))
			}
			if tt.byServe != isServerErr(err, ErrNotAuthorized) {
				t.Fatalf("detected by the wrong side: %v", describe(err))
			}
		})
	}
}

// TestBadInput_C21_BindingTypesStripped: a MITM edits the XEP-0440 list.
func TestBadInput_C21_BindingTypesStripped(t *testing.T) {
	tests := []struct {
		name   string
		view   mitmView
		noSSDP bool // the server does not send XEP-0474 data
	}{
		{"types replaced by one the client lacks", func(o Negotiation) ([]string, []string) {
			return o.Mechanisms, []string{"tls-fictional"}
		}, false},
		{"tls-exporter removed (downgrade to end-point)", func(o Negotiation) ([]string, []string) {
			return o.Mechanisms, []string{TLSServerEndPoint}
		}, false},
		{"types replaced, server without XEP-0474", func(o Negotiation) ([]string, []string) {
			return o.Mechanisms, []string{"tls-fictional"}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mitmOffer(t, tls.VersionTLS13, testClientConfig, tt.view, tt.noSSDP)
			if !isClientErr(err, ErrDowngrade) {
				t.Fatalf("not detected by the client: %v", describe(err))
			}
		})
	}
}

// mitmOffer runs an exchange over real TLS in which the client sees the
// edited offer and the server keeps its own.
func mitmOffer(t *testing.T, v uint16, cfg ClientConfig, view mitmView, noSSDP bool) error {
	t.Helper()
	l := dialTLS(t, v, newCert(t, ecdsaP256, "example.net"), nil)
	cneg, sneg := l.states()
	scfg := testServerConfig(t)
	scfg.InsecureNoDowngradeProtection = noSSDP
	offer := scfg.Advertise(sneg)
	cneg.Mechanisms, cneg.ChannelBindings = view(offer)
	c, err := NewClient(cfg, cneg)
	if err != nil {
		return &sideError{false, err}
	}
	s, err := NewServer(c.Name(), scfg, offer)
	if err != nil {
		return &sideError{true, err}
	}
	_, err = exchange(c, s)
	return err
}

// TestBadInput_C21_GS2FlagMatrix sends every GS2 flag with and without a
// -PLUS mechanism, to a server that offered -PLUS (tls-exporter only) or
// did not, and checks RFC 5802 §6.
func TestBadInput_C21_GS2FlagMatrix(t *testing.T) {
	l := dialTLS(t, tls.VersionTLS13, newCert(t, ecdsaP256, "example.net"), nil)
	cneg, sneg := l.states()
	scfg := testServerConfig(t)
	full := scfg.Advertise(sneg)
	full.ChannelBindings = []string{TLSExporter}
	noPlus := full
	noPlus.Mechanisms, noPlus.ChannelBindings = without(full.Mechanisms, isPlus), nil
	exporter, _ := cneg.bindingData(TLSExporter, clientSide)
	unique := []byte("twelve bytes")
	tests := []struct {
		mech   string
		offer  Negotiation
		flag   string
		cbData []byte
		want   error // nil: success
	}{
		{ScramSHA256, full, "n", nil, nil},
		{ScramSHA256, full, "y", nil, ErrDowngrade},
		{ScramSHA256, full, "p=tls-exporter", exporter, ErrMalformedRequest},
		{ScramSHA256, noPlus, "y", nil, nil},
		{ScramSHA256, noPlus, "n", nil, nil},
		{ScramSHA256Plus, full, "p=tls-exporter", exporter, nil},
		{ScramSHA256Plus, full, "p=tls-exporter", unique, ErrChannelBinding},
		{ScramSHA256Plus, full, "p=tls-unique", unique, ErrChannelBinding}, // none on TLS 1.3
		{ScramSHA256Plus, full, "p=tls-server-end-point", nil, ErrChannelBinding},
		{ScramSHA256Plus, full, "n", nil, ErrMalformedRequest},
		{ScramSHA256Plus, full, "y", nil, ErrMalformedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.mech+"/"+tt.flag, func(t *testing.T) {
			cneg.Mechanisms, cneg.ChannelBindings = tt.offer.Mechanisms, tt.offer.ChannelBindings
			c := mustClient(t, ScramSHA256, testClientConfig, cneg).(*scramClient)
			c.name, c.gs2Header, c.cbData = tt.mech, tt.flag+",,", tt.cbData
			_, err := exchange(c, mustServer(t, tt.mech, scfg, tt.offer))
			if tt.want == nil && err != nil || tt.want != nil && !isServerErr(err, tt.want) {
				t.Fatalf("got %v, want server error %v", describe(err), tt.want)
			}
		})
	}
}

// TestBadInput_C21_NoTLSUniqueOnTLS13: tls-unique is never derived or
// offered on TLS 1.3 (RFC 9266), nor tls-exporter on TLS 1.2 here.
func TestBadInput_C21_NoTLSUniqueOnTLS13(t *testing.T) {
	cert := newCert(t, ecdsaP256, "example.net")
	for _, tv := range tlsVersions {
		l := dialTLS(t, tv.v, cert, nil)
		cneg, sneg := l.states()
		for _, n := range []Negotiation{cneg, sneg} {
			s := side(n.ServerCertificate != nil)
			_, uerr := n.bindingData(TLSUnique, s)
			_, eerr := n.bindingData(TLSExporter, s)
			if tv.v == tls.VersionTLS13 && (uerr == nil || eerr != nil) {
				t.Errorf("TLS 1.3: tls-unique err %v, tls-exporter err %v", uerr, eerr)
			}
			if tv.v == tls.VersionTLS12 && (uerr != nil || eerr == nil) {
				t.Errorf("TLS 1.2: tls-unique err %v, tls-exporter err %v", uerr, eerr)
			}
			if got := n.availableBindings(s); !slices.Equal(got, tv.want) {
				t.Errorf("%s: available %q, want %q", tv.name, got, tv.want)
			}
		}
	}
}

// TestBadInput_C22_TerminatedTLS: a MITM terminates the client's TLS and
// opens its own to the server, relaying SASL unchanged (jabber.ru, 2023).
// The channel-binding data of the two connections differ, so the server
// refuses, unless the binding is tls-server-end-point and the MITM holds
// the server's own key: RFC 5929 binds to the certificate only, which is
// why the client prefers tls-exporter and tls-unique.
func TestBadInput_C22_TerminatedTLS(t *testing.T) {
	serverCert := newCert(t, ecdsaP256, "example.net")
	otherCert := newCert(t, ecdsaP256, "example.net") // CA-valid, other key
	tests := []struct {
		name     string
		v        uint16
		mitmCert tls.Certificate
		cb       string
		detected bool
	}{
		{"tls-exporter, stolen key", tls.VersionTLS13, serverCert, TLSExporter, true},
		{"tls-exporter, other certificate", tls.VersionTLS13, otherCert, TLSExporter, true},
		{"tls-unique, stolen key", tls.VersionTLS12, serverCert, TLSUnique, true},
		{"tls-server-end-point, other certificate", tls.VersionTLS13, otherCert, TLSServerEndPoint, true},
		{"tls-server-end-point, stolen key (RFC 5929 limit)", tls.VersionTLS13, serverCert, TLSServerEndPoint, false},
	}
	scfg := testServerConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toMITM := dialTLS(t, tt.v, tt.mitmCert, nil)  // client to MITM
			toServer := dialTLS(t, tt.v, serverCert, nil) // MITM to server
			cneg, _ := toMITM.states()
			_, sneg := toServer.states()
			offer := scfg.Advertise(sneg)
			offer.ChannelBindings = []string{tt.cb}
			cneg.Mechanisms, cneg.ChannelBindings = offer.Mechanisms, offer.ChannelBindings
			c, err := NewClient(testClientConfig, cneg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = exchange(c, mustServer(t, c.Name(), scfg, offer))
			if tt.detected != isServerErr(err, ErrChannelBinding) {
				t.Fatalf("detected = %v: %v", !tt.detected, describe(err))
			}
			if tt.detected && ConditionOf(errors.Unwrap(err)) != ErrNotAuthorized {
				t.Fatalf("condition %q", ConditionOf(err))
			}
		})
	}
}
