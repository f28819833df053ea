package xmpptest

import (
	"encoding/base64"
	"fmt"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// ClientHeader opens a client stream to example.net, as a scripted client
// sends it.
const ClientHeader = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>`

const (
	nsSASL = "urn:ietf:params:xml:ns:xmpp-sasl"
	nsBind = "urn:ietf:params:xml:ns:xmpp-bind"
)

// LoginPlain plays a client through the stream header and SASL PLAIN as
// user, then the stream restart, and returns the features offered after
// it. It is for tests of the receiving side; the transport must already be
// secure (or the session configured to treat it so).
func (p *Peer) LoginPlain(user, password string) (*xmlstream.Element, error) {
	if _, err := p.open(); err != nil {
		return nil, err
	}
	auth := base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + password))
	if err := p.Write(`<auth xmlns='` + nsSASL + `' mechanism='PLAIN'>` + auth + `</auth>`); err != nil {
		return nil, err
	}
	if _, err := p.Expect(nsSASL, "success"); err != nil {
		return nil, err
	}
	p.Reset(p.Conn)
	return p.open()
}

// Bind binds a server-chosen resource and returns the response.
func (p *Peer) Bind() (*xmlstream.Element, error) {
	if err := p.Write(`<iq type='set' id='bind-1'><bind xmlns='` + nsBind + `'/></iq>`); err != nil {
		return nil, err
	}
	iq, err := p.Expect("jabber:client", "iq")
	if err == nil && iq.Attr("type") != "result" {
		err = fmt.Errorf("xmpptest: binding answered with type %q", iq.Attr("type"))
	}
	return iq, err
}

// open writes ClientHeader and reads the peer's header and features.
func (p *Peer) open() (*xmlstream.Element, error) {
	if err := p.Write(ClientHeader); err != nil {
		return nil, err
	}
	if _, err := p.ReadHeader(); err != nil {
		return nil, err
	}
	return p.Expect(stream.NS, "features")
}
