package csi_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

const clientHeader = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>`

// TestBadInput drives a server session offering CSI with a scripted client
// and checks the stream error each misuse gets.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bind  bool   // bind before sending raw
		raw   string // what the client sends
		want  stream.Error
		cause string
	}{
		// XEP-0352 §4 advertises CSI after authentication, for a bound
		// client; before binding the client acts on a stream that is not
		// ready (RFC 6120 §4.9.3.12).
		{"active before bind", false, `<active xmlns='urn:xmpp:csi:0'/>`, stream.NotAuthorized, "before resource binding"},
		{"inactive before bind", false, `<inactive xmlns='urn:xmpp:csi:0'/>`, stream.NotAuthorized, "before resource binding"},
		// An element of the namespace that XEP-0352 does not define is a
		// first-level child the server does not support (RFC 6120 §4.9.3.22).
		{"unknown element", true, `<dormant xmlns='urn:xmpp:csi:0'/>`, stream.UnsupportedStanzaType, "dormant"},
		{"unknown after inactive", true, `<inactive xmlns='urn:xmpp:csi:0'/><inactive xmlns='urn:xmpp:csi:0'/><csi xmlns='urn:xmpp:csi:0'/>`, stream.UnsupportedStanzaType, "csi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, done := xmpptest.ReceivePipe(t, csi.Feature())
			authenticate(t, p)
			if tc.bind {
				must(t, p.Write(`<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`))
				_, err := p.Expect("jabber:client", "iq")
				must(t, err)
			}
			must(t, p.Write(tc.raw))
			got, err := p.ExpectStreamError()
			must(t, err)
			if !errors.Is(got, tc.want) {
				t.Fatalf("stream error %v, want %v", got, tc.want)
			}
			select {
			case err := <-done:
				if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.cause) {
					t.Errorf("session error %v, want %v about %q", err, tc.want, tc.cause)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the server session did not end")
			}
		})
	}
}

// authenticate runs PLAIN and the restart, checking that <csi/> is offered
// after authentication only (XEP-0352 §4).
func authenticate(t *testing.T, p *xmpptest.Peer) {
	t.Helper()
	must(t, p.Write(clientHeader))
	_, err := p.ReadHeader()
	must(t, err)
	f, err := p.Expect(stream.NS, "features")
	must(t, err)
	if _, ok := f.Child(csi.NS, "csi"); ok {
		t.Error("<csi/> offered before authentication")
	}
	must(t, p.Write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>`+base64.StdEncoding.EncodeToString([]byte("\x00juliet\x00pw"))+`</auth>`))
	_, err = p.Expect(xmpp.NSSASL, "success")
	must(t, err)
	p.Reset(p.Conn)
	must(t, p.Write(clientHeader))
	_, err = p.ReadHeader()
	must(t, err)
	f, err = p.Expect(stream.NS, "features")
	must(t, err)
	if _, ok := f.Child(csi.NS, "csi"); !ok {
		t.Error("<csi/> not offered after authentication")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
