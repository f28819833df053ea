package sasl

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"

	"golang.org/x/text/secure/precis"
)

// serverConditions are the conditions a SCRAM server may fail with on
// client data (never temporary-auth-failure: the store did not fail).
var serverConditions = map[Condition]bool{ErrMalformedRequest: true, ErrInvalidAuthzid: true, ErrNotAuthorized: true}

// fuzzServerConfig serves the RFC 5802 user with keys derived once.
func fuzzServerConfig(f *testing.F) ServerConfig {
	salt := []byte("A%\xc2G\xe4:\xb1\xe9<m\xffv")
	creds, err := NewScramCredentials(crypto.SHA1, "pencil", salt, 4096)
	if err != nil {
		f.Fatal(err)
	}
	return ServerConfig{
		ScramCredentials: func(u string, _ crypto.Hash) (ScramCredentials, error) {
			if u != "user" {
				return ScramCredentials{}, ErrUnknownUser
			}
			return creds, nil
		},
		InsecureNoDowngradeProtection: true,
		UnknownUserIterations:         1,
		nonce:                         vectors[0].serverNonce,
	}
}

func FuzzServerClientFirst(f *testing.F) {
	for _, s := range []string{
		vectors[0].clientFirst, "y,,n=user,r=abc", "n,a=admin,n=user,r=abc,x=1", "p=tls-unique,,n=user,r=abc",
		"n,,m=x,n=user,r=abc", "n,,n=us=2Cer=3D,r=abc", "n,,n=,r=", "", "n", ",,", "n,a=,n=user,r=a",
	} {
		f.Add([]byte(s))
	}
	cfg := fuzzServerConfig(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		s, _ := NewServer(ScramSHA1, cfg, vectors[0].neg)
		out, done, err := s.Step(msg)
		switch {
		case done:
			t.Fatal("done after the first message")
		case err != nil && !serverConditions[ConditionOf(err)]:
			t.Fatalf("condition %q: %v", ConditionOf(err), err)
		case err == nil && msg != nil && !strings.HasPrefix(string(out), "r=") || len(out) > MaxMessageSize+64:
			t.Fatalf("server-first %q", out)
		}
	})
}

func FuzzServerClientFinal(f *testing.F) {
	r := "r=" + vectors[0].clientNonce + vectors[0].serverNonce
	for _, s := range []string{
		vectors[0].clientFinal, "c=biws," + r + ",x=1,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", "c=eSws," + r + ",p=AAAA",
		"c=biws,p=,r=", "c=,r=,p=", "", "c=biws," + r,
	} {
		f.Add([]byte(s))
	}
	cfg := fuzzServerConfig(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		s, _ := NewServer(ScramSHA1, cfg, vectors[0].neg)
		if _, _, err := s.Step([]byte(vectors[0].clientFirst)); err != nil {
			t.Fatal(err)
		}
		out, done, err := s.Step(msg)
		if err != nil && !serverConditions[ConditionOf(err)] {
			t.Fatalf("condition %q: %v", ConditionOf(err), err)
		}
		if done && (string(out) != vectors[0].serverFinal || !strings.HasSuffix(string(msg), ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")) {
			t.Fatalf("accepted %q", msg)
		}
	})
}

// fuzzClient is the RFC 5802 client after Start, with iteration counts
// limited to 1..4096 to keep each run short.
func fuzzClient(t *testing.T) Client {
	cfg := ClientConfig{Username: "user", Password: "pencil", nonce: vectors[0].clientNonce,
		MinIterations: 1, InsecureLowIterations: true, MaxIterations: 4096}
	c, err := NewClientMechanism(ScramSHA1, cfg, vectors[0].neg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}

func FuzzClientServerFirst(f *testing.F) {
	r := "r=" + vectors[0].clientNonce
	for _, s := range []string{
		vectors[0].serverFirst, r + "x,s=QSXCR+Q6sek8bf92,i=1,h=abc,z=1", "m=x," + r + "x,s=AA==,i=1",
		r + ",s=AA==,i=1", r + "x,s=,i=", "e=other-error", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		c := fuzzClient(t)
		out, err := c.Step(msg)
		if err == nil && !strings.HasPrefix(string(out), "c=biws,r="+vectors[0].clientNonce) {
			t.Fatalf("client-final %q for %q", out, msg)
		}
		if c.Done() {
			t.Fatal("done before the server signed")
		}
	})
}

func FuzzClientServerFinal(f *testing.F) {
	for _, s := range []string{vectors[0].serverFinal, vectors[0].serverFinal + ",x=1", "e=invalid-proof", "v=", "v=AAAA", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		c := fuzzClient(t)
		if _, err := c.Step([]byte(vectors[0].serverFirst)); err != nil {
			t.Fatal(err)
		}
		err := Finish(c, msg)
		ok := strings.HasPrefix(string(msg), vectors[0].serverFinal)
		if (err == nil) != c.Done() || err == nil && !ok {
			t.Fatalf("accepted %q (err %v, done %v)", msg, err, c.Done())
		}
	})
}

func FuzzPlainServer(f *testing.F) {
	for _, s := range []string{"\x00juliet\x00r0m3o", "a\x00juliet\x00r0m3o", "\x00JULIET\x00r0m3o", "\x00\x00", "", "x", "\x00ｊ\x00p\u00a0w"} {
		f.Add([]byte(s))
	}
	cfg := ServerConfig{Plain: func(u, p string) error {
		if u == "juliet" && p == "r0m3o" {
			return nil
		}
		return ErrNotAuthorized
	}}
	neg := Negotiation{TLS: tls13, Mechanisms: []string{Plain}}
	f.Fuzz(func(t *testing.T, msg []byte) {
		s, _ := NewServer(Plain, cfg, neg)
		_, done, err := s.Step(msg)
		if err != nil && !serverConditions[ConditionOf(err)] {
			t.Fatalf("condition %q: %v", ConditionOf(err), err)
		}
		if done && s.Identity().Username != "juliet" {
			t.Fatalf("identity %+v", s.Identity())
		}
	})
}

func FuzzExternalAnonymousServer(f *testing.F) {
	for _, s := range []string{"", "juliet@example.net", "a\x00b", "\xff", strings.Repeat("é", 300)} {
		f.Add([]byte(s))
	}
	st := &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true, PeerCertificates: []*x509.Certificate{{}}}
	cfg := ServerConfig{
		External:       func(_ *tls.ConnectionState, authzid string) (string, error) { return "juliet", nil },
		AllowAnonymous: true,
	}
	neg := Negotiation{TLS: st, Mechanisms: []string{External, Anonymous}}
	f.Fuzz(func(t *testing.T, msg []byte) {
		for _, m := range neg.Mechanisms {
			s, _ := NewServer(m, cfg, neg)
			_, done, err := s.Step(msg)
			if err != nil && !serverConditions[ConditionOf(err)] {
				t.Fatalf("%s: condition %q: %v", m, ConditionOf(err), err)
			}
			if id := s.Identity(); done && id.Authzid != string(msg) && id.Trace != string(msg) {
				t.Fatalf("%s: identity %+v for %q", m, id, msg)
			}
		}
	})
}

// FuzzPrepare holds the ASCII fast paths to the PRECIS profiles.
func FuzzPrepare(f *testing.F) {
	for _, s := range []string{"juliet", "Juliet", "a b", "1", "-", "ｊ", "\u00a0", "x\x7f", "", "ǅ", "\u05d0a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tc := range []struct {
			mapped bool
			p      *precis.Profile
		}{{true, precis.UsernameCaseMapped}, {false, precis.UsernameCasePreserved}} {
			got, err := prepareUsername(s, tc.mapped)
			want, werr := tc.p.String(s)
			if werr == nil && (want == "" || len(want) > maxUsername || len(s) > maxUsername) {
				werr = ErrInvalidCredentials
			}
			if (err == nil) != (werr == nil) || err == nil && got != want {
				t.Fatalf("prepareUsername(%q, %v) = %q, %v; PRECIS %q, %v", s, tc.mapped, got, err, want, werr)
			}
		}
		got, err := preparePassword(s)
		want, werr := precis.OpaqueString.String(s)
		if werr == nil && (len(want) > maxPassword || len(s) > maxPassword) {
			werr = ErrInvalidCredentials
		}
		if (err == nil) != (werr == nil) || err == nil && got != want {
			t.Fatalf("preparePassword(%q) = %q, %v; PRECIS %q, %v", s, got, err, want, werr)
		}
	})
}

// FuzzName checks that saslname escaping round-trips.
func FuzzName(f *testing.F) {
	for _, s := range []string{"user", "a=b,c", "=2C", "==", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := encodeName(s)
		if strings.ContainsRune(enc, ',') {
			t.Fatalf("encodeName(%q) = %q has a comma", s, enc)
		}
		if dec, err := decodeName(enc); err != nil || dec != s {
			t.Fatalf("round trip of %q: %q, %v", s, dec, err)
		}
		decodeName(s) // must not panic on anything
	})
}
