package main

import (
	"crypto/tls"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

const fakeHeader = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='f1' version='1.0'>`

// fakeServer is a scripted direct-TLS server that logs one client in with
// PLAIN and answers its first stanza with the stream error serr.
func fakeServer(t *testing.T, serr string) (addr, ca string) {
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
			return
		}
		defer conn.Close()
		script(xmpptest.NewPeer(conn), conn, serr)
	}()
	return ln.Addr().String(), ca
}

func script(p *xmpptest.Peer, conn net.Conn, serr string) {
	var bindID string
	steps := []func() error{
		func() error { _, err := p.ReadHeader(); return err },
		func() error {
			return p.Write(fakeHeader + `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`)
		},
		func() error { _, err := p.Expect(xmpp.NSSASL, "auth"); return err },
		func() error { return p.Write(`<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`) },
		func() error { p.Reset(conn); _, err := p.ReadHeader(); return err },
		func() error {
			return p.Write(fakeHeader + `<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>`)
		},
		func() error {
			el, err := p.Expect("jabber:client", "iq")
			if err == nil {
				bindID = el.Attr("id")
			}
			return err
		},
		func() error {
			return p.Write(`<iq type='result' id='` + bindID + `'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/x</jid></bind></iq>`)
		},
		func() error { _, err := p.Expect("jabber:client", "message"); return err },
		func() error { return p.Write(serr + stream.CloseTag) },
	}
	for _, step := range steps {
		if step() != nil {
			return
		}
	}
	_, _ = p.Read() // until the client closes
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
