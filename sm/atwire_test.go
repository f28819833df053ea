package sm_test

import (
	"context"
	"net"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// taker is a Receiver that takes the messages whose id is "take", as an
// extension that handles some stanzas itself does.
type taker struct{}

var takerKey = xmpp.NewExtensionKey[taker]("taker")

func (taker) Receive(_ *xmpp.Session, el *xmlstream.Element) (bool, error) {
	return el.Name().Local == "message" && el.Attr("id") == "take", nil
}

// h counts every stanza received (XEP-0198 §4), even those a Receiver
// attached before stream management takes: stream management is AtWire,
// so it sees each element first. (Before, it saw only what the earlier
// Receivers left, and answered h=1 here: the peer would send the taken
// stanzas again on resumption.)
func TestCountsStanzasAnotherReceiverTakes(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{AckEvery: -1, AckAfter: -1})
	t.Cleanup(srv.Close)
	features := []xmpp.StreamFeature{
		xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
		xmpp.BindResource(),
		attachFeature{func(n *xmpp.Negotiation) { takerKey.Attach(n, taker{}) }},
		srv.Feature(),
	}
	handled := make(chan struct{}, 4)
	cfg := xmpp.Config{InsecureAssumeSecure: true, Handler: xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error {
		handled <- struct{}{}
		return nil
	})}
	c, s := net.Pipe()
	p, _ := xmpptest.Receive(t, c, s, cfg, features...)
	_, err := p.LoginPlain("juliet", "x")
	must(t, err)
	_, err = p.Bind()
	must(t, err)
	must(t, p.Write(enableRaw))
	_, err = p.Expect(sm.NS, "enabled")
	must(t, err)
	must(t, p.Write(`<message xmlns='jabber:client' id='take'/><message xmlns='jabber:client' id='take'/>`+
		`<message xmlns='jabber:client' id='keep'/><r xmlns='urn:xmpp:sm:3'/>`))
	el, err := p.Expect(sm.NS, "a")
	must(t, err)
	if h := el.Attr("h"); h != "3" {
		t.Errorf("<a h='%s'/>, want h='3'", h)
	}
	<-handled
	select {
	case <-handled:
		t.Error("a message the taker took was handled")
	default:
	}
}
