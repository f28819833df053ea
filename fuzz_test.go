package xmpp_test

import (
	"context"
	"crypto"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// runAgainst feeds input to one side of a session over a pipe, draining
// what the session writes, and fails if the session panics or hangs.
func runAgainst(t *testing.T, input []byte, start func(ctx context.Context, conn net.Conn) (*xmpp.Session, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	a, b := net.Pipe()
	defer a.Close()
	go func() { // the peer: write the input, read and discard the answers
		go func() {
			buf := make([]byte, 4096)
			for {
				if _, err := b.Read(buf); err != nil {
					return
				}
			}
		}()
		_, _ = b.Write(input)
		time.Sleep(20 * time.Millisecond)
		b.Close()
	}()
	s, err := start(ctx, a)
	if err == nil {
		select {
		case <-s.Done():
		case <-ctx.Done():
			t.Fatal("session did not end after its peer went away")
		}
	}
}

var fuzzSeeds = []string{
	clientHeader,
	clientHeader + `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABwdw==</auth>`,
	clientHeader + `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>biwsbj1qdWxpZXQscj1hYmM=</auth>`,
	clientHeader + `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>!!!</auth>`,
	clientHeader + `<iq type='set' id='1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`,
	clientHeader + `<!-- c -->`,
	`<?xml version='1.0'?><!DOCTYPE x>`,
	serverHeader + `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`,
	serverHeader + `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features><challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>cj1hYmMscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==</challenge>`,
	serverHeader + `<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`,
}

// FuzzReceive: whatever a client sends, the receiving side ends cleanly.
func FuzzReceive(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	serverSASL := xmpp.SASLServer(sasl.ServerConfig{Plain: func(u, p string) error { return nil },
		ScramCredentials: func(string, crypto.Hash) (sasl.ScramCredentials, error) {
			return sasl.ScramCredentials{}, sasl.ErrUnknownUser
		}})
	f.Fuzz(func(t *testing.T, input []byte) {
		runAgainst(t, input, func(ctx context.Context, conn net.Conn) (*xmpp.Session, error) {
			return xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), conn,
				xmpp.Config{InsecureAssumeSecure: true}, serverSASL, xmpp.BindResource())
		})
	})
}

// FuzzInitiate: whatever a server sends, the initiating side ends cleanly.
func FuzzInitiate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		runAgainst(t, input, func(ctx context.Context, conn net.Conn) (*xmpp.Session, error) {
			return xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), conn,
				xmpp.Config{InsecureAssumeSecure: true}, xmpp.SASL("", "pw", sasl.Plain, sasl.ScramSHA1), xmpp.BindResource())
		})
	})
}
