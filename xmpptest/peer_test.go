package xmpptest_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client session logs in against a Peer playing AcceptLogin and is bound
// to the address the script gives.
func TestPeerAcceptLogin(t *testing.T) {
	cc, sc := net.Pipe()
	defer cc.Close()
	full := jid.MustParse("alice@localhost/scripted")
	scripted := make(chan error, 1)
	go func() {
		p := xmpptest.NewPeer(sc)
		defer p.Close()
		scripted <- p.AcceptLogin(full)
		_, _ = p.Read() // until the client closes
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sess, err := xmpp.NewClientSession(ctx, jid.MustParse("alice@localhost"), cc,
		xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL("", "pw", sasl.Plain), xmpp.BindResource())
	if err != nil {
		t.Fatal(err)
	}
	if err := <-scripted; err != nil {
		t.Fatal(err)
	}
	if got := sess.LocalAddr(); got != full {
		t.Errorf("bound to %v, want %v", got, full)
	}
	_ = sess.Close(ctx)
}
