package xmpptest

import (
	"encoding/xml"
	"strings"

	"github.com/canto-im/xmpp/jid"
)

// AcceptLogin plays a server that lets any client in: it reads the stream
// header, offers SASL PLAIN and takes whatever is sent, restarts the
// stream, offers resource binding and binds the client to full. It is for
// tests of the initiating side against a server whose later answers the
// test scripts; the transport must already be secure (or the client
// configured to treat it so).
func (p *Peer) AcceptLogin(full jid.JID) error {
	header := `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='` +
		full.Domainpart() + `' id='scripted' version='1.0'>`
	if _, err := p.ReadHeader(); err != nil {
		return err
	}
	if err := p.Write(header + `<stream:features><mechanisms xmlns='` + nsSASL + `'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`); err != nil {
		return err
	}
	if _, err := p.Expect(nsSASL, "auth"); err != nil {
		return err
	}
	if err := p.Write(`<success xmlns='` + nsSASL + `'/>`); err != nil {
		return err
	}
	p.Reset(p.Conn)
	if _, err := p.ReadHeader(); err != nil {
		return err
	}
	if err := p.Write(header + `<stream:features><bind xmlns='` + nsBind + `'/></stream:features>`); err != nil {
		return err
	}
	iq, err := p.Expect("jabber:client", "iq")
	if err != nil {
		return err
	}
	return p.Write(`<iq type='result' id='` + xmlAttr(iq.Attr("id")) + `'><bind xmlns='` + nsBind + `'><jid>` + xmlAttr(full.String()) + `</jid></bind></iq>`)
}

// xmlAttr escapes s for an attribute value or text content.
func xmlAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
