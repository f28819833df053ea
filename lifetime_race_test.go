//go:build race

package xmpp_test

import (
	"context"
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestRetainedStanzaPoisoned: in race builds, a handler that keeps the
// lent element (or a view into it) past its return reads an empty element,
// every time, while a detached copy is intact.
func TestRetainedStanzaPoisoned(t *testing.T) {
	k := sendOne(t)
	for name, el := range map[string]*xmlstream.Element{"element": k.lent, "child view": k.lentBody} {
		if el.Name() != (xml.Name{}) || el.Attr("id") != "" || el.Text() != "" {
			t.Errorf("retained %s still reads as <%s id=%q>%s", name, el.Name().Local, el.Attr("id"), el.Text())
		}
	}
	var m chat
	if err := k.lent.Decode(&m); err == nil && m.Body == "kept" {
		t.Error("a retained element still decodes")
	}
	if k.detached.Element.Name().Local != "message" {
		t.Error("the detached copy was poisoned too")
	}
}

// retaining wraps a stream feature and keeps the element it is lent.
type retaining struct {
	xmpp.StreamFeature
	got chan *xmlstream.Element
}

func (r retaining) Negotiate(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	select {
	case r.got <- el:
	default:
	}
	return r.StreamFeature.Negotiate(ctx, n, el)
}

// TestRetainedNegotiationElementPoisoned: the same holds for the element a
// stream feature is lent during negotiation.
func TestRetainedNegotiationElementPoisoned(t *testing.T) {
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "secret"}, 4096)
	must(t, err)
	got := make(chan *xmlstream.Element, 1)
	c, s := tcpPair(t)
	ctx := withTimeout(t, 10e9)
	done := make(chan error, 1)
	go func() {
		srv, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), s, xmpp.Config{InsecureAssumeSecure: true},
			retaining{xmpp.SASLServer(accounts.ServerConfig()), got}, xmpp.BindResource())
		if err == nil {
			<-srv.Done()
		}
		done <- err
	}()
	client, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), c, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL("", "secret", "PLAIN"), xmpp.BindResource())
	must(t, err)
	must(t, client.Close(ctx))
	must(t, <-done)
	el := <-got
	if el.Name() != (xml.Name{}) {
		t.Errorf("the <auth/> element kept past Negotiate still reads as <%s/>", el.Name().Local)
	}
}
