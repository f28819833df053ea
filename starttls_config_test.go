package xmpp

import (
	"crypto/tls"
	"testing"
)

// TestStartTLSServerConfig: the receiving side shares a configuration
// that can only serve its one certificate, and records which certificate
// was served (for tls-server-end-point) either way; the caller's
// configuration is not changed.
func TestStartTLSServerConfig(t *testing.T) {
	one := []tls.Certificate{{Certificate: [][]byte{{1}}}}
	two := []tls.Certificate{{Certificate: [][]byte{{1}}}, {Certificate: [][]byte{{2}}}}
	pick := func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return &two[1], nil }
	for _, tc := range []struct {
		name   string
		cfg    *tls.Config
		shared bool
		want   *tls.Certificate // served after the certificate is chosen
	}{
		{"one certificate", &tls.Config{Certificates: one, MinVersion: tls.VersionTLS12}, true, nil},
		{"no MinVersion", &tls.Config{Certificates: one}, false, nil},
		{"two certificates", &tls.Config{Certificates: two, MinVersion: tls.VersionTLS13}, false, nil},
		{"GetCertificate", &tls.Config{Certificates: one, GetCertificate: pick, MinVersion: tls.VersionTLS12}, false, &two[1]},
		{"GetConfigForClient", &tls.Config{Certificates: one, MinVersion: tls.VersionTLS12,
			GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return nil, nil }}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == nil {
				want = &tc.cfg.Certificates[0]
			}
			minVersion := tc.cfg.MinVersion
			cfg, served := startTLS{cfg: tc.cfg}.serverConfig()
			if (cfg == tc.cfg) != tc.shared {
				t.Fatalf("configuration shared: %v, want %v", cfg == tc.cfg, tc.shared)
			}
			if tc.cfg.MinVersion != minVersion || (tc.cfg.GetCertificate == nil) != (tc.name != "GetCertificate") {
				t.Errorf("the caller's configuration was changed")
			}
			if cfg.MinVersion < tls.VersionTLS12 {
				t.Errorf("MinVersion %x, want at least TLS 1.2", cfg.MinVersion)
			}
			if !tc.shared {
				if *served != nil {
					t.Fatalf("a certificate recorded before the handshake chose one")
				}
				c, err := cfg.GetCertificate(&tls.ClientHelloInfo{})
				if err != nil || c != want {
					t.Fatalf("GetCertificate = %p, %v; want %p", c, err, want)
				}
			}
			if *served != want {
				t.Errorf("served %p, want %p", *served, want)
			}
		})
	}
}
