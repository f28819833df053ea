package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

const nsResume = "urn:example:resume"

// toyResume is an inline feature that resumes a stream (as XEP-0198's
// <resume/> will): the session is bound to the old full JID, and Bind 2,
// listed after it, is skipped.
type toyResume struct{}

func (toyResume) Name() xml.Name { return xmlName(nsResume, "resume") }
func (toyResume) Advertise(_ context.Context, _ *xmpp.Negotiation, w xmlstream.Encoder) error {
	return w.EmptyElement(xmlName(nsResume, "resume"))
}
func (toyResume) Request(context.Context, *xmpp.Negotiation, *xmlstream.Element) (xmlstream.Marshaler, error) {
	return xmlstream.EmptyElement{Name: xmlName(nsResume, "resume")}, nil
}
func (toyResume) Process(_ context.Context, _ *xmpp.Negotiation, user jid.JID, _ *xmlstream.Element) (xmlstream.Marshaler, xmpp.FeatureResult, error) {
	full, err := jid.New(user.Localpart(), user.Domainpart(), "resumed")
	return xmlstream.EmptyElement{Name: xmlName(nsResume, "resumed")}, xmpp.FeatureResult{Add: xmpp.Bound, Remote: full}, err
}
func (toyResume) Result(_ context.Context, _ *xmpp.Negotiation, success *xmlstream.Element) (xmpp.FeatureResult, error) {
	if _, ok := success.Child(nsResume, "resumed"); !ok {
		return xmpp.FeatureResult{}, errors.New("not resumed")
	}
	az, _ := success.Child(xmpp.NSSASL2, "authorization-identifier")
	full, err := jid.Parse(az.Text())
	return xmpp.FeatureResult{Add: xmpp.Bound, Local: full}, err
}

// TestSASL2InlineResume: a resumption inline feature listed before Bind 2
// binds the session, and Bind 2 is skipped on both sides.
func TestSASL2InlineResume(t *testing.T) {
	w := newFastWorld(t)
	server := w.serverFeatures(func(c *xmpp.SASL2ServerConfig) { c.Inline = append([]xmpp.SASL2Inline{toyResume{}}, c.Inline...) })
	client := w.clientFeatures("secret", func(c *xmpp.SASL2Config) { c.Inline = append([]xmpp.SASL2Inline{toyResume{}}, c.Inline...) })
	r := w.connect(t, client, server)
	must(t, r.err)
	if got := r.client.LocalAddr().String(); got != "juliet@example.net/resumed" || r.server.RemoteAddr() != r.client.LocalAddr() {
		t.Errorf("client %s, server %s, want the resumed JID", got, r.server.RemoteAddr())
	}
	if i := info(t, r.client); len(i.Enabled) != 0 || len(i.Inline) != 1 || i.Inline[0] != nsResume {
		t.Errorf("client negotiated %v, enabled %v; want the resumption only", i.Inline, i.Enabled)
	}
}
