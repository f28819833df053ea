package main

import (
	"crypto/tls"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

// alice is the account the scripted servers log in.
var alice = jid.MustParse("alice@localhost/x")

// scriptedServer is a direct-TLS server that logs one client in as alice
// (xmpptest.Peer.AcceptLogin) and then plays script; ca is the file of the
// certificate to trust.
func scriptedServer(t *testing.T, script func(p *xmpptest.Peer)) (addr, ca string) {
	t.Helper()
	cert, _, err := xmpptest.Certificate("localhost")
	if err != nil {
		t.Fatal(err)
	}
	ca = filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", xmpptest.ServerTLS(cert))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		conn, err := ln.Accept()
		if err != nil {
			script(nil)
			return
		}
		defer conn.Close()
		p := xmpptest.NewPeer(conn)
		if p.AcceptLogin(alice) != nil {
			script(nil)
			return
		}
		script(p)
	}()
	return ln.Addr().String(), ca
}

// fakeServer is a scripted server that answers the client's first stanza
// with the stream error serr.
func fakeServer(t *testing.T, serr string) (addr, ca string) {
	return scriptedServer(t, func(p *xmpptest.Peer) {
		if p == nil {
			return
		}
		if _, err := p.Expect("jabber:client", "message"); err != nil {
			return
		}
		if p.Write(serr+stream.CloseTag) != nil {
			return
		}
		_, _ = p.Read() // until the client closes
	})
}

// TestInterop_SendStreamErrorOnClose: issue 18. A server that answers the
// message with a stream error makes send fail (exit 1), not succeed.
func TestInterop_SendStreamErrorOnClose(t *testing.T) {
	addr, ca := fakeServer(t, `<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`)
	r := runCmd(t, "", "send", "-jid", "alice@localhost", "-password", "x", "-server", addr, "-direct-tls", "-ca", ca, "-timeout", "5s", "bob@localhost", "hi")
	if r.code != exitError || !strings.Contains(r.stderr, "policy-violation") {
		t.Errorf("exit %d, stderr %s; want 1 and the stream error", r.code, r.stderr)
	}
}
