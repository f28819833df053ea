package xmpp_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp"
)

// A <failure/> is the server's answer whatever white space it is written
// with: its condition is what the client reports, not the white space
// between its children taken for SASL data that does not decode (RFC 6120
// §6.4.5 gives <failure/> no data).
func TestSASLFailureWithWhiteSpace(t *testing.T) {
	p, done := initiating(t, xmpp.Config{InsecureAssumeSecure: true}, xmpp.SASL("", "pw", "PLAIN"), xmpp.BindResource())
	_, err := p.ReadHeader()
	must(t, err)
	must(t, p.Write(serverHeader+`<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`))
	_, err = p.Expect(xmpp.NSSASL, "auth")
	must(t, err)
	go p.Write("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>\n  <not-authorized/>\n  <text>wrong password</text>\n</failure>")
	err = outcome(t, done)
	var se *xmpp.SASLError
	if !errors.As(err, &se) || !errors.Is(err, errNotAuthorized) || se.Text != "wrong password" {
		t.Fatalf("err = %v, want the SASL not-authorized failure", err)
	}
}
