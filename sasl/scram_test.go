package sasl

import (
	"errors"
	"testing"
)

// TestScramIdentities runs SCRAM-SHA-256 end to end with names that need
// escaping, an authorization identity, case mapping and wrong passwords.
func TestScramIdentities(t *testing.T) {
	st := newStore(t, "ju,li=et", "r0m3o", "juliet", "pass\u00a0word")
	scfg := ServerConfig{ScramCredentials: st.lookup}
	neg := Negotiation{Mechanisms: []string{ScramSHA256}}
	tests := []struct {
		name string
		cfg  ClientConfig
		want Identity
		err  Condition
	}{
		{"escaped username", ClientConfig{Username: "ju,li=et", Password: "r0m3o"}, Identity{Username: "ju,li=et"}, ""},
		{"authzid with comma", ClientConfig{Username: "juliet", Password: "pass word", Authzid: "a,b=c@example.net"},
			Identity{Username: "juliet", Authzid: "a,b=c@example.net"}, ""},
		{"case and width mapped", ClientConfig{Username: "ＪＵＬＩＥＴ", Password: "pass\u2000word"}, Identity{Username: "juliet"}, ""},
		{"wrong password", ClientConfig{Username: "juliet", Password: "password"}, Identity{}, ErrNotAuthorized},
		{"unknown user", ClientConfig{Username: "romeo", Password: "r0m3o"}, Identity{}, ErrNotAuthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustClient(t, ScramSHA256, tt.cfg, neg)
			id, err := exchange(c, mustServer(t, ScramSHA256, scfg, neg))
			if ConditionOf(err) != tt.err && !(tt.err == "" && err == nil) || id != tt.want {
				t.Fatalf("identity %+v, err %v", id, describe(err))
			}
			if c.Done() != (tt.err == "") {
				t.Fatalf("client Done = %v", c.Done())
			}
		})
	}
}

// TestScramFlows covers the RFC 6120 variants: no initial response (the
// server sends an empty challenge first), and the server-final-message sent
// as a challenge with an empty response and a success without data.
func TestScramFlows(t *testing.T) {
	scfg := ServerConfig{ScramCredentials: newStore(t, "juliet", "r0m3o").lookup}
	neg := Negotiation{Mechanisms: []string{ScramSHA1}}
	c := mustClient(t, ScramSHA1, ClientConfig{Username: "juliet", Password: "r0m3o"}, neg)
	s := mustServer(t, ScramSHA1, scfg, neg)

	empty, done, err := s.Step(nil) // <auth/> without initial response
	if err != nil || done || empty == nil || len(empty) != 0 {
		t.Fatalf("first challenge %q, %v, %v", empty, done, err)
	}
	first, _ := c.Start()
	serverFirst, _, err := s.Step(first)
	if err != nil {
		t.Fatal(err)
	}
	final, err := c.Step(serverFirst)
	if err != nil {
		t.Fatal(err)
	}
	serverFinal, done, err := s.Step(final)
	if err != nil || !done {
		t.Fatal(err)
	}
	resp, err := c.Step(serverFinal) // sent as <challenge/>
	if err != nil || len(resp) != 0 || !c.Done() {
		t.Fatalf("response to server-final %q, %v", resp, err)
	}
	if err := Finish(c, nil); err != nil { // <success/> without data
		t.Fatal(err)
	}
	if err := Finish(c, serverFinal); !errors.Is(err, ErrUnexpectedStep) {
		t.Fatalf("server-final twice: %v", err)
	}
}

func TestFinishNonScram(t *testing.T) {
	c := mustClient(t, Anonymous, ClientConfig{}, Negotiation{})
	if err := Finish(c, nil); !errors.Is(err, ErrUnexpectedStep) {
		t.Fatalf("success before Start: %v", err)
	}
	c.Start()
	if err := Finish(c, nil); err != nil {
		t.Fatal(err)
	}
	if err := Finish(c, []byte("data")); !errors.Is(err, ErrUnexpectedStep) {
		t.Fatalf("success data for ANONYMOUS: %v", err)
	}
}
