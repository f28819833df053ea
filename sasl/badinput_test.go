package sasl

import (
	"crypto"
	"errors"
	"strings"
	"testing"
)

// scramServerAt returns a SCRAM-SHA-1 server for the RFC 5802 example,
// advanced to the state where it expects the client-final-message when
// final is true.
func scramServerAt(t *testing.T, final bool) Server {
	t.Helper()
	v := vectors[0]
	salt := []byte("A%\xc2G\xe4:\xb1\xe9<m\xffv") // QSXCR+Q6sek8bf92
	creds, err := NewScramCredentials(crypto.SHA1, "pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	cfg := ServerConfig{
		ScramCredentials: func(u string, _ crypto.Hash) (ScramCredentials, error) {
			if u != "user" {
				return ScramCredentials{}, ErrUnknownUser
			}
			return creds, nil
		},
		InsecureNoDowngradeProtection: true,
		nonce:                         v.serverNonce,
	}
	s := mustServer(t, ScramSHA1, cfg, v.neg)
	if final {
		if _, _, err := s.Step([]byte(v.clientFirst)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestBadInput_ServerClientFirst(t *testing.T) {
	long := strings.Repeat("a", MaxMessageSize)
	tests := []struct {
		name string
		msg  string
		want Condition
	}{
		{"empty", "", ErrMalformedRequest},
		{"too long", "n,,n=user,r=" + long, ErrMalformedRequest},
		{"not UTF-8", "n,,n=us\xffer,r=abc", ErrMalformedRequest},
		{"no gs2 header", "n=user,r=abc", ErrMalformedRequest},
		{"bad flag", "x,,n=user,r=abc", ErrMalformedRequest},
		{"p without -PLUS", "p=tls-unique,,n=user,r=abc", ErrMalformedRequest},
		{"bad cb name", "p=tls unique,,n=user,r=abc", ErrMalformedRequest},
		{"authzid without a=", "n,b=x,n=user,r=abc", ErrMalformedRequest},
		{"empty authzid", "n,a=,n=user,r=abc", ErrMalformedRequest},
		{"authzid with NUL", "n,a=x\x00y,n=user,r=abc", ErrMalformedRequest},
		{"long authzid", "n,a=" + strings.Repeat("b", maxAuthzid+1) + ",n=user,r=abc", ErrInvalidAuthzid},
		{"mandatory extension", "n,,m=ext,n=user,r=abc", ErrMalformedRequest},
		{"missing nonce", "n,,n=user", ErrMalformedRequest},
		{"order swapped", "n,,r=abc,n=user", ErrMalformedRequest},
		{"empty username", "n,,n=,r=abc", ErrMalformedRequest},
		{"bad escape", "n,,n=us=2Der,r=abc", ErrMalformedRequest},
		{"trailing =", "n,,n=user=,r=abc", ErrMalformedRequest},
		{"NUL in username", "n,,n=us\x00er,r=abc", ErrMalformedRequest},
		{"username PRECIS refuses", "n,,n=us er,r=abc", ErrMalformedRequest},
		{"nonce with space", "n,,n=user,r=a c", ErrMalformedRequest},
		{"nonce too long", "n,,n=user,r=" + strings.Repeat("a", maxNonce+1), ErrMalformedRequest},
		{"too many attributes", "n,,n=user,r=abc" + strings.Repeat(",x=1", maxAttrs), ErrMalformedRequest},
		{"attribute without =", "n,,n=user,r=abc,xyz", ErrMalformedRequest},
		{"unknown user", "n,,n=nobody,r=abc", ""}, // not yet: refused at the proof
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := scramServerAt(t, false).Step([]byte(tt.msg))
			if got := ConditionOf(err); got != tt.want {
				t.Fatalf("condition %q, want %q (%v)", got, tt.want, err)
			}
		})
	}
}

func TestBadInput_ServerClientFinal(t *testing.T) {
	v := vectors[0]
	r := "r=" + v.clientNonce + v.serverNonce
	good := v.clientFinal
	tests := []struct {
		name string
		msg  string
		want Condition
	}{
		{"valid", good, ""},
		{"extension ignored", "c=biws," + r + ",x=ext,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", ErrNotAuthorized}, // signed: proof no longer matches
		{"wrong proof", "c=biws," + r + ",p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=", ErrNotAuthorized},
		{"short proof", "c=biws," + r + ",p=AAAA", ErrMalformedRequest},
		{"long proof", "c=biws," + r + ",p=" + strings.Repeat("A", 100), ErrMalformedRequest},
		{"proof not last", "c=biws,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=," + r, ErrMalformedRequest},
		{"no proof", "c=biws," + r, ErrMalformedRequest},
		{"wrong nonce", "c=biws,r=" + v.clientNonce + ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", ErrMalformedRequest},
		{"gs2 header changed", "c=eSws," + r + ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", ErrNotAuthorized}, // "y,,"
		{"binding data added", "c=biwsAAAA," + r + ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", ErrNotAuthorized},
		{"base64 with newline", "c=bi\nws," + r + ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", ErrMalformedRequest},
		{"base64 unpadded", "c=biws," + r + ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts", ErrMalformedRequest},
		{"NUL", "c=biws," + r + ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=\x00", ErrMalformedRequest},
		{"empty", "", ErrMalformedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, done, err := scramServerAt(t, true).Step([]byte(tt.msg))
			if got := ConditionOf(err); got != tt.want || done != (tt.want == "") {
				t.Fatalf("condition %q done %v, want %q (%v)", got, done, tt.want, err)
			}
		})
	}
}

func TestBadInput_ServerAfterEnd(t *testing.T) {
	s := scramServerAt(t, true)
	if _, done, err := s.Step([]byte(vectors[0].clientFinal)); !done || err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Step([]byte("again")); !errors.Is(err, ErrUnexpectedStep) || ConditionOf(err) != ErrMalformedRequest {
		t.Fatalf("step after success: %v", err)
	}
	s = scramServerAt(t, false)
	s.Step([]byte("garbage"))
	if _, _, err := s.Step([]byte(vectors[0].clientFirst)); !errors.Is(err, ErrUnexpectedStep) {
		t.Fatalf("step after failure: %v", err)
	}
}

// scramClientAt returns the RFC 5802 client after Start.
func scramClientAt(t *testing.T, cfg ClientConfig) Client {
	t.Helper()
	cfg.Username, cfg.Password, cfg.nonce = "user", "pencil", vectors[0].clientNonce
	c := mustClient(t, ScramSHA1, cfg, vectors[0].neg)
	if _, err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBadInput_ClientServerFirst(t *testing.T) {
	r := "r=" + vectors[0].clientNonce
	tests := []struct {
		name string
		msg  string
		cfg  ClientConfig
		want error
	}{
		{"valid", vectors[0].serverFirst, ClientConfig{}, nil},
		{"unknown extension ignored", vectors[0].serverFirst + ",z=zz", ClientConfig{}, nil},
		{"nonce not extended", r + ",s=QSXCR+Q6sek8bf92,i=4096", ClientConfig{}, ErrServerMessage},
		{"other nonce", "r=abcdefghijklmnopqrstuvwxyz0123456789,s=QSXCR+Q6sek8bf92,i=4096", ClientConfig{}, ErrServerMessage},
		{"mandatory extension", "m=x," + r + "X,s=QSXCR+Q6sek8bf92,i=4096", ClientConfig{}, ErrServerMessage},
		{"low iteration count", r + "X,s=QSXCR+Q6sek8bf92,i=4095", ClientConfig{}, ErrIterationCount},
		{"low count allowed", r + "X,s=QSXCR+Q6sek8bf92,i=1", ClientConfig{MinIterations: 1, InsecureLowIterations: true}, nil},
		{"huge iteration count", r + "X,s=QSXCR+Q6sek8bf92,i=2000000000", ClientConfig{}, ErrIterationCount},
		{"above own cap", r + "X,s=QSXCR+Q6sek8bf92,i=5000", ClientConfig{MaxIterations: 4999}, ErrIterationCount},
		{"count overflow digits", r + "X,s=QSXCR+Q6sek8bf92,i=99999999999", ClientConfig{}, ErrServerMessage},
		{"count leading zero", r + "X,s=QSXCR+Q6sek8bf92,i=04096", ClientConfig{}, ErrServerMessage},
		{"count negative", r + "X,s=QSXCR+Q6sek8bf92,i=-1", ClientConfig{}, ErrServerMessage},
		{"salt not base64", r + "X,s=not*base64,i=4096", ClientConfig{}, ErrServerMessage},
		{"salt too long", r + "X,s=" + strings.Repeat("AAAA", maxSalt) + ",i=4096", ClientConfig{}, ErrServerMessage},
		{"missing salt", r + "X,i=4096", ClientConfig{}, ErrServerMessage},
		{"wrong XEP-0474 hash", vectors[0].serverFirst + ",h=AAAAAAAAAAAAAAAAAAAAAAAAAAA=", ClientConfig{}, ErrDowngrade},
		{"two XEP-0474 hashes", vectors[0].serverFirst + ",h=a,h=b", ClientConfig{}, ErrServerMessage},
		{"server error instead", "e=other-error", ClientConfig{}, ErrServerMessage},
		{"empty", "", ClientConfig{}, ErrServerMessage},
		{"not UTF-8", vectors[0].serverFirst + ",z=\xff", ClientConfig{}, ErrServerMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scramClientAt(t, tt.cfg).Step([]byte(tt.msg))
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestBadInput_ClientServerFinal(t *testing.T) {
	tests := []struct {
		name string
		msg  string // nil-like: "-" means Finish without data
		want error
	}{
		{"valid", vectors[0].serverFinal, nil},
		{"valid with extension", vectors[0].serverFinal + ",z=1", nil},
		{"missing (success without data)", "-", ErrServerSignature},
		{"wrong signature", "v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=", ErrServerSignature},
		{"truncated signature", "v=rmF9pqV8S7suAoZWja4dJRkF", ErrServerSignature},
		{"server error", "e=invalid-proof", ErrServerError},
		{"unknown attribute", "x=1", ErrServerMessage},
		{"garbage", "\x00\x01", ErrServerMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scramClientAt(t, ClientConfig{})
			if _, err := c.Step([]byte(vectors[0].serverFirst)); err != nil {
				t.Fatal(err)
			}
			var data []byte
			if tt.msg != "-" {
				data = []byte(tt.msg)
			}
			err := Finish(c, data)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if c.Done() != (tt.want == nil) {
				t.Fatalf("Done = %v", c.Done())
			}
		})
	}
}

func TestBadInput_ClientOutOfOrder(t *testing.T) {
	c := scramClientAt(t, ClientConfig{})
	if _, err := c.Start(); !errors.Is(err, ErrUnexpectedStep) {
		t.Fatalf("second Start: %v", err)
	}
	if _, err := c.Step([]byte(vectors[0].serverFirst)); !errors.Is(err, ErrUnexpectedStep) {
		t.Fatalf("Step after failure: %v", err)
	}
}
