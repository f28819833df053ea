package sasl

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"testing"
)

// TestHT runs the HT exchange (draft-schmaus-kitten-sasl-ht-09 §3) for
// each binding, and the ways it must fail.
func TestHT(t *testing.T) {
	token := []byte("WXZzciBwYmFmdmZnZiBqdmd1IGp2eXFhcmZm")
	cb := map[string][]byte{TLSExporter: bytes.Repeat([]byte{1}, 32), TLSServerEndPoint: bytes.Repeat([]byte{2}, 32), TLSUnique: bytes.Repeat([]byte{3}, 12)}
	neg := Negotiation{bindings: cb}
	other := Negotiation{bindings: map[string][]byte{TLSExporter: bytes.Repeat([]byte{9}, 32), TLSServerEndPoint: cb[TLSServerEndPoint], TLSUnique: cb[TLSUnique]}}
	for _, tc := range []struct {
		name      string
		mech      string
		serverTok []byte
		serverNeg Negotiation
		wantErr   error
	}{
		{"none", HTSHA256None, token, neg, nil},
		{"exporter", HTSHA256Expr, token, neg, nil},
		{"end-point", HTSHA256Endp, token, neg, nil},
		{"unique", HTSHA256Uniq, token, neg, nil},
		{"sha-512", HTSHA512Expr, token, neg, nil},
		{"wrong token", HTSHA256None, []byte("other"), neg, ErrNotAuthorized},
		// A man in the middle terminating TLS has another exporter.
		{"other channel", HTSHA256Expr, token, other, ErrNotAuthorized},
		// -NONE does not bind: the other channel does not matter.
		{"none on other channel", HTSHA256None, token, other, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewHTClient(tc.mech, "juliet", token, neg)
			if err != nil {
				t.Fatal(err)
			}
			msg, err := c.Start()
			if err != nil {
				t.Fatal(err)
			}
			user, proof, err := ParseHTInitiator(msg)
			if err != nil || user != "juliet" {
				t.Fatalf("parsed %q, %v", user, err)
			}
			resp, err := VerifyHT(tc.mech, tc.serverTok, proof, tc.serverNeg)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("server: %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if err := Finish(c, resp); err != nil {
				t.Fatalf("client refused the responder message: %v", err)
			}
		})
	}
}

// TestHTVector checks the -NONE messages against HMAC-SHA-256 computed
// directly from the draft's definitions.
func TestHTVector(t *testing.T) {
	token := []byte("secret-token")
	c, err := NewHTClient(HTSHA256None, "user", token, Negotiation{})
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := c.Start()
	mac := hmac.New(sha256.New, token)
	mac.Write([]byte("Initiator"))
	if want := append([]byte("user\x00"), mac.Sum(nil)...); !bytes.Equal(msg, want) {
		t.Errorf("initiator message %x, want %x", msg, want)
	}
	if _, err := c.Step([]byte("forged")); !errors.Is(err, ErrServerSignature) {
		t.Errorf("forged responder message: %v", err)
	}
}

func TestBadInput_HT(t *testing.T) {
	for _, msg := range []string{"", "\x00proof", "user\x00", "user", "\xff\xfe\x00proof"} {
		if _, _, err := ParseHTInitiator([]byte(msg)); !errors.Is(err, ErrMalformedRequest) {
			t.Errorf("%q: %v", msg, err)
		}
	}
	for _, name := range []string{"HT-MD5-NONE", "HT-SHA-256", "HT-SHA-256-XXXX", "SCRAM-SHA-1"} {
		if IsHT(name) {
			t.Errorf("%s taken for an HT mechanism", name)
		}
		if _, err := NewHTClient(name, "u", []byte("t"), Negotiation{}); err == nil {
			t.Errorf("%s: client built", name)
		}
	}
	// Channel binding needs TLS.
	if _, err := NewHTClient(HTSHA256Expr, "u", []byte("t"), Negotiation{}); !errors.Is(err, ErrChannelBinding) {
		t.Errorf("EXPR without TLS: %v", err)
	}
}

func FuzzHTInitiator(f *testing.F) {
	f.Add([]byte("juliet\x00proof"))
	f.Add([]byte("\x00"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		user, proof, err := ParseHTInitiator(msg)
		if err != nil {
			return
		}
		if user == "" || len(proof) == 0 {
			t.Fatalf("accepted %q", msg)
		}
		if _, err := VerifyHT(HTSHA256None, []byte("token"), proof, Negotiation{}); err == nil && !bytes.Equal(msg[len(user)+1:], proof) {
			t.Fatal("proof not the message's tail")
		}
	})
}
