package sasl

import (
	"context"
	"crypto"
	"crypto/pbkdf2"
	"errors"
	"testing"
	"time"
)

// TestBadInput_PlainDecoySameWork: PLAIN against stored SCRAM credentials
// costs one PBKDF2 for a known user (with the strongest stored hash); an
// unknown user's decoy must cost the same, or the time a wrong password
// takes to be refused tells whether the account exists. The decoy used
// SHA-1 where known users paid for SHA-512.
func TestBadInput_PlainDecoySameWork(t *testing.T) {
	const iterations = 20000
	st := &store{creds: map[string]map[crypto.Hash]ScramCredentials{}}
	m := map[crypto.Hash]ScramCredentials{}
	for _, h := range plainHashes {
		c, err := NewScramCredentials(h, "r0m3o", nil, iterations)
		if err != nil {
			t.Fatal(err)
		}
		m[h] = c
	}
	st.creds["juliet"] = m
	cfg := ServerConfig{ScramCredentials: st.lookup, UnknownUserIterations: iterations}
	kh, kc, kdecoy, err := plainCredentials(cfg, "juliet")
	if err != nil || kdecoy {
		t.Fatalf("known user: decoy %v, err %v", kdecoy, err)
	}
	uh, uc, udecoy, err := plainCredentials(cfg, "romeo")
	if err != nil || !udecoy {
		t.Fatalf("unknown user: decoy %v, err %v", udecoy, err)
	}
	if uh != kh || uc.Iterations != kc.Iterations || len(uc.Salt) != len(kc.Salt) {
		t.Errorf("unknown user checked with %v × %d, known user with %v × %d", uh, uc.Iterations, kh, kc.Iterations)
	}
}

// TestFault_ScramClientDeadline: a hostile server's iteration count must
// not hold the client past its deadline. With the client's cap raised to
// let 10^7 SHA-512 iterations through (seconds of CPU), the step returns
// the context's error at the deadline.
func TestFault_ScramClientDeadline(t *testing.T) {
	cfg := ClientConfig{Username: "user", Password: "pencil", MaxIterations: 100_000_000}
	c := mustClient(t, ScramSHA512, cfg, Negotiation{TLS: tls13, Mechanisms: []string{ScramSHA512}})
	first, err := c.Start()
	if err != nil {
		t.Fatal(err)
	}
	nonce := string(first[len("n,,n=user,r="):])
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = StepContext(ctx, c, []byte("r="+nonce+"srv,s=QSXCR+Q6sek8bf92,i=10000000"))
	if took := time.Since(start); took > time.Second {
		t.Errorf("step returned after %v, deadline 100ms", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	if _, err := c.Step(nil); err == nil {
		t.Error("the exchange goes on after a cancelled step")
	}
}

// TestBadInput_ScramClientDefaultMaxIterations: by default the client
// refuses counts far beyond what servers use, before any work.
func TestBadInput_ScramClientDefaultMaxIterations(t *testing.T) {
	for _, i := range []string{"100001", "1000000", "10000000"} {
		c := scramClientAt(t, ClientConfig{})
		start := time.Now()
		_, err := c.Step([]byte("r=" + vectors[0].clientNonce + "X,s=QSXCR+Q6sek8bf92,i=" + i))
		if !errors.Is(err, ErrIterationCount) {
			t.Errorf("i=%s: err = %v, want ErrIterationCount", i, err)
		}
		if took := time.Since(start); took > 100*time.Millisecond {
			t.Errorf("i=%s: refused after %v", i, took)
		}
	}
}

// TestHiContextMatchesPBKDF2: the cancellable derivation computes what
// crypto/pbkdf2 computes, around the chunk boundaries too.
func TestHiContextMatchesPBKDF2(t *testing.T) {
	salt := []byte("NaCl and pepper")
	for _, h := range plainHashes {
		for _, n := range []int{1, 2, pbkdf2Chunk - 1, pbkdf2Chunk, pbkdf2Chunk + 1, 3*pbkdf2Chunk + 7} {
			got, err := hiContext(context.Background(), h, "pencil", salt, n)
			if err != nil {
				t.Fatal(err)
			}
			want, err := pbkdf2.Key(newHash(h), "pencil", salt, n, h.Size())
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("%v × %d: differs from crypto/pbkdf2", h, n)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := hiContext(ctx, crypto.SHA256, "pencil", salt, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// TestServerFailedHook: ServerConfig.Failed hears of every failed exchange
// once, with the username the client gave, before Step returns.
func TestServerFailedHook(t *testing.T) {
	st := newStore(t, "juliet", "r0m3o")
	type call struct {
		user string
		err  error
	}
	tests := []struct {
		name, mech string
		client     ClientConfig
		want       call
	}{
		{"PLAIN wrong password", Plain, ClientConfig{Username: "juliet", Password: "wrong"}, call{"juliet", ErrNotAuthorized}},
		{"PLAIN unknown user", Plain, ClientConfig{Username: "Romeo", Password: "r0m3o"}, call{"romeo", ErrNotAuthorized}},
		{"SCRAM wrong password", ScramSHA256, ClientConfig{Username: "juliet", Password: "wrong"}, call{"juliet", ErrNotAuthorized}},
		{"SCRAM unknown user", ScramSHA256, ClientConfig{Username: "romeo", Password: "r0m3o"}, call{"romeo", ErrNotAuthorized}},
		{"success", ScramSHA256, ClientConfig{Username: "juliet", Password: "r0m3o"}, call{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []call
			scfg := ServerConfig{ScramCredentials: st.lookup, UnknownUserIterations: testIterations,
				Failed: func(user string, err error) { calls = append(calls, call{user, err}) }}
			neg := Negotiation{TLS: tls13, Mechanisms: []string{tt.mech}}
			tt.client.Mechanisms = []string{tt.mech}
			_, _ = exchange(mustClient(t, tt.mech, tt.client, neg), mustServer(t, tt.mech, scfg, neg))
			switch {
			case tt.want.err == nil && len(calls) != 0:
				t.Errorf("Failed called on success: %v", calls)
			case tt.want.err == nil:
			case len(calls) != 1:
				t.Errorf("Failed called %d times, want once", len(calls))
			case calls[0].user != tt.want.user || !errors.Is(calls[0].err, tt.want.err):
				t.Errorf("Failed(%q, %v), want (%q, %v)", calls[0].user, calls[0].err, tt.want.user, tt.want.err)
			}
		})
	}
}
