package sasl

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"strings"
	"testing"
)

var tls13 = &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true}

func TestPlainServer(t *testing.T) {
	checker := ServerConfig{Plain: func(u, p string) error {
		switch {
		case u == "disabled":
			return ErrAccountDisabled
		case u == "broken":
			return errors.New("database down")
		case u != "juliet":
			return ErrUnknownUser
		case p != "r0m3o":
			return ErrNotAuthorized
		}
		return nil
	}}
	scramOnly := ServerConfig{ScramCredentials: newStore(t, "juliet", "r0m3o").lookup}
	neg := Negotiation{TLS: tls13, Mechanisms: []string{Plain}}
	tests := []struct {
		name string
		msg  string
		want Condition
		id   Identity
	}{
		{"valid", "\x00juliet\x00r0m3o", "", Identity{Username: "juliet"}},
		{"case-mapped username", "\x00JULIET\x00r0m3o", "", Identity{Username: "juliet"}},
		{"full-width username", "\x00ｊｕｌｉｅｔ\x00r0m3o", "", Identity{Username: "juliet"}},
		{"authzid", "juliet@example.net\x00juliet\x00r0m3o", "", Identity{Username: "juliet", Authzid: "juliet@example.net"}},
		{"wrong password", "\x00juliet\x00romeo", ErrNotAuthorized, Identity{}},
		{"unknown user", "\x00nobody\x00r0m3o", ErrNotAuthorized, Identity{}},
		{"one NUL", "juliet\x00r0m3o", ErrMalformedRequest, Identity{}},
		{"three NULs", "\x00juliet\x00r0m3o\x00", ErrMalformedRequest, Identity{}},
		{"empty authcid", "\x00\x00r0m3o", ErrMalformedRequest, Identity{}},
		{"empty password", "\x00juliet\x00", ErrMalformedRequest, Identity{}},
		{"not UTF-8", "\x00juli\xffet\x00r0m3o", ErrMalformedRequest, Identity{}},
		{"password PRECIS refuses", "\x00juliet\x00r0m3o\x07", ErrNotAuthorized, Identity{}},
		{"username too long", "\x00" + strings.Repeat("j", maxUsername+1) + "\x00x", ErrMalformedRequest, Identity{}},
		{"authzid too long", strings.Repeat("j", maxAuthzid+1) + "\x00juliet\x00r0m3o", ErrInvalidAuthzid, Identity{}},
		{"message too long", "\x00juliet\x00" + strings.Repeat("x", MaxMessageSize), ErrMalformedRequest, Identity{}},
	}
	for _, cfg := range []struct {
		name string
		cfg  ServerConfig
	}{{"callback", checker}, {"scram-keys", scramOnly}} {
		for _, tt := range tests {
			t.Run(cfg.name+"/"+tt.name, func(t *testing.T) {
				s := mustServer(t, Plain, cfg.cfg, neg)
				_, done, err := s.Step([]byte(tt.msg))
				if ConditionOf(err) != tt.want || done != (tt.want == "") || s.Identity() != tt.id {
					t.Fatalf("done %v, identity %+v, err %v", done, s.Identity(), describe(err))
				}
			})
		}
	}
	t.Run("conditions from the callback", func(t *testing.T) {
		for msg, want := range map[string]Condition{"\x00disabled\x00x": ErrAccountDisabled, "\x00broken\x00x": ErrTemporaryAuthFailure} {
			_, _, err := mustServer(t, Plain, checker, neg).Step([]byte(msg))
			if ConditionOf(err) != want {
				t.Errorf("%q: %v, want %s", msg, err, want)
			}
		}
	})
}

func TestPlainNoInitialResponse(t *testing.T) {
	cfg := ServerConfig{Plain: func(u, p string) error { return nil }}
	s := mustServer(t, Plain, cfg, Negotiation{TLS: tls13, Mechanisms: []string{Plain}})
	chal, done, err := s.Step(nil)
	if err != nil || done || chal == nil || len(chal) != 0 {
		t.Fatalf("first step without data: %q %v %v", chal, done, err)
	}
	if _, done, err := s.Step(nil); done || ConditionOf(err) != ErrMalformedRequest {
		t.Fatalf("second empty step: %v %v", done, err)
	}
}

func TestPlainClient(t *testing.T) {
	c := mustClient(t, Plain, ClientConfig{Username: "Juliet", Password: "pass\u00a0word", Authzid: "j@example.net"}, Negotiation{TLS: tls13})
	msg, err := c.Start()
	if err != nil || string(msg) != "j@example.net\x00Juliet\x00pass word" || !c.Done() {
		t.Fatalf("PLAIN message %q, %v", msg, err)
	}
	if _, err := c.Step(nil); !errors.Is(err, ErrUnexpectedStep) {
		t.Fatalf("PLAIN step: %v", err)
	}
}

func TestExternalServer(t *testing.T) {
	cert := &x509.Certificate{Subject: pkix.Name{CommonName: "juliet"}}
	withCert := &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true, PeerCertificates: []*x509.Certificate{cert}}
	cfg := ServerConfig{External: func(st *tls.ConnectionState, authzid string) (string, error) {
		if authzid != "" && authzid != "juliet@example.net" {
			return "", ErrInvalidAuthzid
		}
		return st.PeerCertificates[0].Subject.CommonName, nil
	}}
	neg := Negotiation{TLS: withCert, Mechanisms: []string{External}}
	tests := []struct {
		name string
		msgs [][]byte
		want Condition
		id   Identity
	}{
		{"empty authzid", [][]byte{{}}, "", Identity{Username: "juliet"}},
		{"authzid", [][]byte{[]byte("juliet@example.net")}, "", Identity{Username: "juliet", Authzid: "juliet@example.net"}},
		{"no initial response", [][]byte{nil, {}}, "", Identity{Username: "juliet"}},
		{"refused authzid", [][]byte{[]byte("romeo@example.net")}, ErrInvalidAuthzid, Identity{}},
		{"NUL in authzid", [][]byte{[]byte("a\x00b")}, ErrInvalidAuthzid, Identity{}},
		{"not UTF-8", [][]byte{[]byte("\xff")}, ErrInvalidAuthzid, Identity{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t, External, cfg, neg)
			var done bool
			var err error
			for _, m := range tt.msgs {
				_, done, err = s.Step(m)
			}
			if ConditionOf(err) != tt.want || done != (tt.want == "") || s.Identity() != tt.id {
				t.Fatalf("done %v, identity %+v, err %v", done, s.Identity(), describe(err))
			}
		})
	}
	if _, err := NewServer(External, cfg, Negotiation{TLS: tls13, Mechanisms: []string{External}}); !errors.Is(err, ErrInvalidMechanism) {
		t.Errorf("EXTERNAL without a client certificate: %v", err)
	}
}

func TestAnonymousServer(t *testing.T) {
	neg := Negotiation{Mechanisms: []string{Anonymous}}
	tests := []struct {
		name string
		msg  []byte
		want Condition
	}{
		{"empty", []byte{}, ""},
		{"email", []byte("sirhc@example.com"), ""},
		{"255 characters", []byte(strings.Repeat("é", 255)), ""},
		{"256 characters", []byte(strings.Repeat("é", 256)), ErrMalformedRequest},
		{"control character", []byte("a\x01"), ErrMalformedRequest},
		{"not UTF-8", []byte("\xc3"), ErrMalformedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t, Anonymous, ServerConfig{AllowAnonymous: true}, neg)
			_, done, err := s.Step(tt.msg)
			if ConditionOf(err) != tt.want || done != (tt.want == "") {
				t.Fatalf("done %v, err %v", done, err)
			}
			if done && s.Identity() != (Identity{Trace: string(tt.msg)}) {
				t.Fatalf("identity %+v", s.Identity())
			}
		})
	}
	if _, err := NewServer(Anonymous, ServerConfig{}, neg); !errors.Is(err, ErrInvalidMechanism) {
		t.Errorf("ANONYMOUS not allowed: %v", err)
	}
}

func TestNewServerInvalidMechanism(t *testing.T) {
	cfg := ServerConfig{ScramCredentials: newStore(t).lookup}
	neg := Negotiation{Mechanisms: []string{ScramSHA256}}
	for _, m := range []string{ScramSHA1, "", "DIGEST-MD5", "scram-sha-256"} {
		if _, err := NewServer(m, cfg, neg); !errors.Is(err, ErrInvalidMechanism) {
			t.Errorf("NewServer(%q) = %v", m, err)
		}
	}
}

// TestScramLookupErrors: the conditions a credential store returns, and
// stored credentials that cannot be right.
func TestScramLookupErrors(t *testing.T) {
	tests := []struct {
		name   string
		lookup func(string, crypto.Hash) (ScramCredentials, error)
		want   Condition
	}{
		{"disabled", func(string, crypto.Hash) (ScramCredentials, error) { return ScramCredentials{}, ErrAccountDisabled }, ErrAccountDisabled},
		{"expired, wrapped", func(string, crypto.Hash) (ScramCredentials, error) {
			return ScramCredentials{}, errors.Join(errors.New("since May"), ErrCredentialsExpired)
		}, ErrCredentialsExpired},
		{"store failure", func(string, crypto.Hash) (ScramCredentials, error) { return ScramCredentials{}, errors.New("disk") }, ErrTemporaryAuthFailure},
		{"key of the wrong hash", func(string, crypto.Hash) (ScramCredentials, error) {
			return ScramCredentials{Salt: []byte("s"), Iterations: 4096, StoredKey: make([]byte, 20), ServerKey: make([]byte, 20)}, nil
		}, ErrTemporaryAuthFailure},
		{"no salt", func(string, crypto.Hash) (ScramCredentials, error) {
			return ScramCredentials{Iterations: 4096, StoredKey: make([]byte, 32), ServerKey: make([]byte, 32)}, nil
		}, ErrTemporaryAuthFailure},
		{"zero iterations", func(string, crypto.Hash) (ScramCredentials, error) {
			return ScramCredentials{Salt: []byte("s"), StoredKey: make([]byte, 32), ServerKey: make([]byte, 32)}, nil
		}, ErrTemporaryAuthFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t, ScramSHA256, ServerConfig{ScramCredentials: tt.lookup}, Negotiation{Mechanisms: []string{ScramSHA256}})
			_, _, err := s.Step([]byte("n,,n=juliet,r=abcdefgh"))
			if ConditionOf(err) != tt.want {
				t.Fatalf("%v, want %s", err, tt.want)
			}
		})
	}
}
