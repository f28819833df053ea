package sasl

import (
	"crypto"
	"crypto/tls"
	"errors"
	"fmt"
	"testing"

	"github.com/xdg-go/scram"
)

// github.com/xdg-go/scram, an independent SCRAM implementation, is the
// oracle here: ours as client against it as server, and the reverse.

var oracleHashes = []struct {
	mech string
	hash crypto.Hash
	gen  scram.HashGeneratorFcn
}{
	{ScramSHA1, crypto.SHA1, scram.SHA1},
	{ScramSHA256, crypto.SHA256, scram.SHA256},
	{ScramSHA512, crypto.SHA512, scram.SHA512},
}

// oracleBinding derives the oracle's binding data of type cb. It reads the
// server's certificate from the client's state, where Go exposes it.
func oracleBinding(t *testing.T, cb string, clientState *tls.ConnectionState) scram.ChannelBinding {
	t.Helper()
	var b scram.ChannelBinding
	var err error
	switch cb {
	case TLSExporter:
		b, err = scram.NewTLSExporterBinding(clientState)
	case TLSServerEndPoint:
		b, err = scram.NewTLSServerEndpointBinding(clientState)
	case TLSUnique:
		b = scram.NewTLSUniqueBinding(clientState.TLSUnique)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type oracleCase struct {
	name string
	v    uint16
	cb   string // "" for no channel binding
}

// oracleCases lists, per TLS version, no channel binding and every type.
func oracleCases() []oracleCase {
	var out []oracleCase
	for _, tv := range tlsVersions {
		out = append(out, oracleCase{tv.name + "/none", tv.v, ""})
		for _, cb := range tv.want {
			out = append(out, oracleCase{tv.name + "/" + cb, tv.v, cb})
		}
	}
	return out
}

func TestOracleServer(t *testing.T) {
	serverCert := newCert(t, ecdsaP256, "example.net")
	for _, oh := range oracleHashes {
		for _, oc := range oracleCases() {
			cb := oc.cb
			t.Run(oh.mech+"/"+oc.name, func(t *testing.T) {
				l := dialTLS(t, oc.v, serverCert, nil)
				cneg, _ := l.states()
				mech := oh.mech
				srv := oracleServer(t, oh.gen)
				conv := srv.NewConversation()
				cneg.Mechanisms = []string{mech}
				if cb != "" {
					mech += "-PLUS"
					cneg.Mechanisms = []string{oh.mech, mech}
					cneg.ChannelBindings = []string{cb}
					conv = srv.NewConversationWithChannelBinding(oracleBinding(t, cb, cneg.TLS))
				}
				c := mustClient(t, mech, testClientConfig, cneg)
				if err := againstOracleServer(c, conv); err != nil {
					t.Fatal(err)
				}
				if !conv.Valid() || conv.Username() != "juliet" {
					t.Fatalf("oracle: valid %v, username %q", conv.Valid(), conv.Username())
				}
			})
		}
	}
}

// oracleServer knows juliet:r0m3o, with keys the oracle derives itself.
func oracleServer(t *testing.T, gen scram.HashGeneratorFcn) *scram.Server {
	t.Helper()
	oc, err := gen.NewClient("juliet", "r0m3o", "")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := oc.GetStoredCredentialsWithError(scram.KeyFactors{Salt: "NaCl-oracle-salt", Iters: testIterations})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := gen.NewServer(func(u string) (scram.StoredCredentials, error) {
		if u != "juliet" {
			return scram.StoredCredentials{}, errors.New("unknown user")
		}
		return stored, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func againstOracleServer(c Client, conv *scram.ServerConversation) error {
	msg, err := c.Start()
	if err != nil {
		return err
	}
	for range 4 {
		resp, err := conv.Step(string(msg))
		if err != nil {
			return fmt.Errorf("oracle server: %w (%q)", err, resp)
		}
		if conv.Done() {
			return Finish(c, []byte(resp))
		}
		if msg, err = c.Step([]byte(resp)); err != nil {
			return err
		}
	}
	return errors.New("no end")
}

func TestOracleClient(t *testing.T) {
	serverCert := newCert(t, ecdsaP256, "example.net")
	scfg := testServerConfig(t)
	for _, oh := range oracleHashes {
		for _, oc := range oracleCases() {
			cb := oc.cb
			t.Run(oh.mech+"/"+oc.name, func(t *testing.T) {
				l := dialTLS(t, oc.v, serverCert, nil)
				cneg, sneg := l.states()
				offer := scfg.Advertise(sneg)
				client, err := oh.gen.NewClient("juliet", "r0m3o", "")
				if err != nil {
					t.Fatal(err)
				}
				mech, conv := oh.mech, client.NewConversation()
				if cb != "" {
					mech += "-PLUS"
					conv = client.NewConversationWithChannelBinding(oracleBinding(t, cb, cneg.TLS))
				}
				s := mustServer(t, mech, scfg, offer)
				id, err := againstOracleClient(conv, s)
				if err != nil {
					t.Fatal(err)
				}
				if id.Username != "juliet" || id.ChannelBinding != cb {
					t.Fatalf("identity %+v", id)
				}
			})
		}
	}
}

// againstOracleClient runs the oracle's client against our server; the
// oracle must accept our server-first-message with its XEP-0474 "h"
// attribute (RFC 5802 §5.1: unknown attributes are ignored) and our
// signature.
func againstOracleClient(conv *scram.ClientConversation, s Server) (Identity, error) {
	msg, err := conv.Step("")
	if err != nil {
		return Identity{}, err
	}
	for range 4 {
		chal, done, err := s.Step([]byte(msg))
		if err != nil {
			return Identity{}, err
		}
		resp, err := conv.Step(string(chal))
		if err != nil {
			return Identity{}, fmt.Errorf("oracle client: %w", err)
		}
		if done {
			if !conv.Valid() || resp != "" {
				return Identity{}, errors.New("oracle client did not validate the server")
			}
			return s.Identity(), nil
		}
		msg = resp
	}
	return Identity{}, errors.New("no end")
}

// TestOracleDowngrade: the oracle's client sends "y" (it can bind but saw
// no -PLUS); our server, having offered -PLUS, refuses. And our client,
// sending "y", is refused by the oracle's server that has binding data.
func TestOracleDowngrade(t *testing.T) {
	serverCert := newCert(t, ecdsaP256, "example.net")
	scfg := testServerConfig(t)
	l := dialTLS(t, tls.VersionTLS13, serverCert, nil)
	cneg, sneg := l.states()
	offer := scfg.Advertise(sneg)

	oc, _ := scram.SHA256.NewClient("juliet", "r0m3o", "")
	_, err := againstOracleClient(oc.NewConversationAdvertisingChannelBinding(), mustServer(t, ScramSHA256, scfg, offer))
	if !errors.Is(err, ErrDowngrade) || ConditionOf(err) != ErrNotAuthorized {
		t.Errorf("our server accepted y with -PLUS offered: %v", describe(err))
	}

	cneg.Mechanisms = []string{ScramSHA256} // -PLUS stripped in transit
	c := mustClient(t, ScramSHA256, testClientConfig, cneg)
	srv := oracleServer(t, scram.SHA256)
	conv := srv.NewConversationWithChannelBinding(oracleBinding(t, TLSExporter, cneg.TLS))
	if err := againstOracleServer(c, conv); err == nil || conv.Valid() {
		t.Errorf("oracle server accepted our y with -PLUS offered: %v", err)
	}
}
