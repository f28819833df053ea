package xmpp_test

import (
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
)

// TestSASLAndSASL2OfferTheirOwn: a server offering SASL and SASL2 with
// different mechanisms negotiates each with its own. SASL keeps its offer
// for its Negotiate in the round; SASL2, which works its offer out
// through SASL's code with its own configuration, must not get that one
// (it would refuse SCRAM here as not offered).
func TestSASLAndSASL2OfferTheirOwn(t *testing.T) {
	w := newFastWorld(t)
	rfc := w.accounts.ServerConfig()
	rfc.Mechanisms = []string{sasl.Plain}
	server := []xmpp.StreamFeature{
		xmpp.SASL2Server(xmpp.SASL2ServerConfig{SASL: w.accounts.ServerConfig()}),
		xmpp.SASLServer(rfc),
		xmpp.BindResource(),
	}
	r := w.connect(t, []xmpp.StreamFeature{xmpp.SASL2(xmpp.SASL2Config{SASL: sasl.ClientConfig{Password: "secret"}}), xmpp.BindResource()}, server)
	must(t, r.err)
	if i := info(t, r.client); i.Mechanism != sasl.ScramSHA512Plus && i.Mechanism != sasl.ScramSHA256Plus {
		t.Errorf("SASL2 used %s, want a SCRAM -PLUS mechanism", i.Mechanism)
	}
}
